"""Backtest sweeps (many specs x many windows) through one executor interface.

An :class:`Executor` maps a picklable function over a list of jobs and returns the results in
the same order. ``local`` (the default) uses ``concurrent.futures`` processes; ``serial`` runs in
this process (tests, debugging); ``dask`` and ``ray`` use a cluster when those packages are
installed (a local one when no address is given). A job that fails with one of our errors
becomes a row with the error message, so one bad spec never loses the rest of a sweep.

Jobs must stay independent: each carries its spec, window and the closes, and returns only
numbers, so any executor can run them anywhere. This module never builds a cluster of its own.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import pandas as pd

from assistant.domain import CoinPilotError, NotAvailableError, StrategySpec, UserInputError

from .api import run_backtest
from .metrics import Metrics
from .panel import DateLike, day_label
from .policy import Allocator, Tilter

__all__ = [
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "RayExecutor",
    "SerialExecutor",
    "SweepJob",
    "SweepRow",
    "make_executor",
    "run_sweep",
]

J = TypeVar("J")
R = TypeVar("R")


class Executor(Protocol):
    """Runs ``fn`` on every item, possibly elsewhere; results come back in input order."""

    def map(self, fn: Callable[[J], R], items: Sequence[J]) -> list[R]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """In this process, one job after another."""

    def map(self, fn: Callable[[J], R], items: Sequence[J]) -> list[R]:
        return [fn(item) for item in items]

    def close(self) -> None:
        return None


class LocalExecutor:
    """Local worker processes (``concurrent.futures``); ``workers`` defaults to the CPU count."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1

    def map(self, fn: Callable[[J], R], items: Sequence[J]) -> list[R]:
        if len(items) <= 1 or self.workers == 1:
            return [fn(item) for item in items]
        with ProcessPoolExecutor(max_workers=min(self.workers, len(items))) as pool:
            return list(pool.map(fn, items))

    def close(self) -> None:
        return None


class DaskExecutor:
    """A Dask distributed client: the cluster at ``address``, or a local one it starts."""

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        distributed = _optional("distributed", "pip install 'dask[distributed]' to use it.")
        self._cluster: Any = None
        if address is None:
            self._cluster = distributed.LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            address = self._cluster.scheduler_address
        self._client: Any = distributed.Client(address)

    def map(self, fn: Callable[[J], R], items: Sequence[J]) -> list[R]:
        futures = self._client.map(fn, list(items), pure=False)
        return list(self._client.gather(futures))

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


class RayExecutor:
    """Ray tasks: the cluster at ``address``, or a local one it starts."""

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        ray = _optional("ray", "pip install ray to use it.")
        self._ray: Any = ray
        if not ray.is_initialized():
            ray.init(address=address, num_cpus=workers, include_dashboard=False)

    def map(self, fn: Callable[[J], R], items: Sequence[J]) -> list[R]:
        remote = self._ray.remote(fn)
        return list(self._ray.get([remote.remote(item) for item in items]))

    def close(self) -> None:
        self._ray.shutdown()


def _optional(module: str, hint: str) -> Any:
    """An optional package, or NotAvailableError saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise NotAvailableError(f"{module} is not installed.", hint=hint) from exc


def make_executor(
    kind: str = "local", *, workers: int | None = None, address: str | None = None
) -> Executor:
    """``local`` (processes), ``serial``, ``dask`` or ``ray``."""
    if kind == "local":
        return LocalExecutor(workers)
    if kind == "serial":
        return SerialExecutor()
    if kind == "dask":
        return DaskExecutor(address, workers)
    if kind == "ray":
        return RayExecutor(address, workers)
    raise UserInputError(
        f"Unknown executor {kind!r}.", hint="Use one of: local, serial, dask, ray."
    )


@dataclass(frozen=True)
class SweepJob:
    """One backtest of a sweep: a spec over one window."""

    spec: StrategySpec
    start: DateLike | None = None
    end: DateLike | None = None

    @property
    def label(self) -> str:
        lo = day_label(pd.Timestamp(self.start)) if self.start is not None else "start"
        hi = day_label(pd.Timestamp(self.end)) if self.end is not None else "end"
        return f"{self.spec.name} {lo}..{hi}"


@dataclass(frozen=True)
class SweepRow:
    """The outcome of one job: its metrics and fingerprint, or the error that stopped it."""

    label: str
    spec_name: str
    metrics: Metrics | None
    fingerprint: str | None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class _Task:
    job: SweepJob
    closes: pd.DataFrame
    allocator: Allocator
    tilter: Tilter | None
    options: dict[str, Any]


def _run_task(task: _Task) -> SweepRow:
    job = task.job
    try:
        result = run_backtest(
            job.spec,
            task.closes,
            allocator=task.allocator,
            tilter=task.tilter,
            start=job.start,
            end=job.end,
            **task.options,
        )
    except CoinPilotError as exc:
        return SweepRow(job.label, job.spec.name, None, None, error=str(exc))
    return SweepRow(
        job.label, job.spec.name, result.metrics, result.fingerprint, list(result.warnings)
    )


def run_sweep(
    specs: Sequence[StrategySpec],
    closes: pd.DataFrame,
    *,
    allocator: Allocator,
    tilter: Tilter | None = None,
    windows: Sequence[tuple[DateLike | None, DateLike | None]] = ((None, None),),
    executor: Executor | None = None,
    **options: Any,
) -> list[SweepRow]:
    """Backtest every spec over every window (specs outer, windows inner), in that order.

    ``options`` go to :func:`run_backtest` (fee_bps, capital, volumes...). ``allocator`` and
    ``tilter`` must be importable module-level functions so they can be sent to workers.
    """
    if not specs or not windows:
        raise UserInputError("A sweep needs at least one spec and one window.")
    tasks = [
        _Task(SweepJob(spec, lo, hi), closes, allocator, tilter, dict(options))
        for spec in specs
        for lo, hi in windows
    ]
    runner = executor or LocalExecutor()
    try:
        return runner.map(_run_task, tasks)
    finally:
        if executor is None:
            runner.close()
