"""Headline sentiment: cross-validated macro-F1 of the shipped models against a TF-IDF baseline.

    python -m benchmarks sentiment

On the 1,788 human-labelled CryptoLin headlines (``shared/data/news``), 5-fold stratified
cross-validation repeated with 3 seeds (15 folds). Every model is retrained inside each fold on
the training folds only, with the same code and hyper-parameters that built the shipped weights
(:mod:`assistant.signals.sentiment.training`). Reported: mean and standard deviation of macro-F1
over folds, accuracy, and per-class F1 over the pooled out-of-fold predictions. The baseline is
scikit-learn's TF-IDF (word 1-2-grams) + logistic regression with balanced class weights, in the
same folds. MiniLM rows appear only when the ``ml`` extra is installed.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from assistant.signals.sentiment.embedding import MiniLMEmbedder, minilm_available
from assistant.signals.sentiment.labels import LABELS
from assistant.signals.sentiment.training import train_head, train_linear

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "news" / "cryptolin_headlines.csv"
SEEDS = (0, 1, 2)
FOLDS = 5

#: (train texts, train labels, train rows, test texts, test rows) -> test probabilities (n, 3)
Model = Callable[[list[str], list[str], np.ndarray, list[str], np.ndarray], np.ndarray]


def _read() -> tuple[list[str], list[str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["headline"] for r in rows], [r["label"] for r in rows]


def _baseline(
    tr_x: list[str], tr_y: list[str], _a: np.ndarray, te_x: list[str], _b: np.ndarray
) -> np.ndarray:
    vec = TfidfVectorizer(ngram_range=(1, 2))
    model = LogisticRegression(max_iter=3000, class_weight="balanced")
    model.fit(vec.fit_transform(tr_x), tr_y)
    order = [list(model.classes_).index(label) for label in LABELS]
    return np.asarray(model.predict_proba(vec.transform(te_x)))[:, order]


def _linear(
    tr_x: list[str], tr_y: list[str], _a: np.ndarray, te_x: list[str], _b: np.ndarray
) -> np.ndarray:
    return train_linear(tr_x, tr_y).predict_proba(te_x)


def _minilm_models(embeddings: np.ndarray) -> dict[str, Model]:
    def head(
        tr_x: list[str], tr_y: list[str], tr: np.ndarray, te_x: list[str], te: np.ndarray
    ) -> np.ndarray:
        return train_head(embeddings[tr], tr_y).predict_proba(embeddings[te])

    def ensemble(
        tr_x: list[str], tr_y: list[str], tr: np.ndarray, te_x: list[str], te: np.ndarray
    ) -> np.ndarray:
        return (_linear(tr_x, tr_y, tr, te_x, te) + head(tr_x, tr_y, tr, te_x, te)) / 2

    return {"MiniLM head alone": head, "minilm (linear + MiniLM head)": ensemble}


def evaluate(
    models: dict[str, Model], texts: list[str], labels: list[str]
) -> dict[str, dict[str, object]]:
    y = np.array(labels)
    results: dict[str, dict[str, object]] = {}
    for name, model in models.items():
        scores, preds, truth, started = [], [], [], time.perf_counter()
        for seed in SEEDS:
            for tr, te in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(texts, y):
                tr_x, te_x = [texts[i] for i in tr], [texts[i] for i in te]
                proba = model(tr_x, list(y[tr]), tr, te_x, te)
                pred = np.array(LABELS)[proba.argmax(axis=1)]
                scores.append(f1_score(y[te], pred, average="macro"))
                preds.extend(pred)
                truth.extend(y[te])
        per_class = f1_score(truth, preds, average=None, labels=list(LABELS))
        results[name] = {
            "mean": float(np.mean(scores)),
            "std": float(np.std(scores)),
            "accuracy": float(accuracy_score(truth, preds)),
            "per_class": dict(zip(LABELS, map(float, per_class), strict=True)),
            "seconds": time.perf_counter() - started,
        }
        print(
            f"  {name}: macro-F1 {results[name]['mean']:.3f} ± {results[name]['std']:.3f}",
            flush=True,
        )
    return results


def main() -> None:
    if not DATA.exists():
        print(f"skipped: {DATA} is absent")
        return
    texts, labels = _read()
    models: dict[str, Model] = {
        "TF-IDF 1-2-grams + LR (baseline)": _baseline,
        "linear (shipped default)": _linear,
    }
    if minilm_available():
        started = time.perf_counter()
        embeddings = MiniLMEmbedder().embed(texts)
        print(
            f"  MiniLM features for {len(texts)} headlines in {time.perf_counter() - started:.1f} s"
        )
        models.update(_minilm_models(embeddings))
    else:
        print("  MiniLM rows skipped: the ml extra is not installed")
    results = evaluate(models, texts, labels)
    print()
    folds = f"{FOLDS}-fold stratified CV x {len(SEEDS)} seeds"
    print(f"{len(texts)} headlines, {folds}, every model retrained per fold")
    print()
    print("| model | macro-F1 (mean ± std) | accuracy | F1 neg | F1 neu | F1 pos | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        pc = r["per_class"]
        assert isinstance(pc, dict)
        print(
            f"| {name} | {r['mean']:.3f} ± {r['std']:.3f} | {r['accuracy']:.3f} | "
            f"{pc['negative']:.3f} | {pc['neutral']:.3f} | {pc['positive']:.3f} | "
            f"{r['seconds']:.0f} |"
        )


if __name__ == "__main__":
    main()
