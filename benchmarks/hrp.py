"""HRP speed: CoinPilot's lean numpy/scipy HRP beside PyPortfolioOpt and skfolio, same run.

All three compute the same portfolio here (single linkage, no optimal leaf ordering, simple
returns in), and the table reports how far their weights are from ours as well as the times.
skfolio is configured with a fixed number of flat clusters, which skips its cluster-count
search: that search does not change HRP weights, so this is its fastest equivalent setup.
Data: seeded synthetic daily returns from a five-factor model, T = 1500 days.
"""

from __future__ import annotations

import os
import platform
import warnings

import numpy as np
import pandas as pd

from assistant.portfolio import optimize
from benchmarks._timing import best_of

SIZES = (50, 200, 1000)
PERIODS = 1500
SEED = 20261126
TARGET_RATIO = 0.05  # at N = 1000 ours must take at most 5% of PyPortfolioOpt's time


def synthetic_returns(n_assets: int, n_periods: int = PERIODS, seed: int = SEED) -> np.ndarray:
    """Correlated daily returns: five common factors plus noise, vols between 1% and 6%."""
    rng = np.random.default_rng(seed + n_assets)
    loadings = rng.normal(0.0, 1.0, (5, n_assets))
    mixed = rng.standard_normal((n_periods, 5)) @ loadings * 0.6
    mixed += rng.standard_normal((n_periods, n_assets))
    mixed /= mixed.std(axis=0)
    return 0.0005 + mixed * rng.uniform(0.01, 0.06, n_assets)


def ours(returns: np.ndarray) -> np.ndarray:
    return optimize(returns, "hrp", linkage="single")


def pypfopt(frame: pd.DataFrame) -> np.ndarray:
    from pypfopt import HRPOpt

    weights = HRPOpt(frame).optimize(linkage_method="single")
    return np.array([weights[c] for c in frame.columns])


def skfolio(frame: pd.DataFrame) -> np.ndarray:
    from skfolio.cluster import HierarchicalClustering, LinkageMethod
    from skfolio.optimization import HierarchicalRiskParity
    from skfolio.seriation import HierarchicalSeriation

    seriation = HierarchicalSeriation(
        hierarchical_clustering_estimator=HierarchicalClustering(
            linkage_method=LinkageMethod.SINGLE, max_clusters=2
        ),
        optimal_ordering=False,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = HierarchicalRiskParity(seriation_estimator=seriation).fit(frame)
    return np.asarray(model.weights_)


def main() -> None:
    print(f"HRP, single linkage, T = {PERIODS} daily returns, best of N repeats (seconds).")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"{os.cpu_count()} CPUs, load average {load}, OPENBLAS_NUM_THREADS={threads}.\n"
    )
    print(
        "| N | ours | PyPortfolioOpt | skfolio | ours / PyPortfolioOpt | ours / skfolio "
        "| max abs weight diff vs PyPortfolioOpt | vs skfolio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in SIZES:
        returns = synthetic_returns(n)
        frame = pd.DataFrame(returns, columns=[f"A{i:04d}" for i in range(n)])
        t_ours, w_ours = best_of(7, lambda r=returns: ours(r))
        t_pyp, w_pyp = best_of(3, lambda f=frame: pypfopt(f))
        t_skf, w_skf = best_of(1 if n >= 1000 else 3, lambda f=frame: skfolio(f))
        diff_pyp = float(np.abs(w_ours - w_pyp).max())
        diff_skf = float(np.abs(w_ours - w_skf).max())
        print(
            f"| {n} | {t_ours:.4f} | {t_pyp:.3f} | {t_skf:.3f} | {t_ours / t_pyp:.4f} "
            f"| {t_ours / t_skf:.4f} | {diff_pyp:.1e} | {diff_skf:.1e} |",
            flush=True,
        )
        if diff_pyp > 1e-10:
            print(f"\nWEIGHTS DISAGREE with PyPortfolioOpt at N = {n}: {diff_pyp:.3g}")
        if n == max(SIZES):
            verdict = "meets" if t_ours / t_pyp <= TARGET_RATIO else "MISSES"
            print(
                f"\nAt N = {n}: ours takes {t_ours / t_pyp:.3f}x PyPortfolioOpt's time; "
                f"this {verdict} the {TARGET_RATIO}x target."
            )
