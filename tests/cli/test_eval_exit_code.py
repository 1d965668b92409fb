"""`coinpilot eval goals` exits 1 when a suite scores below its recorded threshold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

RIGHT = {
    "id": "a",
    "goal": "BTC and ETH, $5,000, monthly",
    "status": "ok",
    "expect": {"capital": 5000},
}
WRONG = {"id": "b", "goal": "BTC and ETH, $5,000, weekly", "status": "ok", "expect": {"capital": 1}}


def suite(folder: Path, *cases: dict, floor: float | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "market.json").write_text(json.dumps({"tickers": ["BTC", "ETH", "SOL"]}))
    path = folder / "mine.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases))
    if floor is not None:
        (folder / "thresholds.toml").write_text(f'"mine.jsonl" = {floor}\n')
    return path


def run_eval(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict]:
    code = main(["eval", "goals", str(path), "--json"])
    (report,) = json.loads(capsys.readouterr().out)
    return code, report


def test_a_suite_without_a_recorded_threshold_must_pass_every_case(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, report = run_eval(capsys, suite(tmp_path / "s", RIGHT, WRONG))
    assert (code, report["passed"], report["total"]) == (1, 1, 2)
    assert (report["threshold"], report["met"]) == (1.0, False)
    assert run_eval(capsys, suite(tmp_path / "t", RIGHT))[0] == 0


def test_a_suite_at_or_above_its_recorded_threshold_exits_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, report = run_eval(capsys, suite(tmp_path / "s", RIGHT, WRONG, floor=0.5))
    assert (code, report["score"], report["met"]) == (0, 0.5, True)
    assert run_eval(capsys, suite(tmp_path / "t", RIGHT, WRONG, floor=0.51))[0] == 1


def test_a_suite_with_every_case_skipped_is_not_a_pass(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unlisted = {**RIGHT, "goal": "XMR, $5,000, monthly", "expect": {"universe.symbols": ["XMR"]}}
    code, report = run_eval(capsys, suite(tmp_path / "s", unlisted))  # demo lists no XMR
    assert (code, report["total"], report["skipped"]) == (1, 0, 1)
