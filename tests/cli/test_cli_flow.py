"""End to end through the command line: spec-check -> plan -> confirm -> portfolio -> journal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict | list]:
    code = main([*args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_spec_to_plan_to_confirm_to_portfolio_to_journal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = str(EXAMPLES / "hrp_core.toml")
    code, checked = run(capsys, "spec-check", spec)
    assert code == 0 and checked["ok"] and len(checked["symbols"]) == 5

    code, plan = run(capsys, "plan", spec)
    assert code == 0 and plan["trigger"] == "initial"
    assert len(plan["plan_hash"]) == 64 and plan["orders"]

    code, decision = run(capsys, "confirm", plan["plan_hash"][:16])
    assert code == 0 and decision["plan_hash"] == plan["plan_hash"]
    assert all(r["status"] == "filled" for r in decision["results"])

    code, status = run(capsys, "portfolio")
    assert code == 0 and status["simulated"] is True
    assert {h["asset"] for h in status["holdings"]} == {"BTC", "ETH", "SOL", "BNB", "XRP"}

    code, entries = run(capsys, "journal")
    kinds = [e["kind"] for e in entries]
    assert kinds[0] == "confirmation" and "decision" in kinds and "fill" in kinds

    code, why = run(capsys, "why")
    assert why["decision_id"] == decision["decision_id"]


def test_every_example_spec_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(EXAMPLES.glob("*.toml"))
    assert len(files) >= 3
    for f in files:
        code, checked = run(capsys, "spec-check", str(f))
        assert code == 0 and checked["ok"], f


def test_bad_spec_file_exits_2_with_readable_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[universe]\nsymbols = ["BTC", "NOPE"]\n[rebalance]\ndrift_threshold = 0.05\n'
        "[constraints]\ncash_reserve = -0.1\n"
    )
    code, err = run(capsys, "spec-check", str(bad))
    assert code == 2 and err["error"] == "invalid_spec"
    assert "cash_reserve" in err["message"]


def test_unknown_symbol_names_the_symbol(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[universe]\nsymbols = ["BTC", "SOLL"]\n[rebalance]\ndrift_threshold = 0.05\n')
    code, err = run(capsys, "plan", str(bad))
    assert code == 2 and "SOLL" in err["message"]


def test_confirm_of_an_unknown_hash_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, "confirm", "0123456789abcdef")
    assert code == 2 and err["error"] == "plan_refused"
    code, entries = run(capsys, "journal")
    assert entries == []


def test_corrupt_journal_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], _isolated_home: Path
) -> None:
    _isolated_home.mkdir(parents=True, exist_ok=True)
    db = _isolated_home / "journal.db"
    db.write_bytes(b"this is not a database" * 100)
    code, err = run(capsys, "portfolio")
    assert code == 2 and err["error"] == "journal"  # a damaged journal is bad input
    assert str(db) in err["message"]
    assert db.read_bytes() == b"this is not a database" * 100


def test_corrupt_config_names_file_and_field(
    capsys: pytest.CaptureFixture[str], _isolated_home: Path
) -> None:
    _isolated_home.mkdir(parents=True, exist_ok=True)
    (_isolated_home / "config.toml").write_text("plan_ttl_seconds = 'soon'\n")
    code, err = run(capsys, "portfolio")
    assert code == 2 and err["error"] == "config"
    assert "plan_ttl_seconds" in err["message"] and "config.toml" in err["message"]


def test_optimize_reads_a_wide_csv_of_closes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import numpy as np

    rng = np.random.default_rng(1)
    prices = 100 * np.exp(np.cumsum(rng.normal(0, 0.02, size=(200, 4)), axis=0))
    lines = ["timestamp,AAA,BBB,CCC,DDD"]
    for i, row in enumerate(prices):
        day = np.datetime64("2024-01-01") + i
        lines.append(f"{day}," + ",".join(f"{p:.6f}" for p in row))
    path = tmp_path / "closes.csv"
    path.write_text("\n".join(lines) + "\n")
    code, out = run(capsys, "optimize", "--prices", str(path), "--objective", "hrp")
    assert code == 0 and out["observations"] == 199
    assert abs(sum(out["weights"].values()) - 1.0) < 1e-9


def test_optimize_rejects_a_nan_price(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "closes.csv"
    path.write_text("timestamp,AAA,BBB\n2024-01-01,1,2\n2024-01-02,nan,2\n2024-01-03,1,2\n")
    code, err = run(capsys, "optimize", "--prices", str(path))
    assert code == 2 and err["error"] == "data"


@pytest.mark.shared_data
def test_optimize_on_the_real_daily_data(
    capsys: pytest.CaptureFixture[str], shared_data: Path
) -> None:
    code, out = run(
        capsys, "optimize", "--prices", str(shared_data / "market" / "daily"), "--linkage", "ward"
    )
    assert code == 0 and len(out["weights"]) == 21
    assert out["start"].startswith("2021-05-10")


@pytest.mark.shared_data
def test_backtest_on_the_real_daily_data_with_compare_and_report(
    capsys: pytest.CaptureFixture[str], shared_data: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    code, out = run(
        capsys,
        "backtest",
        str(EXAMPLES / "hrp_core.toml"),
        "--market",
        f"csv:{shared_data / 'market' / 'daily'}",
        "--from",
        "2020-01-01",
        "--to",
        "2025-12-31",
        "--compare",
        "--report",
        str(report),
    )
    assert code == 0
    names = [r["name"] for r in out["results"]]
    assert names[0] == "hrp-core v1" and "BTC buy and hold" in names
    metrics = out["results"][0]["metrics"]
    assert metrics["yearly_returns"]["2022"] < 0  # the 2022 bear market is in there
    assert report.read_text().startswith("<!DOCTYPE html>")


def test_backtest_on_the_demo_market_gives_metrics(capsys: pytest.CaptureFixture[str]) -> None:
    spec = str(EXAMPLES / "equal_weight_monthly.toml")
    code, out = run(capsys, "backtest", spec, "--market", "demo")
    assert code == 0 and out["metrics"]["rebalances"] > 10
    assert set(out["metrics"]) >= {"cagr", "volatility", "sharpe", "sortino", "calmar", "win_rate"}
