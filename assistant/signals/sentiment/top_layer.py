"""MiniLM with its last layer fine-tuned for headline sentiment (the ``ml`` extra's ``minilm``).

Why only the last layer: fine-tuning all of MiniLM reached macro-F1 0.70 in cross-validation but
would ship 45-90 MB of weights; a logistic head on the frozen model stayed near 0.68. Training the
last of the six transformer layers together with the head (the five below frozen, so their
outputs are computed once) keeps most of the gain for 1.77 M parameters, shipped as float16
(``weights/minilm_top_layer.bin.gz``, about 3 MB). The head reads the six mean-pooled,
L2-normalised layers, exactly the features of :class:`.embedding.MiniLMEmbedder`, and starts from
the frozen-feature logistic fit (:func:`.training.train_head`), so training begins where the
previous model ended. Class-balanced cross-entropy, AdamW, seeded: the same data gives the same
weights on the same machine.

It must never download anything (the embedder forces HF_HUB_OFFLINE) and is imported only when
the ``ml`` extra is installed and ``minilm`` is asked for.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.domain import DataError

from .embedding import MiniLMEmbedder
from .labels import LABELS
from .linear import LogisticModel, balanced_weights

#: Fine-tuning settings (chosen by 5-fold CV on the dev split: benchmarks/sentiment_toplayer.py).
EPOCHS, BATCH, LR_LAYER, LR_HEAD, WEIGHT_DECAY = 3, 32, 5e-5, 5e-4, 0.01
_HIDDEN = 384
_MAGIC = b"CPTOP1\n"


@dataclass(frozen=True)
class TopLayerWeights:
    """MiniLM's fine-tuned last layer (its state dict) and the head over the six pooled layers."""

    layer: dict[str, np.ndarray]
    head: LogisticModel

    def to_bytes(self) -> bytes:
        """float16 tensors after a JSON header; gzip without a timestamp (reproducible bytes)."""
        names = sorted(self.layer)
        header = {
            "labels": list(LABELS),
            "tensors": [[n, list(self.layer[n].shape)] for n in names],
            "head": [list(self.head.coef.shape)],
        }
        parts = [_MAGIC, json.dumps(header, sort_keys=True).encode() + b"\n"]
        parts += [self.layer[n].astype("<f2").tobytes() for n in names]
        parts += [
            self.head.coef.astype("<f4").tobytes(),
            self.head.intercept.astype("<f4").tobytes(),
        ]
        return gzip.compress(b"".join(parts), compresslevel=9, mtime=0)

    @classmethod
    def from_bytes(cls, data: bytes) -> TopLayerWeights:
        raw = gzip.decompress(data)
        if not raw.startswith(_MAGIC):
            raise DataError("the MiniLM top-layer weights have an unknown format.")
        end = raw.index(b"\n", len(_MAGIC))
        header = json.loads(raw[len(_MAGIC) : end])
        if header["labels"] != list(LABELS):
            raise DataError("the MiniLM top-layer weights were trained for other labels.")
        offset, layer = end + 1, {}
        for name, shape in header["tensors"]:
            count = int(np.prod(shape))
            values = np.frombuffer(raw, "<f2", count, offset).astype(np.float32)
            layer[name] = values.reshape(shape)
            offset += 2 * count
        ((rows, cols),) = header["head"]
        coef = np.frombuffer(raw, "<f4", rows * cols, offset).astype(float).reshape(rows, cols)
        intercept = np.frombuffer(raw, "<f4", cols, offset + 4 * rows * cols).astype(float)
        return cls(layer, LogisticModel(coef, intercept))


class TopLayerHead:
    """Probabilities from the fine-tuned MiniLM: its six pooled layers into the trained head."""

    name = "minilm-top-layer"

    def __init__(self, weights: TopLayerWeights, embedder: MiniLMEmbedder | None = None) -> None:
        self.embedder = embedder or MiniLMEmbedder()
        self.embedder.load_last_layer(weights.layer)
        self.head = weights.head

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.head.predict_proba(self.embedder.embed(texts))


@dataclass
class _Encoded:
    fixed: Any  # torch (n, 5 * 384): layers 1-5 pooled, frozen
    full: np.ndarray  # (n, 6 * 384): all six layers pooled, frozen (the starting head's input)
    top_input: list[Any]  # per text: (tokens, 384) input of the last layer


