"""An attention-pooling head over frozen MiniLM token states (part of the ``minilm`` model).

Mean pooling gives every token of a headline the same say, so the one word that carries the
sentiment ("hacked", "surges") is diluted by the names and numbers around it. This head learns
one score per token (a linear function of its states in MiniLM's last three layers), pools the
tokens with the softmax of those scores, L2-normalises each layer's pooled part, and feeds it, next
to the six mean-pooled layers the logistic head already uses, to a linear softmax layer. MiniLM
itself stays frozen: the head has about 12 thousand numbers and ships as a small JSON file.

Inference is numpy alone (:meth:`AttentionHead.predict_proba`); fitting
(:func:`fit_attention_head`) needs torch, which the ``ml`` extra brings along with MiniLM. Several
heads fitted from different seeds are averaged (:class:`AttentionEnsemble`) because one head's
result moves by about 0.01 macro-F1 with its initialisation. Pure: arrays in, arrays out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import softmax

from .labels import LABELS
from .linear import balanced_weights

HIDDEN = 384
#: MiniLM layers (0-based, of six) whose token states the attention reads.
TOKEN_LAYERS = (3, 4, 5)
#: Fitting settings, compared by cross-validation on the dev split only (RESULTS.md, "attention").
SETTINGS: dict[str, float] = {"epochs": 15, "batch": 64, "lr": 1e-3, "l2": 1e-3}
#: Heads averaged (seeds 0..n-1).
SEEDS = 3


def _normalise_layers(pooled: np.ndarray, layers: int) -> np.ndarray:
    """Each layer's ``HIDDEN`` block of every row scaled to unit length."""
    blocks = pooled.reshape(pooled.shape[0], layers, HIDDEN)
    norms = np.linalg.norm(blocks, axis=2, keepdims=True)
    return np.asarray((blocks / np.maximum(norms, 1e-12)).reshape(pooled.shape[0], -1))


@dataclass
class AttentionHead:
    query: np.ndarray  # (len(TOKEN_LAYERS) * HIDDEN,): one attention score per token
    query_bias: float
    coef: np.ndarray  # (6 * HIDDEN + len(TOKEN_LAYERS) * HIDDEN, 3)
    intercept: np.ndarray  # (3,)

    def pool(self, tokens: Sequence[np.ndarray]) -> np.ndarray:
        """Attention-pooled token states, (n, len(TOKEN_LAYERS) * HIDDEN), per-layer normalised."""
        rows = []
        for states in tokens:
            weights = softmax(states @ self.query + self.query_bias)
            rows.append(weights @ states)
        pooled = np.vstack(rows) if rows else np.empty((0, self.query.shape[0]))
        return _normalise_layers(pooled, len(TOKEN_LAYERS))

    def predict_proba(self, sentence: np.ndarray, tokens: Sequence[np.ndarray]) -> np.ndarray:
        features = np.hstack([sentence, self.pool(tokens)])
        return np.asarray(softmax(features @ self.coef + self.intercept, axis=1))

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": [float(f"{v:.6g}") for v in self.query],
            "query_bias": float(self.query_bias),
            "coef": [[float(f"{v:.6g}") for v in row] for row in self.coef],
            "intercept": [float(v) for v in self.intercept],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AttentionHead:
        return cls(
            np.asarray(data["query"], float),
            float(data["query_bias"]),
            np.asarray(data["coef"], float),
            np.asarray(data["intercept"], float),
        )


@dataclass
class AttentionEnsemble:
    """Heads fitted from different seeds; their probabilities are averaged."""

    heads: tuple[AttentionHead, ...]

    def predict_proba(self, sentence: np.ndarray, tokens: Sequence[np.ndarray]) -> np.ndarray:
        return np.asarray(
            sum(h.predict_proba(sentence, tokens) for h in self.heads) / len(self.heads)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "token_layers": list(TOKEN_LAYERS),
            "settings": dict(SETTINGS),
            "heads": [h.to_dict() for h in self.heads],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AttentionEnsemble:
        if list(data.get("token_layers", [])) != list(TOKEN_LAYERS):
            raise ValueError("the attention heads read other MiniLM layers; retrain them")
        return cls(tuple(AttentionHead.from_dict(h) for h in data["heads"]))


def fit_attention_head(
    sentence: np.ndarray, tokens: Sequence[np.ndarray], labels: np.ndarray, *, seed: int
) -> AttentionHead:
    """Fit one head (torch, CPU, seeded): class-balanced cross-entropy plus an L2 penalty on the
    weight matrices, AdamW, mini-batches of 64 headlines in a seeded order."""
    import torch

    y = np.asarray(labels, dtype=int)
    d_tok = len(TOKEN_LAYERS) * HIDDEN
    torch.manual_seed(seed)
    query = torch.nn.Linear(d_tok, 1)
    out = torch.nn.Linear(sentence.shape[1] + d_tok, len(LABELS))
    params = [*query.parameters(), *out.parameters()]
    sent = torch.from_numpy(sentence.astype(np.float32))
    target = torch.from_numpy(y)
    row_weights = torch.from_numpy(balanced_weights(y, len(LABELS)).astype(np.float32))
    optimiser = torch.optim.AdamW(params, lr=SETTINGS["lr"], weight_decay=0.0)
    rng = np.random.default_rng(seed)
    batch = int(SETTINGS["batch"])
    for _ in range(int(SETTINGS["epochs"])):
        order = rng.permutation(len(y))
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            x, mask = _padded(torch, [tokens[i] for i in rows])
            scores = query(x).squeeze(-1).masked_fill(~mask, -1e9).softmax(1)
            pooled = (scores.unsqueeze(-1) * x).sum(1)
            blocks = pooled.reshape(len(rows), len(TOKEN_LAYERS), HIDDEN)
            pooled = torch.nn.functional.normalize(blocks, dim=2).reshape(len(rows), -1)
            logits = out(torch.cat([sent[rows], pooled], 1))
            loss = torch.nn.functional.cross_entropy(logits, target[rows], reduction="none")
            penalty = (query.weight**2).sum() + (out.weight**2).sum()
            total = (loss * row_weights[rows]).mean() + SETTINGS["l2"] * penalty
            optimiser.zero_grad()
            total.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
    with torch.no_grad():
        return AttentionHead(
            query.weight[0].double().numpy().copy(),
            float(query.bias[0]),
            out.weight.T.double().numpy().copy(),
            out.bias.double().numpy().copy(),
        )


def fit_attention_ensemble(
    sentence: np.ndarray, tokens: Sequence[np.ndarray], labels: np.ndarray, *, seeds: int = SEEDS
) -> AttentionEnsemble:
    return AttentionEnsemble(
        tuple(fit_attention_head(sentence, tokens, labels, seed=s) for s in range(seeds))
    )


def _padded(torch: Any, tokens: Sequence[np.ndarray]) -> tuple[Any, Any]:
    length = max(t.shape[0] for t in tokens)
    x = np.zeros((len(tokens), length, tokens[0].shape[1]), np.float32)
    mask = np.zeros((len(tokens), length), bool)
    for i, t in enumerate(tokens):
        x[i, : len(t)] = t
        mask[i, : len(t)] = True
    return torch.from_numpy(x), torch.from_numpy(mask)
