"""MiniLM and hashed n-grams in one vector, so one cosine scores both meaning and exact terms.

The two unit vectors are concatenated after scaling by ``sqrt(w)`` and ``sqrt(1 - w)``; the
result is again unit length, and its dot product with another such vector is exactly
``w * cos_hashed + (1 - w) * cos_minilm``. MiniLM matches paraphrases ("split evenly" and "equal
weight"); the hashed part keeps rare exact terms ("HRP", "MATIC", "min_weight") that MiniLM blurs.
On the retrieval eval the mix beats either part alone (benchmarks/RESULTS.md).

This module must never weigh the parts differently for documents and queries: both sides of the
cosine have to live in the same space.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.domain import ConfigError

from .hashed import HashedEmbedder
from .minilm import MiniLMEmbedder

__all__ = ["HybridEmbedder"]


@register_embedding_function
class HybridEmbedder(EmbeddingFunction[Documents]):
    """``[sqrt(w) * hashed, sqrt(1 - w) * minilm]``; needs the ``ml`` extra."""

    def __init__(
        self,
        hashed_weight: float = 0.5,
        hashed: HashedEmbedder | None = None,
        minilm: MiniLMEmbedder | None = None,
    ) -> None:
        if not 0.0 < hashed_weight < 1.0:
            raise ConfigError(
                f"hashed_weight {hashed_weight} must lie strictly between 0 and 1.",
                hint="Use 0.5 for an even mix, or pick the 'hashed' or 'minilm' embedder alone.",
            )
        self.hashed_weight = hashed_weight
        self.hashed = hashed or HashedEmbedder()
        self.minilm = minilm or MiniLMEmbedder()

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embed_many(list(input)))

    def embed_many(self, texts: list[str]) -> npt.NDArray[np.float32]:
        h = self.hashed.embed_many(texts) * math.sqrt(self.hashed_weight)
        m = self.minilm.embed_many(texts) * math.sqrt(1.0 - self.hashed_weight)
        return np.hstack([h, m]).astype(np.float32)

    @staticmethod
    def name() -> str:
        return "coinpilot-hybrid"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {
            "hashed_weight": self.hashed_weight,
            "hashed": self.hashed.get_config(),
            "minilm": self.minilm.get_config(),
        }

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HybridEmbedder:
        return HybridEmbedder(
            hashed_weight=float(config.get("hashed_weight", 0.5)),
            hashed=HashedEmbedder.build_from_config(dict(config.get("hashed", {}))),
            minilm=MiniLMEmbedder.build_from_config(dict(config.get("minilm", {}))),
        )
