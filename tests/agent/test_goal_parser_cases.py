"""Every case of the development sets (evals/goals/cases.jsonl, dev2, dev3 and dev4.jsonl)
through the parser.

The holdouts (evals/goals/holdout.jsonl, holdout2.jsonl) are deliberately not run here: they are
scored by ``coinpilot eval goals``, never a gate to tune the parser against.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.agent.goal_parser.evaluate import Case, check_case, load_cases, run_case

GOALS = Path(__file__).resolve().parents[2] / "evals" / "goals"
CASES = load_cases(GOALS / "cases.jsonl")
DEV2 = load_cases(GOALS / "dev2.jsonl")
DEV3 = load_cases(GOALS / "dev3.jsonl")
DEV4 = load_cases(GOALS / "dev4.jsonl")
DEV = CASES + DEV2 + DEV3 + DEV4


def test_the_case_file_has_enough_varied_cases() -> None:
    statuses = [c.status for c in CASES]
    assert len(CASES) >= 60
    assert statuses.count("refuse") >= 10
    assert statuses.count("clarify") >= 10
    assert sum(1 for c in CASES if c.previous_goal) >= 8
    assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"


def test_the_development_sets_hold_at_least_300_goals_with_multi_turn_edits() -> None:
    every = DEV
    assert len(every) >= 300
    assert sum(1 for c in every if c.previous_goal) >= 60
    assert len({c.id for c in every}) == len(every), "case ids must be unique"


@pytest.mark.parametrize("case", DEV, ids=[c.id for c in DEV])
def test_goal_case(case: Case) -> None:
    result = run_case(case)
    problems = check_case(case, result)
    assert not problems, f"{case.goal!r}: " + "; ".join(problems)
