"""`coinpilot backtest SPEC --sweep grid.toml` on the shipped real history: ranked, reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import build_parser, main
from assistant.config import load_settings
from assistant.engine import Services, load_spec_file
from assistant.engine.sweep_grid import load_grid
from assistant.engine.sweeping import sweep_spec

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SPEC = str(EXAMPLES / "hrp_core.toml")
WINDOW = ["--from", "2025-03-01", "--to", "2025-09-30"]


def _grid(tmp_path: Path, text: str) -> str:
    path = tmp_path / "grid.toml"
    path.write_text(text)
    return str(path)


GRID = """
[grid]
objective = ["hrp", "inverse_vol"]
"rebalance.drift_threshold" = [0.03, 0.1]
"constraints.min_weight" = [0.0, 0.6]   # 0.6 is above max_weight 0.5: refused, not skipped
"""


def test_a_sweep_ranks_every_point_and_lists_the_ones_the_spec_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "out" / "sweep.html"
    code = main(
        [
            "backtest",
            SPEC,
            "--sweep",
            _grid(tmp_path, GRID),
            "--executor",
            "serial",
            "--report",
            str(report),
            *WINDOW,
            "--json",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["points"] == 8 and out["executor"] == "serial"
    ranked = [r for r in out["rows"] if r["rank"] is not None]
    refused = [r for r in out["rows"] if r["rank"] is None]
    assert [r["rank"] for r in ranked] == [1, 2, 3, 4]
    sharpes = [r["metrics"]["sharpe"] for r in ranked]
    assert sharpes == sorted(sharpes, reverse=True)
    assert len(refused) == 4 and all(
        "min_weight 0.6 is above max_weight" in r["error"] for r in refused
    )
    assert {r["params"]["constraints.min_weight"] for r in refused} == {0.6}
    page = report.read_text()
    assert "Sweep of hrp-core: 8 points" in page and "<script" not in page
    assert (tmp_path / "out" / "sweep-top3.html").exists() and "sweep-top3.html" in page


def test_the_sweep_matches_single_backtests_of_the_same_variant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    grid = _grid(tmp_path, '[grid]\n"rebalance.drift_threshold" = [0.04]\n')
    main(["backtest", SPEC, "--sweep", grid, "--executor", "serial", *WINDOW, "--json"])
    swept = json.loads(capsys.readouterr().out)["rows"][0]["metrics"]
    variant = tmp_path / "variant.toml"
    variant.write_text(
        Path(SPEC).read_text().replace("drift_threshold = 0.05", "drift_threshold = 0.04")
    )
    main(["backtest", str(variant), *WINDOW, "--json"])
    single = json.loads(capsys.readouterr().out)["metrics"]
    assert swept["final_equity"] == single["final_equity"]
    assert swept["rebalances"] == single["rebalances"]


def test_local_processes_report_progress_to_the_end(tmp_path: Path) -> None:
    grid = load_grid(_grid(tmp_path, "[grid]\nlookback_days = [90, 180, 365]\n"))
    seen: list[tuple[int, int]] = []
    with Services.open(load_settings(), market="history") as services:
        outcome = sweep_spec(
            services,
            load_spec_file(SPEC),
            grid,
            start="2025-03-01",
            end="2025-06-30",
            workers=2,
            progress=lambda done, total: seen.append((done, total)),
        )
    assert outcome.executor == "local" and outcome.workers == 2 and len(outcome.ranked) == 3
    assert seen[-1] == (3, 3) and [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.parametrize(
    ("grid", "extra", "message"),
    [
        ('[grid]\n"rebalance.nope" = [1]\n', [], "is not a field of the spec"),
        ("[grid]\n", [], "has no [grid]"),
        ('[grid]\nobjective = "hrp"\n', [], "must be a non-empty list"),
        ('[grid]\nobjective = ["hrp"]\n[sweep]\nrank_by = "luck"\n', [], "cannot rank"),
        ('[grid]\nobjective = ["hrp"]\n', ["--executor", "spark"], "unknown sweep executor"),
        ('[grid]\nname = ["x"]\n', [], "cannot be swept"),
        ("[grid\n", [], "is not valid TOML"),
    ],
)
def test_a_bad_grid_exits_2_before_any_backtest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], grid: str, extra: list[str], message: str
) -> None:
    code = main(["backtest", SPEC, "--sweep", _grid(tmp_path, grid), *extra, "--json"])
    error = json.loads(capsys.readouterr().out)
    assert code == 2 and message in error["message"]


def test_a_dask_cluster_without_dask_installed_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("dask.distributed is installed here")
    grid = _grid(tmp_path, '[grid]\nobjective = ["hrp"]\n')
    code = main(
        [
            "backtest",
            SPEC,
            "--sweep",
            grid,
            "--executor",
            "dask",
            "--address",
            "tcp://127.0.0.1:8786",
            *WINDOW,
            "--json",
        ]
    )
    error = json.loads(capsys.readouterr().out)
    assert code == 1 and "distributed is not installed" in error["message"]
    assert "dask[distributed]" in error["hint"]


def test_backtest_still_defaults_to_the_real_history() -> None:
    args = build_parser().parse_args(["backtest", SPEC])
    assert args.market is None and args.preferred_market == "history"
    assert build_parser().parse_args(["demo"]).preferred_market == "demo"
