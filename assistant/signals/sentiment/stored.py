"""Reading and writing the shipped weight files in ``weights/`` (reproducibly, never fetched).

- ``linear.json.gz``: vocabulary, IDF and logistic weights of the n-gram + lexicon model;
- ``token_vectors.bin.gz``: the static MiniLM token table (:mod:`.token_vectors`);
- ``token_head.json.gz``: the logistic regression on those token vectors;
- ``minilm_head.json.gz``: the logistic regression on MiniLM sentence features (``ml`` extra);
- ``minilm_attention.json.gz``: the attention heads on MiniLM token states (``ml`` extra).

Files are written with sorted keys and no gzip timestamp, so a rebuild from the same data gives
the same bytes. A file that is missing or unreadable is a :class:`DataError` saying how to fix it.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from assistant.domain import DataError

from .attention import AttentionEnsemble
from .labels import LABELS
from .linear import LogisticModel
from .token_vectors import TokenVectors

WEIGHTS = "weights"
LINEAR_FILE = "linear.json.gz"
TOKEN_VECTORS_FILE = "token_vectors.bin.gz"
TOKEN_HEAD_FILE = "token_head.json.gz"
HEAD_FILE = "minilm_head.json.gz"
ATTENTION_FILE = "minilm_attention.json.gz"
FORMAT = 1
_HINT = "Reinstall CoinPilot, or rebuild them with scripts/train_sentiment.py."


def _read_bytes(name: str) -> bytes:
    try:
        return resources.files(__package__).joinpath(WEIGHTS, name).read_bytes()
    except OSError as exc:
        raise DataError(
            f"the shipped sentiment weights {WEIGHTS}/{name} cannot be read ({exc}).", hint=_HINT
        ) from None


def read_weights(name: str) -> dict[str, Any]:
    """A shipped JSON weights file, decoded and checked for our format and label order."""
    try:
        data = json.loads(gzip.decompress(_read_bytes(name)))
    except (OSError, ValueError) as exc:
        raise DataError(
            f"the shipped sentiment weights {WEIGHTS}/{name} cannot be read ({exc}).", hint=_HINT
        ) from None
    if not isinstance(data, dict):
        raise DataError(f"the sentiment weights {WEIGHTS}/{name} are not a JSON object.")
    check_header(data)
    return data


def write_weights(path: Path, data: Mapping[str, Any]) -> None:
    """Write a JSON weights file reproducibly (sorted keys, no gzip timestamp)."""
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))


def read_token_vectors() -> TokenVectors:
    try:
        return TokenVectors.from_bytes(_read_bytes(TOKEN_VECTORS_FILE))
    except (OSError, ValueError) as exc:
        raise DataError(
            f"the shipped token vectors {WEIGHTS}/{TOKEN_VECTORS_FILE} cannot be read ({exc}).",
            hint=_HINT,
        ) from None


def check_header(data: Mapping[str, Any]) -> None:
    if data.get("format") != FORMAT or list(data.get("labels", [])) != list(LABELS):
        raise DataError(
            "the sentiment weights file has an unknown format.",
            hint="Rebuild it with scripts/train_sentiment.py.",
        )


def logistic_to_dict(model: LogisticModel) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "labels": list(LABELS),
        "coef": [[float(f"{v:.6g}") for v in row] for row in model.coef],
        "intercept": [float(v) for v in model.intercept],
    }


def logistic_from_dict(data: Mapping[str, Any]) -> LogisticModel:
    return LogisticModel(np.asarray(data["coef"], float), np.asarray(data["intercept"], float))


def attention_to_dict(model: AttentionEnsemble) -> dict[str, Any]:
    return {"format": FORMAT, "labels": list(LABELS), **model.to_dict()}


def attention_from_dict(data: Mapping[str, Any]) -> AttentionEnsemble:
    try:
        return AttentionEnsemble.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(
            f"the shipped attention heads cannot be read ({exc}).",
            hint="Rebuild them with scripts/train_sentiment.py (needs the ml extra).",
        ) from None
