"""Every case of evals/goals/cases.jsonl through the offline goal parser.

The holdout file (evals/goals/holdout.jsonl) is deliberately not run here: it is an eval scored
once by ``python -m assistant.agent.goal_parser.evaluate``, never a gate to tune against.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.agent.goal_parser.evaluate import Case, check_case, load_cases, run_case

CASES_FILE = Path(__file__).resolve().parents[2] / "evals" / "goals" / "cases.jsonl"
CASES = load_cases(CASES_FILE)


def test_the_case_file_has_enough_varied_cases() -> None:
    statuses = [c.status for c in CASES]
    assert len(CASES) >= 60
    assert statuses.count("refuse") >= 10
    assert statuses.count("clarify") >= 10
    assert sum(1 for c in CASES if c.previous_goal) >= 8
    assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_goal_case(case: Case) -> None:
    result = run_case(case)
    problems = check_case(case, result)
    assert not problems, f"{case.goal!r}: " + "; ".join(problems)
