"""Headline sentiment: cross-validated macro-F1 of the shipped models against a TF-IDF baseline.

    python -m benchmarks sentiment

On the 1,788 human-labelled CryptoLin headlines (``shared/data/news``), 5-fold stratified
cross-validation repeated with 3 seeds (15 folds). Every model is retrained inside each fold on
the training folds only (vocabulary, IDF and every regression), with the same code and
hyper-parameters that built the shipped weights (:mod:`assistant.signals.sentiment.training`).
The static token vectors and MiniLM's features are fixed functions of MiniLM's weights, never of
the labelled data, so they are computed once. Reported: mean and standard deviation of macro-F1
over folds, accuracy and per-class F1 over the pooled out-of-fold predictions, and for each model
the mean paired difference against the n-gram model (the previous default) in the same folds.
The baseline is scikit-learn's TF-IDF (word 1-2-grams) + logistic regression with balanced class
weights. MiniLM rows appear only when the ``ml`` extra is installed. An averaged model reuses its
members' predictions in the same fold, so its seconds count only the averaging.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from assistant.signals.sentiment.attention import TOKEN_LAYERS
from assistant.signals.sentiment.embedding import MiniLMEmbedder, minilm_available
from assistant.signals.sentiment.labels import LABELS
from assistant.signals.sentiment.stored import read_token_vectors
from assistant.signals.sentiment.training import (
    train_attention,
    train_head,
    train_linear,
    train_token_head,
)
from benchmarks.sentiment_toplayer import data_path

DATA = data_path()
SEEDS = (0, 1, 2)
FOLDS = 5
NGRAMS = "n-grams + lexicon LR (previous default)"


@dataclass
class Fold:
    tr_x: list[str]
    tr_y: list[str]
    tr: np.ndarray
    te_x: list[str]
    te: np.ndarray
    done: dict[str, np.ndarray] = field(default_factory=dict)  # this fold's predictions so far


#: A fold in, test probabilities (n, 3) in LABELS order out.
Model = Callable[[Fold], np.ndarray]


def _read() -> tuple[list[str], list[str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["headline"] for r in rows], [r["label"] for r in rows]


def _baseline(f: Fold) -> np.ndarray:
    vec = TfidfVectorizer(ngram_range=(1, 2))
    model = LogisticRegression(max_iter=3000, class_weight="balanced")
    model.fit(vec.fit_transform(f.tr_x), f.tr_y)
    order = [list(model.classes_).index(label) for label in LABELS]
    return np.asarray(model.predict_proba(vec.transform(f.te_x)))[:, order]


def _ngrams(f: Fold) -> np.ndarray:
    return train_linear(f.tr_x, f.tr_y).predict_proba(f.te_x)


def _average(*names: str) -> Model:
    def model(f: Fold) -> np.ndarray:
        return np.asarray(sum(f.done[n] for n in names) / len(names))

    return model


def _offline_models() -> dict[str, Model]:
    vectors = read_token_vectors()

    def token(f: Fold) -> np.ndarray:
        return train_token_head(f.tr_x, f.tr_y, vectors).predict_proba(f.te_x)

    return {
        "TF-IDF 1-2-grams + LR (baseline)": _baseline,
        NGRAMS: _ngrams,
        "token vectors LR": token,
        "linear (shipped default: the two above averaged)": _average(NGRAMS, "token vectors LR"),
    }


def _minilm_models(embeddings: np.ndarray, tokens: list[np.ndarray]) -> dict[str, Model]:
    def head(f: Fold) -> np.ndarray:
        return train_head(embeddings[f.tr], f.tr_y).predict_proba(embeddings[f.te])

    def attention(f: Fold) -> np.ndarray:
        fitted = train_attention(embeddings[f.tr], [tokens[i] for i in f.tr], f.tr_y)
        return fitted.predict_proba(embeddings[f.te], [tokens[i] for i in f.te])

    return {
        "MiniLM head alone": head,
        "n-grams + MiniLM head averaged (minilm before 2026-12-06)": _average(
            NGRAMS, "MiniLM head alone"
        ),
        "attention heads alone": attention,
        "minilm (n-grams + MiniLM head + attention heads averaged)": _average(
            NGRAMS, "MiniLM head alone", "attention heads alone"
        ),
    }


def evaluate(
    models: dict[str, Model], texts: list[str], labels: list[str]
) -> dict[str, dict[str, object]]:
    y = np.array(labels)
    scores: dict[str, list[float]] = {name: [] for name in models}
    preds: dict[str, list[str]] = {name: [] for name in models}
    seconds = dict.fromkeys(models, 0.0)
    truth: list[str] = []
    for seed in SEEDS:
        for tr, te in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(texts, y):
            fold = Fold([texts[i] for i in tr], list(y[tr]), tr, [texts[i] for i in te], te)
            for name, model in models.items():
                started = time.perf_counter()
                fold.done[name] = proba = model(fold)
                seconds[name] += time.perf_counter() - started
                pred = np.array(LABELS)[proba.argmax(axis=1)]
                scores[name].append(float(f1_score(y[te], pred, average="macro")))
                preds[name].extend(pred)
            truth.extend(y[te])
    reference = np.array(scores.get(NGRAMS, next(iter(scores.values()))))
    results: dict[str, dict[str, object]] = {}
    for name in models:
        per_class = f1_score(truth, preds[name], average=None, labels=list(LABELS))
        diff = np.array(scores[name]) - reference
        results[name] = {
            "mean": float(np.mean(scores[name])),
            "std": float(np.std(scores[name])),
            "accuracy": float(accuracy_score(truth, preds[name])),
            "per_class": dict(zip(LABELS, map(float, per_class), strict=True)),
            "diff": float(diff.mean()),
            "wins": int((diff > 0).sum()),
            "seconds": seconds[name],
        }
    return results


def main() -> None:
    if not DATA.exists():
        print(f"skipped: {DATA} is absent")
        return
    texts, labels = _read()
    models = _offline_models()
    if minilm_available():
        started = time.perf_counter()
        embeddings, tokens = MiniLMEmbedder().features(texts, TOKEN_LAYERS)
        print(
            f"  MiniLM features for {len(texts)} headlines in {time.perf_counter() - started:.1f} s"
        )
        models.update(_minilm_models(embeddings, tokens))
    else:
        print("  MiniLM rows skipped: the ml extra is not installed")
    results = evaluate(models, texts, labels)
    n_folds = FOLDS * len(SEEDS)
    print(f"\n{len(texts)} headlines, {FOLDS}-fold stratified CV x {len(SEEDS)} seeds, ", end="")
    print("every model retrained per fold\n")
    print(
        "| model | macro-F1 (mean ± std) | accuracy | F1 negative | F1 neutral | F1 positive "
        f"| vs n-grams (folds won of {n_folds}) | seconds |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        pc = r["per_class"]
        assert isinstance(pc, dict)
        print(
            f"| {name} | {r['mean']:.3f} ± {r['std']:.3f} | {r['accuracy']:.3f} | "
            f"{pc['negative']:.3f} | {pc['neutral']:.3f} | {pc['positive']:.3f} | "
            f"{r['diff']:+.3f} ({r['wins']}) | {r['seconds']:.0f} |"
        )


if __name__ == "__main__":
    main()
