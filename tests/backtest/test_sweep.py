"""Sweeps through one executor interface: serial, local processes, and Dask or Ray if installed."""

from __future__ import annotations

import importlib.util

import pytest

from assistant.backtest import make_executor, run_sweep
from assistant.domain import UserInputError
from assistant.portfolio import allocate
from tests.backtest.builders import random_walks, spec

WINDOWS = [("2018-03-01", "2018-08-31"), ("2018-06-01", "2018-12-31")]


def _specs():  # type: ignore[no-untyped-def]
    names = [f"C{i:02d}" for i in range(4)]
    return [
        spec(names, name="hrp", objective="hrp"),
        spec(names, name="equal", objective="equal_weight", rebalance={"every_days": 30}),
    ]


def test_a_serial_sweep_runs_every_spec_over_every_window_in_order() -> None:
    closes = random_walks(4, 400)
    rows = run_sweep(
        _specs(), closes, allocator=allocate, windows=WINDOWS, executor=make_executor("serial")
    )
    assert [r.label for r in rows] == [
        "hrp 2018-03-01..2018-08-31",
        "hrp 2018-06-01..2018-12-31",
        "equal 2018-03-01..2018-08-31",
        "equal 2018-06-01..2018-12-31",
    ]
    assert all(r.error is None and r.metrics is not None for r in rows)


def test_local_processes_give_the_same_rows_as_serial() -> None:
    closes = random_walks(4, 400)
    serial = run_sweep(
        _specs(), closes, allocator=allocate, windows=WINDOWS, executor=make_executor("serial")
    )
    local = run_sweep(
        _specs(),
        closes,
        allocator=allocate,
        windows=WINDOWS,
        executor=make_executor("local", workers=2),
    )
    assert [r.fingerprint for r in local] == [r.fingerprint for r in serial]


def test_a_failing_job_becomes_a_row_with_its_error() -> None:
    closes = random_walks(4, 400)
    rows = run_sweep(
        _specs()[:1],
        closes,
        allocator=allocate,
        windows=[("2030-01-01", None)],
        executor=make_executor("serial"),
    )
    assert rows[0].metrics is None and "covers" in (rows[0].error or "")


def test_unknown_executors_and_empty_sweeps_are_refused() -> None:
    with pytest.raises(UserInputError, match="Unknown executor"):
        make_executor("slurm")
    with pytest.raises(UserInputError, match="at least one spec"):
        run_sweep([], random_walks(2, 50), allocator=allocate)


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason="dask[distributed] is not installed; pip install 'dask[distributed]'",
)
def test_a_small_sweep_runs_on_a_local_dask_cluster() -> None:
    closes = random_walks(4, 400)
    serial = run_sweep(
        _specs(), closes, allocator=allocate, windows=WINDOWS[:1], executor=make_executor("serial")
    )
    executor = make_executor("dask", workers=2)
    try:
        rows = run_sweep(
            _specs(), closes, allocator=allocate, windows=WINDOWS[:1], executor=executor
        )
    finally:
        executor.close()
    assert [r.fingerprint for r in rows] == [r.fingerprint for r in serial]


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason="ray is not installed; pip install ray"
)
def test_a_small_sweep_runs_on_a_local_ray_cluster() -> None:
    closes = random_walks(4, 400)
    executor = make_executor("ray", workers=2)
    try:
        rows = run_sweep(
            _specs(), closes, allocator=allocate, windows=WINDOWS[:1], executor=executor
        )
    finally:
        executor.close()
    assert all(r.error is None for r in rows)
