"""HRP: hand-checkable cases and agreement with PyPortfolioOpt and skfolio to 1e-10."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.cluster.hierarchy as sch
from scipy.spatial.distance import squareform

from assistant.domain import DataError, SpecError
from assistant.portfolio import hrp_weights, quasi_diagonal_order, sample_covariance
from tests.portfolio.synthetic import factor_returns, pypfopt_hrp


def test_two_assets_split_in_inverse_proportion_to_variance() -> None:
    cov = np.array([[0.01, 0.002], [0.002, 0.04]])
    np.testing.assert_allclose(hrp_weights(cov), [0.8, 0.2], atol=1e-15)


def test_two_equal_blocks_of_twins_get_a_quarter_each() -> None:
    block = np.array([[0.04, 0.036], [0.036, 0.04]])
    cov = np.block([[block, np.zeros((2, 2))], [np.zeros((2, 2)), block]])
    np.testing.assert_allclose(hrp_weights(cov), [0.25] * 4, atol=1e-15)


def test_the_quieter_cluster_gets_more_weight() -> None:
    quiet = np.array([[0.01, 0.008], [0.008, 0.01]])
    loud = quiet * 4.0
    cov = np.block([[quiet, np.zeros((2, 2))], [np.zeros((2, 2)), loud]])
    w = hrp_weights(cov)
    # each cluster's inverse-variance variance is 0.009 and 0.036: split 0.8 / 0.2, halved inside
    np.testing.assert_allclose(w, [0.4, 0.4, 0.1, 0.1], atol=1e-15)


def test_leaf_order_is_scipys_pre_order_of_the_tree() -> None:
    cov = sample_covariance(factor_returns(5, 12, 300))
    sd = np.sqrt(np.diag(cov))
    dist = np.sqrt(np.clip((1 - cov / np.outer(sd, sd)) / 2, 0, 1))
    tree = sch.to_tree(sch.linkage(squareform(dist, checks=False), "single"))
    assert list(quasi_diagonal_order(cov)) == tree.pre_order()


def test_one_asset_takes_everything() -> None:
    np.testing.assert_array_equal(hrp_weights(np.array([[0.04]])), [1.0])


def test_unknown_linkage_is_a_spec_error() -> None:
    with pytest.raises(SpecError, match="linkage 'median'"):
        hrp_weights(np.eye(3), linkage="median")


def test_an_asset_that_never_moved_is_refused() -> None:
    with pytest.raises(DataError, match="zero variance"):
        hrp_weights(np.diag([0.04, 0.0, 0.01]))


@pytest.mark.parametrize("linkage", ["single", "ward", "complete", "average", "weighted"])
@pytest.mark.parametrize(("seed", "n", "t"), [(11, 4, 60), (12, 9, 200), (13, 40, 500)])
def test_weights_match_pypfopt_hrpopt(linkage: str, seed: int, n: int, t: int) -> None:
    returns = factor_returns(seed, n, t)
    ours = hrp_weights(sample_covariance(returns), linkage=linkage)
    np.testing.assert_allclose(ours, pypfopt_hrp(returns, linkage), rtol=0, atol=1e-10)
    assert ours.sum() == pytest.approx(1.0, abs=1e-12)


def test_hrp_depends_on_column_order_exactly_as_pypfopt_does() -> None:
    """scipy orders the two leaves of a merge by column; halving the ordered list sees that.

    Seed 0 with this permutation moves a weight by about 9 points; we reproduce the reference.
    """
    returns = factor_returns(0, 5, 200)
    perm = np.array([2, 4, 3, 0, 1])
    original = hrp_weights(sample_covariance(returns))
    permuted = hrp_weights(sample_covariance(returns[:, perm]))
    assert np.abs(permuted - original[perm]).max() > 0.05
    np.testing.assert_allclose(permuted, pypfopt_hrp(returns[:, perm], "single"), atol=1e-10)


def _skfolio_hrp(returns: np.ndarray, linkage: str, optimal_ordering: bool) -> np.ndarray:
    from skfolio.cluster import HierarchicalClustering, LinkageMethod
    from skfolio.optimization import HierarchicalRiskParity
    from skfolio.seriation import HierarchicalSeriation

    seriation = HierarchicalSeriation(
        hierarchical_clustering_estimator=HierarchicalClustering(
            linkage_method=LinkageMethod[linkage.upper()], max_clusters=2
        ),
        optimal_ordering=optimal_ordering,
    )
    frame = pd.DataFrame(returns, columns=[f"A{i}" for i in range(returns.shape[1])])
    model = HierarchicalRiskParity(seriation_estimator=seriation).fit(frame)
    return np.asarray(model.weights_)


@pytest.mark.parametrize(
    ("linkage", "optimal_ordering"), [("single", False), ("ward", False), ("ward", True)]
)
def test_weights_match_skfolio_with_the_same_linkage_and_leaf_order(
    linkage: str, optimal_ordering: bool
) -> None:
    """("ward", True) is skfolio's default: Ward linkage with optimal leaf ordering."""
    returns = factor_returns(21, 15, 400)
    ours = hrp_weights(
        sample_covariance(returns), linkage=linkage, optimal_ordering=optimal_ordering
    )
    theirs = _skfolio_hrp(returns, linkage, optimal_ordering)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10)


