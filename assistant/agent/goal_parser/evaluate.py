"""Score goal cases (``evals/goals/*.jsonl``) against :func:`parse_goal`.

Usage::

    python -m assistant.agent.goal_parser.evaluate evals/goals/dev2.jsonl [--verbose]

A case is one JSON object per line: ``goal``, the expected ``status``, optional ``expect``
(dotted spec paths -> values; lists compare as sets, numbers to 1e-4), ``message_contains``
(case-insensitive substrings), ``previous_goal`` (parsed first; the case edits its spec) and
``market`` (tickers; default: ``market.json`` beside the case file). The pytest over
``cases.jsonl`` and this runner share :func:`check_case`. This module must never change a case
or a score to make it pass.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from assistant.domain import StrategySpec, UserInputError, parse_spec
from assistant.evaluation import GoalCase, check_answer, load_goal_cases

from .facts import Rate
from .parser import parse_goal
from .result import GoalResult

Case = GoalCase
load_cases = load_goal_cases


@dataclass
class Report:
    total: int = 0
    passed: int = 0
    failures: list[tuple[Case, list[str]]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


def case_rates(case: Case) -> dict[str, Rate]:
    """The case market's rates, in the form a caller hands the parser after fetching them."""
    return {
        c.upper(): Rate(c.upper(), Decimal(v), f"{c.upper()}/USDT on the case's market")
        for c, v in case.rates.items()
    }


def _parse(case: Case, goal: str, previous: StrategySpec | None) -> GoalResult:
    """As the goal turn does: parse, and again with the market's rates when some were needed."""
    result = parse_goal(goal, known_symbols=case.market, previous=previous)
    rates = {c: r for c, r in case_rates(case).items() if c in result.rates_needed}
    if rates:
        result = parse_goal(goal, known_symbols=case.market, previous=previous, rates=rates)
    return result


def run_case(case: Case) -> GoalResult:
    previous = None
    if case.previous_goal is not None:
        first = _parse(case, case.previous_goal, None)
        if first.status != "ok" or first.spec is None:
            raise UserInputError(
                f"case {case.id}: its previous_goal gave {first.status}: {first.message}"
            )
        previous = parse_spec(first.spec)
    return _parse(case, case.goal, previous)


def check_case(case: Case, result: GoalResult) -> list[str]:
    """What differs from the case's expectations; empty when the case passes."""
    return check_answer(case, result.status, result.message, result.spec)


def evaluate(path: Path) -> Report:
    report = Report()
    for case in load_cases(path):
        start = time.perf_counter()
        result = run_case(case)
        report.seconds.append(time.perf_counter() - start)
        problems = check_case(case, result)
        report.total += 1
        if problems:
            report.failures.append((case, problems))
        else:
            report.passed += 1
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--verbose", action="store_true", help="print every failure in full")
    args = parser.parse_args(argv)
    failed = 0
    for path in args.paths:
        report = evaluate(path)
        times = sorted(report.seconds)
        median = statistics.median(times) * 1000 if times else 0.0
        p95 = times[int(0.95 * (len(times) - 1))] * 1000 if times else 0.0
        print(
            f"{path}: {report.passed}/{report.total} passed "
            f"({100 * report.passed / max(report.total, 1):.0f}%); "
            f"per goal median {median:.2f} ms, p95 {p95:.2f} ms"
        )
        for case, problems in report.failures:
            print(f"  FAIL {case.id}: {case.goal}")
            for problem in problems if args.verbose else problems[:1]:
                print(f"      {problem}")
        failed += len(report.failures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
