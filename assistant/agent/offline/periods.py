"""The period a backtest question asks about: "over the last 3 years", "since 2021", "during 2022".

Read by rule from the person's words into ``run_backtest`` arguments: a relative window becomes
``last_days`` (counted back from the end of the market's history, not from today, so it means the
same on data that stops earlier), a year becomes ``start``/``end`` dates. A question with no
period replays the whole history. This module must never run anything.
"""

from __future__ import annotations

import re
from typing import Any

_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18,
}  # fmt: skip
_COUNT = r"(?P<n>\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
_UNIT = r"(?P<unit>day|week|month|quarter|year)s?"
_LAST = re.compile(rf"\b(?:last|past|previous|recent|trailing)\s+(?:{_COUNT}\s+)?{_UNIT}\b", re.I)
_AGO = re.compile(rf"\b{_COUNT}\s+{_UNIT}\s+ago\b", re.I)
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"
_BETWEEN = re.compile(
    rf"\b(?:between|from)\s+{_YEAR.format(g='a')}\s+(?:and|to|until|till|through|-)\s+"
    rf"{_YEAR.format(g='b')}\b",
    re.I,
)
_SINCE = re.compile(rf"\b(?:since|from|starting(?: in)?|after)\s+{_YEAR.format(g='y')}\b", re.I)
_DURING = re.compile(rf"\b(?:during|in|for|over|throughout|across)\s+{_YEAR.format(g='y')}\b", re.I)


def backtest_window(text: str) -> dict[str, Any]:
    """``run_backtest`` arguments for the period ``text`` names; empty for the whole history."""
    if m := _BETWEEN.search(text):
        first, last = sorted((m.group("a"), m.group("b")))
        return {"start": f"{first}-01-01", "end": f"{last}-12-31"}
    if m := _SINCE.search(text):
        return {"start": f"{m.group('y')}-01-01"}
    if m := _DURING.search(text):
        return {"start": f"{m.group('y')}-01-01", "end": f"{m.group('y')}-12-31"}
    if m := _LAST.search(text) or _AGO.search(text):
        raw = (m.group("n") or "1").lower()
        count = float(_NUMBER_WORDS.get(raw, 0) or raw)
        return {"last_days": max(1, round(count * _UNIT_DAYS[m.group("unit").lower()]))}
    return {}


def describe_window(args: dict[str, Any]) -> str:
    """The period in words, for the reply: 'the last 1095 days of history', '2022'."""
    if "last_days" in args:
        return f"the last {args['last_days']} days of the market's history"
    start, end = args.get("start"), args.get("end")
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"{start} onwards"
    return "the whole history"
