"""Score goal cases (``evals/goals/*.jsonl``) against :func:`parse_goal`.

Usage::

    python -m assistant.agent.goal_parser.evaluate evals/goals/holdout.jsonl [--verbose]

A case is one JSON object per line: ``goal``, the expected ``status``, optional ``expect``
(dotted spec paths -> values; lists compare as sets, numbers to 1e-4), ``message_contains``
(case-insensitive substrings), ``previous_goal`` (parsed first; the case edits its spec) and
``market`` (tickers; default: ``market.json`` beside the case file). The pytest over
``cases.jsonl`` and this runner share :func:`check_case`. This module must never change a case
or a score to make it pass.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.domain import UserInputError, parse_spec

from .parser import parse_goal
from .result import GoalResult


@dataclass(frozen=True)
class Case:
    id: str
    goal: str
    status: str
    market: list[str]
    expect: dict[str, Any] = field(default_factory=dict)
    message_contains: list[str] = field(default_factory=list)
    previous_goal: str | None = None


@dataclass
class Report:
    total: int = 0
    passed: int = 0
    failures: list[tuple[Case, list[str]]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


def load_cases(path: Path) -> list[Case]:
    """Every case of a JSONL file; a malformed line is an error naming the line."""
    default_market = _default_market(path)
    cases: list[Case] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            market = raw.get("market", default_market)
            if market is None:
                raise KeyError("market (no market.json beside the file)")
            cases.append(
                Case(
                    id=str(raw.get("id", f"line{number}")),
                    goal=raw["goal"],
                    status=raw["status"],
                    market=list(market),
                    expect=dict(raw.get("expect", {})),
                    message_contains=list(raw.get("message_contains", [])),
                    previous_goal=raw.get("previous_goal"),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise UserInputError(
                f"{path}:{number} is not a valid goal case ({exc}).",
                hint="Each line needs at least 'goal' and 'status'.",
            ) from None
    return cases


def _default_market(path: Path) -> list[str] | None:
    market = path.with_name("market.json")
    if not market.exists():
        return None
    tickers: list[str] = json.loads(market.read_text("utf-8"))["tickers"]
    return tickers


def run_case(case: Case) -> GoalResult:
    previous = None
    if case.previous_goal is not None:
        first = parse_goal(case.previous_goal, known_symbols=case.market)
        if first.status != "ok" or first.spec is None:
            raise UserInputError(
                f"case {case.id}: its previous_goal gave {first.status}: {first.message}"
            )
        previous = parse_spec(first.spec)
    return parse_goal(case.goal, known_symbols=case.market, previous=previous)


def check_case(case: Case, result: GoalResult) -> list[str]:
    """What differs from the case's expectations; empty when the case passes."""
    problems: list[str] = []
    if result.status != case.status:
        problems.append(f"status {result.status!r}, expected {case.status!r}: {result.message}")
        return problems
    if case.status != "ok" and result.spec is not None:
        problems.append("a non-ok result carries a spec")
    if case.status == "ok":
        if result.spec is None:
            return [*problems, "an ok result without a spec"]
        parse_spec(result.spec)  # must round-trip
        for path, want in case.expect.items():
            got = _get(result.spec, path)
            if not _same(got, want):
                problems.append(f"{path} = {got!r}, expected {want!r}")
    for text in case.message_contains:
        if text.lower() not in result.message.lower():
            problems.append(f"message lacks {text!r}: {result.message}")
    return problems


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return "<missing>"
        node = node[key]
    return node


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, list) and isinstance(got, list):
        return sorted(map(str, got)) == sorted(map(str, want))
    if isinstance(want, int | float) and isinstance(got, int | float):
        return not isinstance(got, bool) and math.isclose(got, want, abs_tol=1e-4)
    return bool(got == want)


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
