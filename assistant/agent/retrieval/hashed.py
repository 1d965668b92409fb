"""The default embedding: hashed bags of words, word pairs and character n-grams. No model, no I/O.

Works on a fresh install with no download, is deterministic across processes and platforms
(CRC-32, not Python's salted ``hash``), and embeds a short section in well under a millisecond.
Each feature group (words, adjacent word pairs, character 3- and 4-grams inside words) is counted
with sublinear term frequency ``1 + log(tf)``, hashed with a sign bit into ``dim`` slots and
L2-normalised; the groups are mixed by fixed weights and the sum L2-normalised again, so cosine
similarity is a dot product. Character n-grams let "rebalancing" meet "rebalance" and "volatile"
meet "volatility" without a stemmer.

This module must never read settings, the network or the disk beyond its stopword list, and
never change its output for the same config: indexes persist, and a silent change would mix
incompatible vectors. Change the features only together with ``VERSION``.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.domain import ConfigError

__all__ = ["HashedEmbedder", "hashed_vector"]

VERSION: Final = 1
_TOKEN: Final = re.compile(r"[a-z0-9]+")
_STOPWORDS_FILE: Final = Path(__file__).with_name("stopwords.txt")


@cache
def _stopwords() -> frozenset[str]:
    lines = _STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


def _tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).lower()
    words = _TOKEN.findall(folded)
    stop = _stopwords()
    content = [w for w in words if w not in stop]
    return content or words  # a query made only of function words still embeds as something


def _add(vector: npt.NDArray[np.float64], counts: Counter[str], dim: int) -> None:
    if not counts:
        return
    slots = np.empty(len(counts), dtype=np.int64)
    values = np.empty(len(counts), dtype=np.float64)
    for i, (feature, tf) in enumerate(counts.items()):
        h = zlib.crc32(feature.encode("utf-8"))
        slots[i] = h % dim
        values[i] = (1.0 + math.log(tf)) * (1.0 if h & 0x80000000 else -1.0)
    np.add.at(vector, slots, values)
    norm = float(np.linalg.norm(vector))
    if norm > 0.0:
        vector /= norm


def hashed_vector(
    text: str,
    *,
    dim: int = 512,
    ngram_range: tuple[int, int] = (3, 4),
    weights: tuple[float, float, float] = (1.0, 0.5, 0.6),
) -> npt.NDArray[np.float32]:
    """Unit-length embedding of ``text``; ``weights`` mix words, word pairs, character n-grams."""
    words = _tokens(text)
    lo, hi = ngram_range
    groups: list[Counter[str]] = [Counter(words), Counter(), Counter()]
    groups[1].update(f"{a} {b}" for a, b in itertools.pairwise(words))
    for word in words:
        padded = f"<{word}>"
        for n in range(lo, hi + 1):
            groups[2].update(padded[i : i + n] for i in range(len(padded) - n + 1))
    out = np.zeros(dim, dtype=np.float64)
    for weight, counts in zip(weights, groups, strict=True):
        part = np.zeros(dim, dtype=np.float64)
        _add(part, counts, dim)
        out += weight * part
    norm = float(np.linalg.norm(out))
    if norm == 0.0:  # empty text: a fixed unit vector keeps cosine distances finite
        return np.full(dim, 1.0 / math.sqrt(dim), dtype=np.float32)
    return (out / norm).astype(np.float32)


@register_embedding_function
class HashedEmbedder(EmbeddingFunction[Documents]):
    """chromadb embedding function over :func:`hashed_vector`; offline and dependency-free."""

    def __init__(
        self,
        dim: int = 512,
        ngram_range: tuple[int, int] = (3, 4),
        weights: tuple[float, float, float] = (1.0, 0.5, 0.6),
    ) -> None:
        lo, hi = ngram_range
        if (
            not 16 <= dim <= 65_536
            or not 1 <= lo <= hi <= 8
            or min(weights) < 0
            or len(weights) != 3
        ):
            raise ConfigError(
                f"Hashed embedder settings dim={dim}, ngram_range={ngram_range}, "
                f"weights={weights} are out of range.",
                hint="Use 16 <= dim <= 65536, 1 <= low <= high <= 8 and three weights >= 0.",
            )
        self.dim = dim
        self.ngram_range = (lo, hi)
        self.weights = (float(weights[0]), float(weights[1]), float(weights[2]))

    def __call__(self, input: Documents) -> Embeddings:
        return [self.embed(text) for text in input]

    def embed(self, text: str) -> npt.NDArray[np.float32]:
        return hashed_vector(text, dim=self.dim, ngram_range=self.ngram_range, weights=self.weights)

    def embed_many(self, texts: Iterable[str]) -> npt.NDArray[np.float32]:
        """A ``(n, dim)`` matrix; for benchmarks and callers that skip chromadb."""
        rows = [self.embed(t) for t in texts]
        return np.vstack(rows) if rows else np.zeros((0, self.dim), dtype=np.float32)

    @staticmethod
    def name() -> str:
        return "coinpilot-hashed"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "dim": self.dim,
            "ngram_range": list(self.ngram_range),
            "weights": list(self.weights),
        }

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashedEmbedder:
        if config.get("version", VERSION) != VERSION:
            raise ConfigError(
                f"This index was built by hashed embedder version {config.get('version')}; "
                f"this CoinPilot has version {VERSION}.",
                hint="Delete the chroma folder in your CoinPilot home; it is rebuilt on start.",
            )
        lo, hi = config.get("ngram_range", (3, 4))
        w = config.get("weights", (1.0, 0.5, 0.6))
        return HashedEmbedder(
            dim=int(config.get("dim", 512)),
            ngram_range=(int(lo), int(hi)),
            weights=(float(w[0]), float(w[1]), float(w[2])),
        )
