"""The goal suite: plain-English goals and what a correct answer must contain.

A case (one JSON object per line of ``evals/goals/*.jsonl``): ``goal``, the expected ``status``
(ok | clarify | refuse), optional ``expect`` (dotted spec paths -> values; lists compare as sets,
numbers to 1e-4), ``message_contains`` (case-insensitive substrings), ``previous_goal`` (answered
first; the case then edits that spec), ``market`` (the tickers coins resolve against; default
``market.json`` beside the file) and ``rates`` (the conversion rates that market quotes, currency
-> USDT per unit; default ``market.json``'s, which are the demo's on the eval day, so a bare-parser
run converts "€5,000" as the demo market does). Any subject can be scored: the bare offline
parser, or the whole assistant through ``coinpilot spec --json`` with the offline model or an
LLM. This module must never change a case or a score to make it pass.
"""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.domain import UserInputError, parse_spec, read_file_text

#: An eval suite is at most a few thousand short lines.
CASES_MAX_BYTES = 16 << 20


@dataclass(frozen=True)
class GoalCase:
    id: str
    goal: str
    status: str
    market: list[str]
    expect: dict[str, Any] = field(default_factory=dict)
    message_contains: list[str] = field(default_factory=list)
    previous_goal: str | None = None
    rates: dict[str, str] = field(default_factory=dict)

    def coins_expected(self) -> set[str]:
        symbols = self.expect.get("universe.symbols")
        return set(symbols) if isinstance(symbols, list) else set()


def load_goal_cases(path: Path) -> list[GoalCase]:
    """Every case of a JSONL file; a malformed line is an error naming the line."""
    default_market = _default_market(path)
    default_rates = _default_rates(path)
    cases: list[GoalCase] = []
    text = read_file_text(path, limit=CASES_MAX_BYTES, what="the case file")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw.get("goal"), str):
                raise TypeError("'goal' must be text")
            market = raw.get("market", default_market)
            if market is None:
                raise KeyError("market (no market.json beside the file)")
            cases.append(
                GoalCase(
                    id=str(raw.get("id", f"line{number}")),
                    goal=raw["goal"],
                    status=raw["status"],
                    market=list(market),
                    expect=dict(raw.get("expect", {})),
                    message_contains=list(raw.get("message_contains", [])),
                    previous_goal=raw.get("previous_goal"),
                    rates={str(k): str(v) for k, v in raw.get("rates", default_rates).items()},
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise UserInputError(
                f"{path}:{number} is not a valid goal case ({exc}).",
                hint="Each line needs at least 'goal' and 'status'.",
            ) from None
    return cases


THRESHOLDS = "thresholds.toml"


def pass_threshold(path: Path) -> float:
    """The pass rate ``path`` must reach, from ``thresholds.toml`` beside it; 1.0 if not listed.

    A threshold is a floor recorded from a measured run (see evals/goals/README.md), so a set
    that no longer reaches it is a regression; a file with no recorded floor must pass every case.
    """
    table = path.with_name(THRESHOLDS)
    if not table.exists():
        return 1.0
    try:
        floors = tomllib.loads(table.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UserInputError(f"{table} is not valid TOML ({exc}).") from None
    value = floors.get(path.name, 1.0)
    if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise UserInputError(f"{table}: '{path.name}' must be a pass rate from 0 to 1.")
    return float(value)


def _default_market(path: Path) -> list[str] | None:
    market = path.with_name("market.json")
    if not market.exists():
        return None
    try:
        tickers = json.loads(read_file_text(market, limit=CASES_MAX_BYTES, what="the market"))
        return [str(t) for t in tickers["tickers"]]
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise UserInputError(
            f"{market} is not a market list ({exc}).",
            hint='Write {"tickers": ["BTC", "ETH", ...]}.',
        ) from None


def _default_rates(path: Path) -> dict[str, str]:
    market = path.with_name("market.json")
    if not market.exists():
        return {}
    try:
        data = json.loads(read_file_text(market, limit=CASES_MAX_BYTES, what="the market"))
        return {str(k): str(v) for k, v in dict(data.get("rates", {})).items()}
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise UserInputError(
            f"{market} has unreadable rates ({exc}).", hint='Write "rates": {"EUR": "1.0908"}.'
        ) from None


def check_answer(
    case: GoalCase, status: str, message: str, spec: dict[str, Any] | None
) -> list[str]:
    """What differs from the case's expectations; empty when the answer passes."""
    if status != case.status:
        return [f"status {status!r}, expected {case.status!r}: {message}"]
    problems: list[str] = []
    if case.status != "ok" and spec is not None:
        problems.append("a non-ok result carries a spec")
    if case.status == "ok":
        if spec is None:
            return [*problems, "an ok result without a spec"]
        parse_spec(spec)  # must round-trip
        for path, want in case.expect.items():
            got = _get(spec, path)
            if not _same(got, want):
                problems.append(f"{path} = {got!r}, expected {want!r}")
    for text in case.message_contains:
        if text.lower() not in message.lower():
            problems.append(f"message lacks {text!r}: {message}")
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


def cannot_run(case: GoalCase, listed: set[str]) -> str:
    """Why a market listing ``listed`` cannot score the case ("" when it can): a coin the case
    expects is not listed, or a coin it expects to be called unknown is listed there."""
    missing = case.coins_expected() - listed
    if missing:
        return f"{', '.join(sorted(missing))} not listed"
    extra = {t.upper() for t in case.message_contains} & (listed - set(case.market))
    if extra:
        return f"{', '.join(sorted(extra))} listed here but unknown to the case"
    return ""
