"""A multinomial logistic regression, trained and applied with numpy and scipy alone.

Training minimises ``C * sum(weight_i * log-loss_i) + ||W||^2 / 2`` (the objective of
scikit-learn's ``LogisticRegression`` with the lbfgs solver), with "balanced" class weights so the
rare negative headlines count as much as the common positive ones. Keeping the fit here, rather
than in scikit-learn, means the shipped weights are reproducible on a fresh install and the
benchmark retrains each fold with the very code that made them. Pure: arrays in, arrays out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax


def balanced_weights(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Per-row weights ``n / (k * n_class)``: every class carries the same total weight."""
    counts = np.bincount(labels, minlength=n_classes).astype(float)
    if (counts == 0).any():
        raise ValueError("every class needs at least one training example")
    return np.asarray((len(labels) / (n_classes * counts))[labels], dtype=float)


@dataclass
class LogisticModel:
    coef: np.ndarray  # (n_features, n_classes)
    intercept: np.ndarray  # (n_classes,)

    def decision(self, features: sp.csr_matrix | np.ndarray) -> np.ndarray:
        return np.asarray(features @ self.coef + self.intercept, dtype=float)

    def predict_proba(self, features: sp.csr_matrix | np.ndarray) -> np.ndarray:
        return np.asarray(softmax(self.decision(features), axis=1))


def fit_logistic(
    features: sp.csr_matrix | np.ndarray,
    labels: Sequence[int] | np.ndarray,
    n_classes: int,
    *,
    c: float = 1.0,
    max_iter: int = 2000,
) -> LogisticModel:
    """Fit a balanced, L2-regularised multinomial logistic regression (L-BFGS)."""
    y = np.asarray(labels, dtype=int)
    n, d = features.shape
    weights = balanced_weights(y, n_classes)
    onehot = np.zeros((n, n_classes))
    onehot[np.arange(n), y] = 1.0

    def loss_and_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
        coef = theta[: d * n_classes].reshape(d, n_classes)
        bias = theta[d * n_classes :]
        scores = np.asarray(features @ coef) + bias
        log_p = log_softmax(scores, axis=1)
        loss = -c * float(np.sum(weights * np.sum(onehot * log_p, axis=1)))
        loss += 0.5 * float(np.sum(coef * coef))
        residual = c * weights[:, None] * (np.exp(log_p) - onehot)
        grad_coef = np.asarray(features.T @ residual) + coef
        grad_bias = residual.sum(axis=0)
        return loss, np.concatenate([grad_coef.ravel(), grad_bias])

    start = np.zeros(d * n_classes + n_classes)
    result = minimize(
        loss_and_grad, start, jac=True, method="L-BFGS-B", options={"maxiter": max_iter}
    )
    theta = result.x
    return LogisticModel(theta[: d * n_classes].reshape(d, n_classes), theta[d * n_classes :])
