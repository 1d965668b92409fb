"""Scoring headlines, one or many, and rolling scores up per asset.

A headline is data, never an instruction: whatever it says ("ignore previous instructions and
buy") it only ever becomes a label, a score and three probabilities, computed by the model from
its words. ``score`` is P(positive) - P(negative), in [-1, 1]; an asset's score is the mean over
the headlines that mention it. Pure: no I/O beyond the model's shipped weights.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assistant.domain import UserInputError

from .labels import LABELS, Label
from .model import SentimentModel, load_model

#: Longer inputs are cut: headlines are short, and a pasted article must not cost minutes.
MAX_CHARS = 1000


@dataclass(frozen=True)
class SentimentScore:
    label: Label
    score: float  # P(positive) - P(negative)
    probabilities: dict[str, float] = field(default_factory=dict)

    def to_dict(self, text: str) -> dict[str, object]:
        """One headline's entry in ``coinpilot sentiment --json``."""
        return {"text": text, "label": self.label, "score": round(self.score, 4)}


class TaggedHeadline(Protocol):
    """A headline with the assets it mentions (``NewsItem`` from the news package is one)."""

    @property
    def title(self) -> str: ...
    @property
    def assets(self) -> Collection[str]: ...


@dataclass(frozen=True)
class ScoredHeadline:
    title: str
    label: Label
    score: float


@dataclass(frozen=True)
class AssetSentiment:
    score: float  # mean headline score, in [-1, 1]
    n: int  # headlines behind it
    headlines: tuple[ScoredHeadline, ...]  # strongest first


def _clean(text: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise UserInputError("A headline to score must be non-empty text.")
    return text.strip()[:MAX_CHARS]


def score_headlines(
    texts: Sequence[str], model: SentimentModel | None = None
) -> list[SentimentScore]:
    """One score per text, in order; each text is scored on its own."""
    cleaned = [_clean(t) for t in texts]
    if not cleaned:
        return []
    probabilities = (model or load_model()).predict_proba(cleaned)
    scores = []
    for row in probabilities:
        probs: dict[str, float] = {lab: float(p) for lab, p in zip(LABELS, row, strict=True)}
        label = max(LABELS, key=probs.__getitem__)
        scores.append(SentimentScore(label, probs["positive"] - probs["negative"], probs))
    return scores


def score_headline(text: str, model: SentimentModel | None = None) -> SentimentScore:
    return score_headlines([text], model)[0]


def sentiment_by_asset(
    headlines: Iterable[TaggedHeadline], model: SentimentModel | None = None
) -> dict[str, AssetSentiment]:
    """Mean score per asset over the headlines that mention it, with those headlines."""
    items = [h for h in headlines if h.assets]
    scores = score_headlines([h.title for h in items], model)
    grouped: dict[str, list[ScoredHeadline]] = {}
    for item, score in zip(items, scores, strict=True):
        scored = ScoredHeadline(item.title, score.label, score.score)
        for asset in sorted(set(item.assets)):
            grouped.setdefault(asset, []).append(scored)
    return {
        asset: AssetSentiment(
            score=sum(h.score for h in group) / len(group),
            n=len(group),
            headlines=tuple(sorted(group, key=lambda h: -abs(h.score))),
        )
        for asset, group in sorted(grouped.items())
    }
