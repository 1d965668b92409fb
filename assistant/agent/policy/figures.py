"""The figures in a text and in a turn's records: numbers, tickers and ids, for the checks.

A model's reply is checked against what the turn computed (:mod:`.narration`), so both sides are
reduced to the same things: numbers as written (with their precision, percent sign and k/m
scale), tickers in capitals, hexadecimal ids (plan hashes, decision ids), and clock times. A
time is compared as a time ("expires at 10:12:19" against a record's ``...T10:12:19.734+00:00``),
never as the numbers 10, 12 and 19: a record's seconds carry a fraction, and a reply that cuts
them would otherwise fail whenever the fraction passed one half. Records are walked
whole: every number, every key (assets are keys of weight tables), the figures inside every string
(a summary says "fees 5.23 USDT"), the length of every list and the sum of every table of numbers
(a reply may say "3 orders" or "100%").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

_NUMBER = re.compile(
    r"(?<![\w.])(?P<sign>[-+−])?\$?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>\s?%|\s?(?:percent|per cent|pct|k|K|m|M|bn|million|thousand|grand)\b)?"
)
#: Ids: a plan hash (prefix) or a decision id; digits in them are not numbers.
_ID = re.compile(r"\b(?:d-)?[0-9a-f]{8,64}\b")
_LIST_MARKER = re.compile(r"(?m)^\s*(?:\d{1,2}[.)]|#\d+)\s")
_TICKER = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\b")
#: A clock time in a text (``9:05``, ``09:05:40``) or inside an ISO timestamp (``T09:05:40.7``).
_TIME = re.compile(r"(?:(?<![\w:.])|(?<=\dT))([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?![\d:])")
_SCALE = {"k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9}


@dataclass(frozen=True)
class Figure:
    text: str  # as written: "$5,000", "33.3%", "5k"
    value: float  # the number, scaled: 5000, 33.3, 5000
    percent: bool
    tolerance: float  # half a unit of the last digit written, scaled

    def matches(self, recorded: float, *, as_percent: bool = False) -> bool:
        """The same figure, as written, to the precision it was written with.

        "25%" is 0.25 in a record, or 25 written as a percentage in a text (``as_percent``);
        never a bare 25, which may be 25 days.
        """
        r = abs(recorded)
        if self.percent and not as_percent:
            value, tolerance = abs(self.value) / 100, self.tolerance / 100
        else:
            value, tolerance = abs(self.value), self.tolerance
        return abs(value - r) <= tolerance + 1e-9 * max(1.0, r)


def _masked(text: str) -> str:
    """``text`` with ids, clock times and list markers blanked, positions kept."""
    text = _TIME.sub(lambda m: " " * len(m.group()), text)
    text = _ID.sub(
        lambda m: " " * len(m.group()) if re.search(r"\d", m.group()) else m.group(), text
    )
    return _LIST_MARKER.sub(lambda m: " " * len(m.group()), text)


def figures_in(text: str) -> list[Figure]:
    out: list[Figure] = []
    for m in _NUMBER.finditer(_masked(text)):
        raw = m.group("num").replace(",", "")
        unit = (m.group("unit") or "").strip().lower()
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        scale = _SCALE.get(unit, 1.0)
        value = float(raw) * scale
        tolerance = 0.5 * 10.0**-decimals * scale
        percent = unit in ("%", "percent", "per cent", "pct")
        out.append(Figure(m.group().strip(), value, percent, tolerance))
    return out


def times_in(text: str) -> list[str]:
    """Clock times as ``HH:MM`` or ``HH:MM:SS``, as precise as written (seconds never rounded)."""
    out = []
    for m in _TIME.finditer(text):
        hour, minute, second = m.groups()
        out.append(f"{int(hour):02d}:{minute}" + (f":{second}" if second else ""))
    return out


def ids_in(text: str) -> list[str]:
    return [m.group() for m in _ID.finditer(text) if re.search(r"\d", m.group())]


def tickers_in(text: str, known: Collection[str]) -> list[str]:
    """Known tickers written in capitals, in order, once each ("BTC/USDT" names both)."""
    seen: dict[str, None] = {}
    for m in _TICKER.finditer(text):
        if m.group() in known:
            seen.setdefault(m.group(), None)
    return list(seen)


@dataclass
class Facts:
    """Everything a turn's records state: numbers, capitalised words and ids."""

    numbers: list[float]
    words: set[str]
    ids: list[str]
    percents: list[float] = field(default_factory=list)  # figures written with a percent sign
    times: set[str] = field(default_factory=set)  # "HH:MM" and "HH:MM:SS" of every time stated

    def has_time(self, time: str) -> bool:
        return time in self.times

    def has_number(self, figure: Figure) -> bool:
        if any(figure.matches(n) for n in self.numbers):
            return True
        return figure.percent and any(figure.matches(p, as_percent=True) for p in self.percents)

    def has_id(self, prefix: str) -> bool:
        low = prefix.lower()
        return any(i.lower().startswith(low) or low.startswith(i.lower()) for i in self.ids)


def facts_of(records: Sequence[Any], texts: Sequence[str] = ()) -> Facts:
    """The facts in ``records`` (tool results, decision records) and plain ``texts``."""
    facts = Facts([], set(), [])
    for record in records:
        _walk(record, facts)
    for text in texts:
        _text(text, facts)
    return facts


def _walk(node: Any, facts: Facts) -> None:
    if isinstance(node, bool) or node is None:
        return
    if isinstance(node, int | float):
        facts.numbers.append(float(node))
    elif isinstance(node, str):
        _text(node, facts)
    elif isinstance(node, dict):
        numbers = [
            v for v in node.values() if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        if len(numbers) > 1:
            facts.numbers.append(float(sum(numbers)))
        facts.numbers.append(float(len(node)))
        for key, value in node.items():
            _text(str(key), facts)
            _walk(value, facts)
    elif isinstance(node, list | tuple):
        facts.numbers.append(float(len(node)))
        for item in node:
            _walk(item, facts)


def _text(text: str, facts: Facts) -> None:
    figures = figures_in(text)
    facts.numbers.extend(f.value for f in figures)
    facts.percents.extend(f.value for f in figures if f.percent)
    facts.words.update(_TICKER.findall(text))
    facts.words.update(w.upper() for w in re.findall(r"[A-Za-z][A-Za-z0-9]{1,9}", text))
    facts.ids.extend(ids_in(text))
    for time in times_in(text):
        facts.times.update({time, time[:5]})
    for number in re.findall(r"\d+(?:\.\d+)?", text):
        facts.numbers.append(float(number))
