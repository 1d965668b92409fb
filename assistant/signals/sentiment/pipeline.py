"""A sentiment model the person supplies: a local transformers text-classification folder.

With the ``ml`` extra and a configured path (for instance a FinBERT copy on disk), headlines go
through ``transformers.pipeline("text-classification")`` with every label's score. The model's own
label names are mapped onto ours by meaning (positive/bullish, negative/bearish, neutral); a model
whose labels cannot be mapped is refused with a message naming them, never guessed. It runs
offline only: HF_HUB_OFFLINE is forced on, and a path that does not exist is an error.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.domain import ConfigError, NotAvailableError

from .embedding import minilm_available
from .labels import LABELS

_ALIASES = {
    "negative": "negative",
    "bearish": "negative",
    "neg": "negative",
    "neutral": "neutral",
    "neu": "neutral",
    "positive": "positive",
    "bullish": "positive",
    "pos": "positive",
}


def _our_label(name: str, id2label: dict[int, str]) -> str | None:
    key = name.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    if key.startswith("label_") and len(id2label) == 3:
        return LABELS[int(key.removeprefix("label_"))]  # the usual neg/neu/pos order
    return None


class TransformersSentiment:
    """Scores with a local transformers classifier; ``predict_proba`` in our label order."""

    def __init__(self, model_path: Path) -> None:
        if not model_path.exists():
            raise ConfigError(
                f"The sentiment model folder {model_path} does not exist.",
                hint="Point the setting at a local transformers model folder, or unset it.",
            )
        if not minilm_available():
            raise NotAvailableError(
                "A local transformers sentiment model needs the ml extra.",
                hint="Install it with: pip install 'coinpilot[ml]'.",
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from transformers import pipeline

        self._pipe: Any = pipeline("text-classification", model=str(model_path), top_k=None)
        config: Any = self._pipe.model.config
        id2label = {int(k): str(v) for k, v in (config.id2label or {}).items()}
        mapped = {name: _our_label(name, id2label) for name in id2label.values()}
        if sorted(v for v in mapped.values() if v) != sorted(LABELS):
            raise ConfigError(
                f"The sentiment model at {model_path} has labels {sorted(mapped)}, which do not "
                "map onto negative/neutral/positive.",
                hint="Use a three-class sentiment model (such as FinBERT), or unset the path.",
            )
        self._mapping = mapped
        self.name = f"transformers:{model_path.name}"

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(LABELS)))
        for row, scores in enumerate(self._pipe(list(texts), truncation=True)):
            for item in scores:
                ours = self._mapping.get(item["label"])
                if ours is not None:
                    out[row, LABELS.index(ours)] = float(item["score"])
        return out
