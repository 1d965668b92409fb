"""Static token vectors distilled from MiniLM: sentence features with numpy alone.

Word n-grams know only the words seen in training; these vectors carry what MiniLM knows about
every piece of its vocabulary, so "embezzlement" lands near "fraud" without ever being labelled.
Each WordPiece token was run through all-MiniLM-L6-v2 on its own (``[CLS] token [SEP]``), its six
layers mean-pooled and L2-normalised, then the vocabulary's vectors were centred, projected on
their top principal components and stored as int8 with one scale per component (the "model2vec"
recipe). The table depends on MiniLM's weights only, never on labelled data, so it is built once
(``scripts/train_sentiment.py --rebuild-token-vectors``, needs the ``ml`` extra) and ships in the
package. A headline's vector is the weighted mean of its tokens' vectors, the weight log(2 + id)
favouring rarer pieces (BERT's vocabulary is roughly in frequency order), then L2-normalised.
Pure: text in, numbers out; reading the shipped bytes is the caller's job.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .wordpiece import WordPiece

FORMAT = 1
#: Principal components kept: 128 int8 numbers per token keeps the table near 3 MB.
DIMS = 128


def _is_kept(piece: str) -> bool:
    """ASCII pieces only: English headlines never need the CJK or Devanagari pieces."""
    return piece.isascii() and not (piece.startswith("[") and piece.endswith("]"))


@dataclass
class TokenVectors:
    wordpiece: WordPiece
    kept: np.ndarray  # (k,) vocabulary ids that have a vector, ascending
    codes: np.ndarray  # (k, dims) int8
    scale: np.ndarray  # (dims,) float64: vector = codes * scale
    about: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rows = np.full(len(self.wordpiece.vocabulary), -1, dtype=np.int64)
        rows[self.kept] = np.arange(len(self.kept))
        self._row = rows
        self._vectors = self.codes.astype(float) * self.scale

    @property
    def dims(self) -> int:
        return int(self.codes.shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dims) unit rows; a text with no known piece gets a zero row."""
        out = np.zeros((len(texts), self.dims))
        for r, text in enumerate(texts):
            ids = np.asarray(self.wordpiece.ids(text), dtype=np.int64)
            rows = self._row[ids] if len(ids) else ids
            ids, rows = ids[rows >= 0], rows[rows >= 0]
            if not len(ids):
                continue
            weights = np.log(2.0 + ids)
            mean = weights @ self._vectors[rows] / weights.sum()
            norm = np.linalg.norm(mean)
            out[r] = mean / norm if norm > 0 else mean
        return out

    def digest(self) -> str:
        """A short fingerprint: heads trained on one table refuse another."""
        return hashlib.sha256(self.codes.tobytes() + self.scale.tobytes()).hexdigest()[:16]

    def to_bytes(self) -> bytes:
        header = {
            "format": FORMAT,
            "about": self.about,
            "vocabulary": self.wordpiece.vocabulary,
            "kept": [int(i) for i in self.kept],
            "scale": [float(s) for s in self.scale],
        }
        raw = json.dumps(header, sort_keys=True, separators=(",", ":")).encode() + b"\n"
        return gzip.compress(raw + self.codes.astype(np.int8).tobytes(), compresslevel=9, mtime=0)

    @classmethod
    def from_bytes(cls, data: bytes) -> TokenVectors:
        raw = gzip.decompress(data)
        cut = raw.index(b"\n")
        header: Mapping[str, Any] = json.loads(raw[:cut])
        if header.get("format") != FORMAT:
            raise ValueError(f"unknown token-vector format {header.get('format')!r}")
        kept = np.asarray(header["kept"], dtype=np.int64)
        scale = np.asarray(header["scale"], dtype=float)
        codes = np.frombuffer(raw[cut + 1 :], dtype=np.int8)
        if codes.size != len(kept) * len(scale):
            raise ValueError("the token-vector table is truncated")
        return cls(
            WordPiece(header["vocabulary"]),
            kept,
            codes.reshape(len(kept), len(scale)),
            scale,
            dict(header.get("about", {})),
        )


def build_token_vectors(
    vocabulary: Sequence[str],
    token_states: Callable[[Sequence[int]], np.ndarray],
    *,
    dims: int = DIMS,
    about: Mapping[str, Any] | None = None,
) -> TokenVectors:
    """Compress per-token sentence states (one row per id) into the shipped int8 table.

    ``token_states(ids)`` returns one float row per id (MiniLM's, in practice). Principal axes
    come from the eigenvectors of the states' covariance, each signed so its largest entry is
    positive, which keeps the table the same from one rebuild to the next.
    """
    kept = np.array([i for i, piece in enumerate(vocabulary) if _is_kept(piece)], dtype=np.int64)
    states = np.asarray(token_states(kept.tolist()), dtype=float)
    centred = states - states.mean(axis=0)
    eigenvalues, eigenvectors = np.linalg.eigh(centred.T @ centred)
    axes = eigenvectors[:, np.argsort(eigenvalues)[::-1][:dims]]
    axes *= np.sign(axes[np.abs(axes).argmax(axis=0), np.arange(axes.shape[1])])
    projected = centred @ axes
    scale = np.abs(projected).max(axis=0) / 127.0
    codes = np.round(projected / scale).astype(np.int8)
    return TokenVectors(WordPiece(vocabulary), kept, codes, scale, dict(about or {}))
