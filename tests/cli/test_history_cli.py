"""The README's backtest and optimize commands on the shipped real history: no files, no network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_backtest_without_a_market_replays_the_real_history_with_compare_and_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    spec = str(EXAMPLES / "hrp_core.toml")
    args = ["--from", "2021-01-01", "--to", "2025-12-31", "--compare", "--report", str(report)]
    code, out = run(capsys, "backtest", spec, *args)
    assert code == 0
    names = [r["name"] for r in out["results"]]
    assert names[0] == "hrp-core v1" and "BTC buy and hold" in names
    metrics = out["results"][0]["metrics"]
    assert metrics["end"].startswith("2025-12-31")
    assert metrics["yearly_returns"]["2022"] < 0  # the real 2022 bear market
    assert report.read_text().startswith("<!DOCTYPE html>")


def test_backtest_follows_the_market_the_person_chose(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = str(EXAMPLES / "equal_weight_monthly.toml")
    code, real = run(capsys, "backtest", spec, "--from", "2025-06-01")
    assert code == 0 and real["metrics"]["end"].startswith("2026-01-05")
    monkeypatch.setenv("COINPILOT_MARKET", "demo")
    code, demo = run(capsys, "backtest", spec, "--from", "2025-06-01")
    assert code == 0 and demo["fingerprint"] != real["fingerprint"]
    assert not demo["metrics"]["end"].startswith("2026-01-05")


def test_optimize_without_prices_reads_the_shipped_history(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run(capsys, "optimize", "--objective", "hrp", "--linkage", "single")
    assert code == 0 and out["source"] == "history" and len(out["weights"]) == 21
    assert out["start"].startswith("2021-05-10")  # SHIB's listing: the first day all 21 share
    assert out["end"].startswith("2024-02-19")  # XMR's delisting ends the shared window
    assert abs(sum(out["weights"].values()) + out["cash"] - 1.0) < 1e-9


@pytest.mark.shared_data
def test_optimize_on_the_history_equals_optimize_on_the_held_out_folder(
    capsys: pytest.CaptureFixture[str], shared_data: Path
) -> None:
    _, shipped = run(capsys, "optimize", "--linkage", "ward")
    _, held_out = run(
        capsys, "optimize", "--prices", str(shared_data / "market" / "daily"), "--linkage", "ward"
    )
    assert shipped["weights"] == held_out["weights"] and shipped["start"] == held_out["start"]
