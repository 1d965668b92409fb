"""Attention heads over frozen MiniLM token states: CV on a dev split, then one held-out run.

    python -m benchmarks sentiment_attention            # CV on the dev split only
    SENTIMENT_FINAL=1 python -m benchmarks sentiment_attention   # also the one held-out measurement

Same split as ``sentiment_toplayer`` (fixed before any figure of that round was seen): of the
1,788 labelled CryptoLin development headlines, the 358 whose ``id`` is divisible by 5 are held
out; the other 1,430 are the dev split. Every candidate is retrained inside each fold of a 5-fold
stratified CV repeated with 3 seeds (15 folds) on the dev split only, with the code that builds
the shipped weights (:mod:`assistant.signals.sentiment.training`); MiniLM stays frozen, so its
features are computed once. The candidate with the best mean macro-F1 is then trained on the whole
dev split and scored once on the held-out rows, beside the previous ``minilm`` recipe (reference,
not selection).

Candidates (all need the ``ml`` extra):

- ``previous minilm``: n-gram + lexicon regression averaged with the logistic head on the six
  mean-pooled layers (what ``kind="minilm"`` shipped before this round);
- ``n-grams + 2 x head``: the same two with the head counted twice, a control: the third member
  below also gives MiniLM two thirds of the vote, and this row shows what that alone is worth;
- ``attention heads alone``: three attention-pooling heads (seeds 0-2) averaged (:mod:`.attention`);
- ``n-grams + head + attention``: the three averaged with equal weights (what ``minilm`` ships now).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import numpy as np
from sklearn.model_selection import StratifiedKFold

from assistant.signals.sentiment.attention import TOKEN_LAYERS
from assistant.signals.sentiment.embedding import MiniLMEmbedder, minilm_available
from assistant.signals.sentiment.training import (
    label_indices,
    train_attention,
    train_head,
    train_linear,
)
from benchmarks.sentiment_toplayer import HOLDOUT_MODULUS, data_path, macro_f1, read_split

SEEDS = (0, 1, 2)
FOLDS = 5
PREVIOUS = "previous minilm (n-grams + head)"
SHIPPED = "n-grams + head + attention (minilm now)"

Run = Callable[[np.ndarray, np.ndarray], dict[str, np.ndarray]]


def candidates(
    texts: list[str], labels: list[str], sentence: np.ndarray, tokens: list[np.ndarray]
) -> Run:
    """Every candidate's probabilities for ``test`` rows, trained on ``train`` rows only."""

    def run(train: np.ndarray, test: np.ndarray) -> dict[str, np.ndarray]:
        tr_labels = [labels[i] for i in train]
        ngrams = train_linear([texts[i] for i in train], tr_labels).predict_proba(
            [texts[i] for i in test]
        )
        head = train_head(sentence[train], tr_labels).predict_proba(sentence[test])
        attention = train_attention(
            sentence[train], [tokens[i] for i in train], tr_labels
        ).predict_proba(sentence[test], [tokens[i] for i in test])
        return {
            PREVIOUS: (ngrams + head) / 2,
            "n-grams + 2 x head (control)": (ngrams + 2 * head) / 3,
            "attention heads alone": attention,
            SHIPPED: (ngrams + head + attention) / 3,
        }

    return run


def main() -> None:
    path = data_path()
    if not path.exists() or not minilm_available():
        print(f"skipped: needs {path} and the ml extra")
        return
    import torch

    torch.set_num_threads(int(os.environ.get("SENTIMENT_THREADS", "1")))
    dev_x, dev_y, held_x, held_y = read_split(path)
    print(f"dev {len(dev_x)} rows, held out {len(held_x)} (ids divisible by {HOLDOUT_MODULUS})")
    start = time.perf_counter()
    sentence, tokens = MiniLMEmbedder().features(dev_x + held_x, TOKEN_LAYERS)
    print(
        f"MiniLM features of {len(dev_x) + len(held_x)} headlines: "
        f"{time.perf_counter() - start:.0f} s"
    )
    run = candidates(dev_x + held_x, dev_y + held_y, sentence, tokens)
    y = np.array(label_indices(dev_y))
    scores: dict[str, list[float]] = {}
    start = time.perf_counter()
    for seed in SEEDS:
        for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(dev_x, y):
            for name, proba in run(train, test).items():
                scores.setdefault(name, []).append(macro_f1([dev_y[i] for i in test], proba))
            fold = {n: round(v[-1], 3) for n, v in scores.items()}
            print(
                f"fold {len(scores[PREVIOUS])} ({time.perf_counter() - start:.0f} s): {fold}",
                flush=True,
            )
    print(f"CV ({FOLDS} folds x {len(SEEDS)} seeds on dev): {time.perf_counter() - start:.0f} s\n")
    base = np.array(scores[PREVIOUS])
    print("| candidate | CV macro-F1 (mean ± std) | vs previous minilm (folds ahead) |")
    print("|---|---:|---:|")
    for name, values in scores.items():
        v = np.array(values)
        print(
            f"| {name} | {v.mean():.3f} ± {v.std():.3f} | {(v - base).mean():+.3f} "
            f"({int(((v - base) > 0).sum())} of {len(v)}) |"
        )
    best = max(scores, key=lambda n: float(np.mean(scores[n])))
    print(f"\nselected by CV: {best}")
    if os.environ.get("SENTIMENT_FINAL") != "1":
        print("held-out split not scored (set SENTIMENT_FINAL=1 for the one final measurement)")
        return
    final = run(np.arange(len(dev_x)), np.arange(len(dev_x), len(dev_x) + len(held_x)))
    print("\n| held out (scored once) | macro-F1 |\n|---|---:|")
    print(f"| {best} (selected) | {macro_f1(held_y, final[best]):.3f} |")
    if best != PREVIOUS:
        print(f"| {PREVIOUS} (reference) | {macro_f1(held_y, final[PREVIOUS]):.3f} |")


if __name__ == "__main__":
    main()