def test_real_closes_match_pypfopt(shared_data) -> None:  # type: ignore[no-untyped-def]
    from assistant.portfolio import simple_returns

    closes = pd.concat(
        {
            sym: pd.read_csv(shared_data / "market" / "daily" / f"{sym}.csv", index_col=0)["close"]
            for sym in ("BTC", "ETH", "SOL", "ADA", "XRP", "DOGE", "BNB")
        },
        axis=1,
    )
    closes.index = pd.to_datetime(closes.index)
    returns = simple_returns(closes.sort_index()).to_numpy()[-730:]
    for linkage in ("single", "ward"):
        ours = hrp_weights(sample_covariance(returns), linkage=linkage)
        np.testing.assert_allclose(ours, pypfopt_hrp(returns, linkage), rtol=0, atol=1e-10)


def _split_by_split_hrp(cov: np.ndarray, linkage: str) -> np.ndarray:
    """HRP written plainly, as this module computed it before its speed-ups: scipy's
    ``leaves_list``, then one split at a time, every cluster's variance as ``w @ V @ w``."""
    sd = np.sqrt(np.diag(cov))
    distance = np.sqrt(np.clip((1.0 - cov / np.outer(sd, sd)) / 2.0, 0.0, 1.0))
    order = sch.leaves_list(sch.linkage(squareform(distance, checks=False), method=linkage))
    ordered = np.ascontiguousarray(cov[np.ix_(order, order)])
    inv_var = 1.0 / np.diag(ordered)
    weights = np.ones(len(order))

    def variance(lo: int, hi: int) -> float:
        w = inv_var[lo:hi] / inv_var[lo:hi].sum()
        return float(w @ ordered[lo:hi, lo:hi] @ w)

    spans = [(0, len(order))]
    while spans:
        halves = []
        for lo, hi in spans:
            if hi - lo < 2:
                continue
            mid = lo + (hi - lo) // 2
            left, right = variance(lo, mid), variance(mid, hi)
            alpha = 1.0 - left / (left + right)
            weights[lo:mid] *= alpha
            weights[mid:hi] *= 1.0 - alpha
            halves += [(lo, mid), (mid, hi)]
        spans = halves
    out = np.empty(len(order))
    out[order] = weights
    return out


@pytest.mark.parametrize("linkage", ["single", "ward", "complete", "average", "weighted"])
def test_weights_are_bit_identical_to_the_plain_split_by_split_walk(linkage: str) -> None:
    """The level-by-level walk, the single-asset shortcut and our own leaf walk change no bit."""
    rng = np.random.default_rng(2026)
    for case in range(60):
        n = int(rng.integers(2, 90))
        returns = factor_returns(int(rng.integers(1_000_000)), n, int(rng.integers(n + 2, 500)))
        if case % 5 == 0:  # near-twins: ties and tiny distances in the tree
            returns = returns[:, :1] + returns * 1e-3
        cov = sample_covariance(returns)
        ours = hrp_weights(cov, linkage=linkage)
        assert np.array_equal(ours, _split_by_split_hrp(cov, linkage)), (case, n)


@pytest.mark.parametrize("linkage", ["single", "ward", "complete", "average", "weighted"])
def test_leaf_order_is_scipys_leaves_list_for_every_linkage(linkage: str) -> None:
    rng = np.random.default_rng(7)
    for _ in range(25):
        n = int(rng.integers(2, 60))
        cov = sample_covariance(factor_returns(int(rng.integers(1_000_000)), n, 2 * n + 10))
        sd = np.sqrt(np.diag(cov))
        dist = np.sqrt(np.clip((1 - cov / np.outer(sd, sd)) / 2, 0, 1))
        tree = sch.linkage(squareform(dist, checks=False), linkage)
        assert quasi_diagonal_order(cov, linkage=linkage).tolist() == sch.leaves_list(tree).tolist()