def _pool(torch: Any, h: Any, mask: Any) -> Any:
    m = mask.unsqueeze(-1).float()
    return torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=1)


class TopLayerTrainer:
    """Encodes texts through the frozen layers once, then fine-tunes the last layer and head."""

    def __init__(self, embedder: MiniLMEmbedder) -> None:
        self.embedder = embedder
        self.torch: Any = embedder.torch
        self.model: Any = embedder.model

    def encode(self, texts: Sequence[str]) -> _Encoded:
        torch = self.torch
        fixed, full, top_input = [], [], []
        with torch.no_grad():
            for start in range(0, len(texts), 64):
                batch = self.embedder.tokenize(texts[start : start + 64])
                states = self.model(**batch, output_hidden_states=True).hidden_states
                mask = batch["attention_mask"]
                pooled = [_pool(torch, h, mask) for h in states[1:]]
                fixed.append(torch.cat(pooled[:5], dim=1))
                full.append(torch.cat(pooled, dim=1).numpy().astype(float))
                for i, n in enumerate(mask.sum(1).tolist()):
                    top_input.append(states[5][i, : int(n)].clone())
        return _Encoded(torch.cat(fixed), np.vstack(full), top_input)

    def fit(
        self,
        enc: _Encoded,
        rows: np.ndarray,
        labels: Sequence[int],
        start: LogisticModel,
        seed: int,
    ) -> tuple[Any, Any]:
        """The fine-tuned (layer, head) torch modules for ``rows`` of ``enc``."""
        import copy

        torch = self.torch
        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        layer = copy.deepcopy(self.model.encoder.layer[5])
        head = torch.nn.Linear(6 * _HIDDEN, len(LABELS))
        with torch.no_grad():
            head.weight.copy_(torch.from_numpy(start.coef.T.astype(np.float32)))
            head.bias.copy_(torch.from_numpy(start.intercept.astype(np.float32)))
        y = np.asarray(labels, dtype=int)
        weights = torch.tensor(balanced_weights(y, len(LABELS)), dtype=torch.float32)
        optimiser = torch.optim.AdamW(
            [
                {"params": layer.parameters(), "lr": LR_LAYER},
                {"params": head.parameters(), "lr": LR_HEAD},
            ],
            weight_decay=WEIGHT_DECAY,
        )
        layer.train()
        for _ in range(EPOCHS):
            order = rng.permutation(len(rows))
            for s in range(0, len(order), BATCH):
                pick = order[s : s + BATCH]
                logits = self._logits(layer, head, enc, [int(rows[i]) for i in pick])
                loss = torch.nn.functional.cross_entropy(
                    logits, torch.from_numpy(y[pick]), reduction="none"
                )
                optimiser.zero_grad()
                (loss * weights[pick]).mean().backward()
                optimiser.step()
        layer.eval()
        return layer, head

    def _logits(self, layer: Any, head: Any, enc: _Encoded, rows: Sequence[int]) -> Any:
        torch = self.torch
        length = max(enc.top_input[i].shape[0] for i in rows)
        x = torch.zeros(len(rows), length, _HIDDEN)
        mask = torch.zeros(len(rows), length, dtype=torch.long)
        for k, i in enumerate(rows):
            n = enc.top_input[i].shape[0]
            x[k, :n], mask[k, :n] = enc.top_input[i], 1
        additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        out = layer(x, attention_mask=additive)
        out = out[0] if isinstance(out, tuple) else out
        return head(torch.cat([enc.fixed[list(rows)], _pool(torch, out, mask)], dim=1))

    def predict_proba(self, layer: Any, head: Any, enc: _Encoded, rows: np.ndarray) -> np.ndarray:
        torch = self.torch
        parts = []
        with torch.no_grad():
            for s in range(0, len(rows), 128):
                logits = self._logits(layer, head, enc, [int(i) for i in rows[s : s + 128]])
                parts.append(torch.softmax(logits, dim=1).numpy())
        return np.vstack(parts).astype(float)


def export(layer: Any, head: Any) -> TopLayerWeights:
    """The trained modules as shippable arrays."""
    state: Mapping[str, Any] = layer.state_dict()
    tensors = {name: t.detach().numpy().astype(np.float32) for name, t in state.items()}
    coef = head.weight.detach().numpy().T.astype(float)
    return TopLayerWeights(tensors, LogisticModel(coef, head.bias.detach().numpy().astype(float)))
