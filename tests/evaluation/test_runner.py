"""The runner and its parts with a stand-in subject: errors mark a case and the run goes on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.domain import CoinPilotError
from assistant.evaluation.cases import ConversationCase
from assistant.evaluation.compare import compare_runs, fisher_exact
from assistant.evaluation.goals import GoalCase
from assistant.evaluation.reports import write_run
from assistant.evaluation.runner import run_sets
from assistant.evaluation.suites import CaseSet
from assistant.evaluation.trajectory import match_trajectory
from assistant.evaluation.transcript import Transcript, TurnRecord


class Stub:
    label = "stub"

    def __init__(self, broken: set[str]) -> None:
        self.broken = broken

    def listed(self) -> set[str]:
        return {"BTC", "ETH"}

    def goal(self, case: GoalCase) -> tuple[dict[str, Any], Transcript]:
        raise NotImplementedError

    def retrieve(self, query: str, k: int = 3) -> list[str]:
        raise NotImplementedError

    def conversation(self, case: ConversationCase) -> Transcript:
        if case.id in self.broken:
            raise CoinPilotError("The model server failed (HTTP 500).")
        calls = [{"name": "portfolio", "args": {}, "outcome": "ok"}]
        return Transcript(turns=[TurnRecord(case.turns[0], "answer", "ok", tool_calls=calls)])


def case_set(tmp_path: Path, rows: list[dict[str, Any]]) -> CaseSet:
    path = tmp_path / "dev.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return CaseSet("trajectories", "dev", path, 0.5)


ROWS = [
    {"id": "a", "turns": ["q"], "expect": {"trajectory": {"calls": [{"name": "portfolio"}]}}},
    {"id": "b", "turns": ["q"], "expect": {"forbidden_tools": ["portfolio"]}},
    {"id": "c", "turns": ["q"], "expect": {}},
]


def test_a_provider_error_marks_its_case_and_the_run_goes_on(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    run = run_sets(
        [case_set(tmp_path, ROWS)],
        Stub({"a"}),
        repeat=2,
        progress=lambda label, done, total, r: seen.append((done, total)),
    )
    (result,) = run.sets
    verdicts = [(r.case_id, r.verdict) for r in result.results]
    assert verdicts == [("a", "error"), ("b", "fail"), ("c", "pass")] * 2
    assert result.summary()["errors"] == 2 and result.score == pytest.approx(1 / 3)
    assert not result.met  # errors count against the pass rate
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)


def test_reports_and_a_comparison_from_the_run_folders(tmp_path: Path) -> None:
    sets = [case_set(tmp_path, ROWS)]
    write_run(run_sets(sets, Stub({"a"})), tmp_path / "a")
    files = write_run(run_sets(sets, Stub(set())), tmp_path / "b")
    assert [p.name for p in files] == [
        "cases.jsonl",
        "summary.json",
        "report.md",
        "junit.xml",
        "report.html",
    ]
    diff = compare_runs(tmp_path / "a", tmp_path / "b")
    assert [(c.case_id, c.a, c.b) for c in diff.cases] == [("a", 0.0, 1.0)]
    assert diff.sets[0].delta == pytest.approx(1 / 3)


def test_fisher_exact_matches_known_values() -> None:
    assert fisher_exact((3, 3), (3, 3)) == pytest.approx(1.0)
    # scipy.stats.fisher_exact([[8, 2], [1, 5]]) -> p = 0.0349650...
    assert fisher_exact((8, 10), (1, 6)) == pytest.approx(0.034965, abs=1e-5)


@pytest.mark.parametrize(
    ("mode", "calls", "ok"),
    [
        ("strict", ["a", "b"], True),
        ("strict", ["b", "a"], False),
        ("unordered", ["b", "a"], True),
        ("unordered", ["a"], False),
        ("subset", ["a"], True),
        ("subset", ["a", "c"], False),
        ("superset", ["a", "b", "c"], True),
        ("superset", ["a", "c"], False),
    ],
)
def test_trajectory_modes(mode: str, calls: list[str], ok: bool) -> None:
    reference: list[dict[str, Any]] = [
        {"name": "a"},
        {"name": "b", "args": {"spec.capital": {"$gte": 100}}},
    ]
    actual = [{"name": n, "args": {"spec": {"capital": 500}}} for n in calls]
    assert (match_trajectory(actual, reference, mode) == []) is ok
