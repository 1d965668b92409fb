"""Fitting the shipped models from labelled headlines (used by the training script and benchmark).

The hyper-parameters are fixed here, in one place, so the weights in the package, the script that
rebuilds them and the cross-validated benchmark all mean the same model. Pure: texts and labels
in, a fitted model out; reading the data set is the caller's job.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .attention import AttentionEnsemble, fit_attention_ensemble
from .features import Featurizer
from .labels import LABELS
from .linear import LogisticModel, fit_logistic
from .model import AveragedSentiment, LinearSentiment, TokenVectorSentiment
from .token_vectors import TokenVectors

#: Inverse L2 strength for the n-gram + lexicon model (chosen by 5-fold CV on the dev split).
LINEAR_C = 1.0
#: N-grams seen in fewer training headlines than this are dropped (noise, and weight size).
MIN_DF = 2
#: Inverse L2 strength for the logistic regression on static token vectors (chosen by CV).
TOKEN_C = 1.0
#: Inverse L2 strength for the logistic head on MiniLM features.
HEAD_C = 0.3


def label_indices(labels: Sequence[str]) -> np.ndarray:
    """Labels as column indices into :data:`LABELS`; an unknown label is a ValueError."""
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        raise ValueError(f"unknown sentiment labels {unknown}; expected {list(LABELS)}")
    return np.array([LABELS.index(label) for label in labels])  # type: ignore[arg-type]


def train_linear(texts: Sequence[str], labels: Sequence[str]) -> LinearSentiment:
    featurizer = Featurizer.fit(texts, min_df=MIN_DF)
    logistic = fit_logistic(
        featurizer.transform(texts), label_indices(labels), len(LABELS), c=LINEAR_C
    )
    return LinearSentiment(featurizer, logistic)


def train_token_head(
    texts: Sequence[str], labels: Sequence[str], vectors: TokenVectors
) -> TokenVectorSentiment:
    logistic = fit_logistic(vectors.embed(texts), label_indices(labels), len(LABELS), c=TOKEN_C)
    return TokenVectorSentiment(vectors, logistic)


def train_default(
    texts: Sequence[str], labels: Sequence[str], vectors: TokenVectors
) -> AveragedSentiment:
    """The default ``linear`` model: n-gram regression and token-vector regression, averaged."""
    return AveragedSentiment(
        "linear", [train_linear(texts, labels), train_token_head(texts, labels, vectors)]
    )


def train_head(embeddings: np.ndarray, labels: Sequence[str]) -> LogisticModel:
    return fit_logistic(embeddings, label_indices(labels), len(LABELS), c=HEAD_C)


def train_attention(
    embeddings: np.ndarray, tokens: Sequence[np.ndarray], labels: Sequence[str]
) -> AttentionEnsemble:
    """The attention heads of the ``minilm`` model (needs torch, the ``ml`` extra)."""
    return fit_attention_ensemble(embeddings, tokens, label_indices(labels))
