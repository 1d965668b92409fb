"""A sweep's grid file: which spec fields vary, over which values, and how to run and rank it.

``grid.toml``::

    [grid]                      # every combination of these values is one backtest
    objective = ["hrp", "min_variance", "inverse_vol"]
    lookback_days = [90, 180, 365]
    "rebalance.drift_threshold" = [0.03, 0.05, 0.10]
    "constraints.max_weight" = [0.3, 0.5]

    [sweep]                     # optional
    rank_by = "sharpe"          # sharpe, sortino, calmar, cagr, total_return, max_drawdown
    executor = "local"          # local (processes), serial, dask, ray
    address = "tcp://10.0.0.5:8786"   # a Dask scheduler or Ray cluster; local when absent
    workers = 4

Keys are spec fields, dotted for a section's field. A key the spec does not have is refused
before anything runs; a combination the spec refuses (a cap below a floor) becomes a row with
the reason, never a silently skipped point.
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.domain import StrategySpec, UserInputError, read_file_text

#: Metrics a sweep can be ranked by, and whether more is better.
RANKS = {
    "sharpe": True,
    "sortino": True,
    "calmar": True,
    "cagr": True,
    "total_return": True,
    "max_drawdown": True,  # a negative fraction: closer to zero is better
}
EXECUTORS = ("local", "serial", "dask", "ray")
MAX_POINTS = 100_000


@dataclass(frozen=True)
class Variant:
    """One point of the grid: its values, and the spec they make (or why they make none)."""

    index: int
    params: dict[str, Any]
    spec: StrategySpec | None
    error: str | None = None


@dataclass(frozen=True)
class SweepGrid:
    axes: dict[str, list[Any]]
    rank_by: str = "sharpe"
    executor: str = "local"
    address: str | None = None
    workers: int | None = None

    @property
    def size(self) -> int:
        n = 1
        for values in self.axes.values():
            n *= len(values)
        return n

    def variants(self, base: StrategySpec) -> list[Variant]:
        """Every combination applied to ``base``, named ``<base>-0001`` and so on."""
        data = base.model_dump(mode="json")
        for key in self.axes:
            _check_key(data, key)
        keys = list(self.axes)
        out = []
        stem = base.name[:58]
        for i, values in enumerate(itertools.product(*(self.axes[k] for k in keys)), start=1):
            params = dict(zip(keys, values, strict=True))
            changed = _with(data, params)
            changed["name"] = f"{stem}-{i:04d}"
            try:
                out.append(Variant(i, params, StrategySpec.model_validate(changed)))
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                where = ".".join(str(p) for p in first["loc"])
                out.append(Variant(i, params, None, f"{where}: {first['msg']}"))
        return out


def load_grid(path: str | Path) -> SweepGrid:
    text = read_file_text(Path(path), limit=1 << 20, what="The sweep grid")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserInputError(f"the sweep grid {path} is not valid TOML ({exc}).") from None
    return parse_grid(data, str(path))


def parse_grid(data: dict[str, Any], where: str = "the sweep grid") -> SweepGrid:
    unknown = set(data) - {"grid", "sweep"}
    if unknown:
        raise UserInputError(
            f"{where} has sections {', '.join(sorted(unknown))}; only [grid] and [sweep] exist."
        )
    axes = data.get("grid")
    if not isinstance(axes, dict) or not axes:
        raise UserInputError(
            f"{where} has no [grid] of values to sweep.",
            hint='Add e.g. [grid] objective = ["hrp", "min_variance"].',
        )
    for key, values in axes.items():
        if not isinstance(values, list) or not values:
            raise UserInputError(f"grid key '{key}' in {where} must be a non-empty list of values.")
    options = data.get("sweep", {})
    if not isinstance(options, dict):
        raise UserInputError(f"[sweep] in {where} must be a table.")
    extra = set(options) - {"rank_by", "executor", "address", "workers"}
    if extra:
        raise UserInputError(f"[sweep] in {where} has unknown keys {', '.join(sorted(extra))}.")
    grid = SweepGrid(
        axes={str(k): list(v) for k, v in axes.items()},
        rank_by=str(options.get("rank_by", "sharpe")),
        executor=str(options.get("executor", "local")),
        address=options.get("address"),
        workers=options.get("workers"),
    )
    check_options(grid.rank_by, grid.executor, grid.workers)
    if grid.size > MAX_POINTS:
        raise UserInputError(f"the grid has {grid.size:,} points; at most {MAX_POINTS:,} are run.")
    return grid


def check_options(rank_by: str, executor: str, workers: Any) -> None:
    if rank_by not in RANKS:
        raise UserInputError(
            f"cannot rank a sweep by '{rank_by}'.", hint=f"Use one of: {', '.join(RANKS)}."
        )
    if executor not in EXECUTORS:
        raise UserInputError(
            f"unknown sweep executor '{executor}'.", hint=f"Use one of: {', '.join(EXECUTORS)}."
        )
    if workers is not None and (
        not isinstance(workers, int) or isinstance(workers, bool) or not 1 <= workers <= 1024
    ):
        raise UserInputError(f"workers must be a whole number from 1 to 1024, got {workers!r}.")


def _check_key(data: dict[str, Any], key: str) -> None:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise UserInputError(
                f"grid key '{key}' is not a field of the spec.",
                hint="Use spec fields such as objective, lookback_days, "
                "rebalance.drift_threshold or constraints.max_weight.",
            )
        node = node[part]
    if key in ("name", "version"):
        raise UserInputError(f"grid key '{key}' names the variants; it cannot be swept.")


def _with(data: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    import copy

    out = copy.deepcopy(data)
    for key, value in params.items():
        *path, last = key.split(".")
        node = out
        for part in path:
            node = node[part]
        node[last] = value
    return out
