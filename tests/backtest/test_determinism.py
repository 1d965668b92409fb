"""Deterministic results: the same inputs give the same equity bytes, here and in a new process
(on one machine); a recorded case keeps its values to 1e-12 on any machine."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from assistant.backtest import fingerprint, run_backtest
from assistant.portfolio import allocate
from assistant.signals import apply_tilts
from tests.backtest.builders import random_walks, spec

# The small case's equity, as recorded. Compared to 1e-12 relative, never by hash: a recorded value
# must not depend on the last bits of a float (another CPU may round one step differently).
#: Recorded again when a buy came to pay what its units cost on the model book (the rule the
#: paper broker fills with, ``domain/model_book.py``) instead of the notional that sized them:
#: this case's thin volumes give a 1% impact, so from the second rebalance on it pays 3.5 USDT
#: less (3e-4 of equity) for the same units.
GOLDEN_EQUITY = [
    9988.300809757075, 10378.183844846548, 9988.300809757075, 11127.958912326305,
    11520.417144064517, 9647.113955031167, 10510.310864920535, 11048.49751778446,
    10732.325721477082, 11253.790320156455, 9357.722145071393, 10075.370031749648,
]  # fmt: skip

_SPEC = {
    "objective": "hrp",
    "rebalance": {"drift_threshold": 0.05, "every_days": 30},
    "risk": {"stop_loss": 0.25, "max_drawdown": 0.4, "daily_loss_limit": 0.12},
    "constraints": {"max_weight": 0.4, "max_turnover": 0.6, "cash_reserve": 0.05},
    "signals": {"momentum": 0.5, "mean_reversion": 0.3},
}


def _result():  # type: ignore[no-untyped-def]
    closes = random_walks(6, 500, seed=21)
    return run_backtest(
        spec(list(closes.columns), **_SPEC), closes, allocator=allocate, tilter=apply_tilts
    )


def test_two_runs_give_the_same_fingerprint_and_the_same_records() -> None:
    first, second = _result(), _result()
    assert first.fingerprint == second.fingerprint == fingerprint(first.equity)
    assert first.rebalances == second.rebalances and first.events == second.events
    assert first.weights.equals(second.weights)
    assert len(first.rebalances) > 5


@pytest.mark.slow  # a fresh interpreter or the whole app: ~5 s alone on a busy 2-core machine
def test_a_fresh_process_gives_the_same_fingerprint() -> None:
    code = textwrap.dedent(
        """
        from tests.backtest.test_determinism import _result
        print(_result().fingerprint)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == _result().fingerprint


def test_the_fingerprint_changes_when_a_single_price_does() -> None:
    closes = random_walks(6, 500, seed=21)
    changed = closes.copy()
    changed.iloc[300, 2] *= 1.0001
    s = spec(list(closes.columns), **_SPEC)
    a = run_backtest(s, closes, allocator=allocate, tilter=apply_tilts)
    b = run_backtest(s, changed, allocator=allocate, tilter=apply_tilts)
    assert a.fingerprint != b.fingerprint
    assert a.equity.iloc[:300].equals(b.equity.iloc[:300])  # nothing before it moved


def _tiny():  # type: ignore[no-untyped-def]
    from assistant.backtest import backtest_weights
    from assistant.domain import Rebalance
    from tests.backtest.builders import frame

    closes = frame(
        {
            "A": [100.0, 104.0, 99.0, 120.0, 131.0, 90.0, 95.0, 101.0, 97.5, 110.0, 80.0, 85.0],
            "B": [10.0, 10.5, 10.2, 9.8, 9.1, 9.9, 12.0, 12.5, 12.2, 11.0, 11.5, 13.0],
        }
    )
    volumes = closes * 0.0 + 5_000.0
    return backtest_weights(
        {"A": 0.6, "B": 0.3}, closes, rule=Rebalance(drift_threshold=0.04), fee_bps=10.0,
        half_spread_bps=3.0, min_notional=5.0, volumes=volumes,
    )  # fmt: skip


def test_a_small_case_keeps_its_recorded_equity() -> None:
    # A change here means the simulation's arithmetic changed: check why before updating it.
    result = _tiny()
    assert len(result.rebalances) == 4
    np.testing.assert_allclose(result.equity, GOLDEN_EQUITY, rtol=1e-12, atol=0)
