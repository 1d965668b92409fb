"""Headline sentiment: text in, labels and scores out (see :mod:`.model` for the models).

Public API::

    score_headline(text, model=None) -> SentimentScore
    score_headlines(texts, model=None) -> list[SentimentScore]
    sentiment_by_asset(headlines, model=None) -> dict[str, AssetSentiment]
    daily_sentiment(headlines, model, assets) -> DataFrame (days x assets)
    load_model(kind="auto", model_path=None) -> SentimentModel
"""

from .daily import DatedHeadline, daily_sentiment
from .labels import LABELS, Label
from .model import LinearSentiment, ModelKind, SentimentModel, load_model
from .scoring import (
    AssetSentiment,
    ScoredHeadline,
    SentimentScore,
    TaggedHeadline,
    score_headline,
    score_headlines,
    sentiment_by_asset,
)

__all__ = [
    "LABELS",
    "AssetSentiment",
    "DatedHeadline",
    "Label",
    "LinearSentiment",
    "ModelKind",
    "ScoredHeadline",
    "SentimentModel",
    "SentimentScore",
    "TaggedHeadline",
    "daily_sentiment",
    "load_model",
    "score_headline",
    "score_headlines",
    "sentiment_by_asset",
]
