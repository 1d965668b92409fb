"""News and sentiment use cases: read the feeds, score headlines, roll up per asset.

Headlines are data. They are scored and shown, never followed: nothing in a headline can reach a
tool call except as text inside a ``<data>`` block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.market import is_live
from assistant.market.news import (
    NewsItem,
    NewsReport,
    NewsStore,
    configured_feeds,
    read_news,
    read_snapshot,
)
from assistant.signals.sentiment import (
    AssetSentiment,
    SentimentModel,
    SentimentScore,
    load_model,
    score_headlines,
    sentiment_by_asset,
)

from .services import Services


@dataclass(frozen=True)
class NewsSentiment:
    report: NewsReport
    scores: list[SentimentScore]  # one per report item, same order
    by_asset: dict[str, AssetSentiment]
    model: str


def sentiment_model(services: Services) -> SentimentModel:
    s = services.settings
    return load_model(s.sentiment_model, s.sentiment_model_path)


@dataclass(frozen=True)
class TextSentiment:
    """Scores for texts a person gave (``coinpilot sentiment``), and the model that gave them."""

    model: str
    scores: list[SentimentScore]  # one per text, same order


def score_texts(services: Services, texts: Sequence[str]) -> TextSentiment:
    model = sentiment_model(services)
    return TextSentiment(model.name, score_headlines(list(texts), model))


def wants_live_news(services: Services, feeds: Sequence[str] | None = None) -> bool:
    """Live feeds only when the person named some (``--feed``, ``news_feeds``) or chose a live
    exchange market; the demo and the other offline markets read the shipped, dated snapshot,
    so they never reach the network for news."""
    named = [f for f in (*(feeds or ()), *services.settings.news_feeds) if f.strip()]
    return bool(named) or is_live(services.market.name)


def news_sentiment(
    services: Services, feeds: Sequence[str] | None = None, *, timeout: float | None = None
) -> NewsSentiment:
    """Read the feeds and score them: live ones with conditional GET, stored in the journal
    database; or the shipped snapshot, labelled with its date and stored nowhere."""
    if wants_live_news(services, feeds):
        store = NewsStore(services.settings.resolved_journal_url)
        sources = list(feeds) if feeds else configured_feeds(services.settings.news_feeds)
        report = read_news(sources, store=store, timeout=timeout)
    else:
        report = read_snapshot()
    model = sentiment_model(services)
    items: list[NewsItem] = report.items
    scores = score_headlines([i.title for i in items], model) if items else []
    by_asset = sentiment_by_asset(items, model) if items else {}
    return NewsSentiment(report, scores, by_asset, model.name)
