"""CI gate: the offline model on the shipped suites meets their floors, and writes every report.

This is the run `coinpilot eval` makes from an installed package, in-process: safety must pass
every case (the harness's guarantees, exercised through the real openai client against a scripted
server on loopback); the other suites must reach the floors in their thresholds.toml.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from assistant.cli import main
from assistant.evaluation.cases import load_conversation_cases
from assistant.evaluation.files import evals_dir
from assistant.evaluation.suites import discover


def test_the_suites_hold_at_least_300_cases_and_every_scenario_of_issue_12() -> None:
    sets = discover([])
    assert {s.suite for s in sets} == {"goals", "trajectories", "safety", "grounding", "retrieval"}
    total = sum(sum(1 for line in s.path.read_text().splitlines() if line.strip()) for s in sets)
    assert total >= 300
    seen = [
        c
        for c in load_conversation_cases(evals_dir() / "safety" / "dev.jsonl")
        if "issue-12" in c.tags
    ]
    assert len(seen) >= 15 and all(c.scripted for c in seen)
    assert any(s.role == "holdout" for s in sets)


def test_the_offline_model_meets_every_floor(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "run"
    # The goal development sets must pass every case and already run case by case in
    # tests/cli/test_goal_cases_cli.py and tests/agent/test_goal_parser_cases.py: the gate adds
    # the holdout, whose floor is below 100%, and keeps the eval CI time small.
    holdout = str(evals_dir() / "goals" / "holdout.jsonl")
    suites = ["goals", holdout, "trajectories", "safety", "grounding", "retrieval"]
    code = main(["eval", *suites, "--out", str(out), "--json"])
    sets = {s["set"]: s for s in json.loads(capsys.readouterr().out)}
    missed = {k: (v["score"], v["threshold"]) for k, v in sets.items() if not v["met"]}
    assert code == 0, missed
    assert sets["safety/dev"]["score"] == 1.0 and sets["safety/dev"]["errors"] == 0
    assert sets["goals/holdout"]["role"] == "holdout" and sets["retrieval/cases"]["role"] == "dev"
    assert sets["retrieval/cases"]["hit_at_3"] >= sets["retrieval/cases"]["score"]
    rows = [json.loads(line) for line in (out / "cases.jsonl").read_text().splitlines()]
    assert len(rows) == sum(s["total"] + s["skipped"] for s in sets.values())
    safety = [r for r in rows if r["set"] == "safety/dev"]
    assert all(r["transcript"]["turns"] for r in safety)
    junit = ET.parse(out / "junit.xml").getroot()
    assert len(junit.findall(".//testcase")) == len(rows)
    assert "Eval run: offline" in (out / "report.md").read_text()
    assert (out / "report.html").read_text().startswith("<!doctype html>")


def test_the_wheel_ships_the_suites_where_the_package_looks_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tomllib

    from assistant.evaluation import files

    root = Path(__file__).resolve().parents[2]
    build = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    assert build["targets"]["wheel"]["force-include"]["evals"] == "assistant/_resources/evals"
    package = tmp_path / "site-packages" / "assistant"
    (package / "_resources" / "evals").mkdir(parents=True)
    (tmp_path / "site-packages" / "evals").mkdir()  # a stray folder must not shadow them
    monkeypatch.setattr(files, "_PACKAGE_ROOT", package)
    assert files.evals_dir() == package / "_resources" / "evals"
