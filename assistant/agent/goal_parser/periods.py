"""Calendar rebalancing: "weekly", "every two weeks", "twice a year", "every 10 days".

Day counts come from ``data/periods.json`` (a month is 30 days, a quarter 90). A rule finer than
a day or longer than a year is a question, never a silent clamp. This module must never read
drift thresholds (those are shares, see :mod:`shares`).
"""

from __future__ import annotations

import re
from functools import cache

from . import vocab
from .facts import Facts
from .text import Text, best_matches, whole_words


@cache
def _patterns() -> tuple[
    tuple[tuple[re.Pattern[str], str], ...], re.Pattern[str], re.Pattern[str], re.Pattern[str]
]:
    data = vocab.load("periods")
    fixed = tuple((whole_words(p), str(days)) for p, days in data["fixed"])
    units = "|".join(sorted(data["unit_days"], key=len, reverse=True))
    every = whole_words(rf"(?:once )?every (\d+)(?:st|nd|rd|th)? ({units})")
    per = whole_words(
        rf"(\d+|once|twice|thrice) (?:times? )?(?:a|per|each|every) ({units})|"
        rf"(\d+) (?:times|rebalances) (?:a|per) ({units})"
    )
    return fixed, every, per, whole_words(data["sub_daily"])


def extract_periods(text: Text, facts: Facts) -> None:
    """Append every calendar rule found as (days, phrase) and consume it."""
    fixed, every, per, sub_daily = _patterns()
    unit_days: dict[str, int] = vocab.load("periods")["unit_days"]
    for match in sub_daily.finditer(text.masked):
        phrase = text.consume(match.start(), match.end())
        facts.ask(
            f'"{phrase}" is more often than CoinPilot rebalances: the shortest calendar rule is '
            "daily. Say 'daily', or give a drift threshold such as 'when any weight drifts 5%'."
        )
    for match in every.finditer(text.masked):
        days = int(match.group(1)) * unit_days[match.group(2)]
        _add(text, facts, match, days)
    for match in per.finditer(text.masked):
        count_word = match.group(1) or match.group(3)
        unit = match.group(2) or match.group(4)
        count = {"once": 1, "twice": 2, "thrice": 3}.get(count_word) or int(count_word)
        if count == 0:
            continue
        _add(text, facts, match, round(unit_days[unit] / count))
    for start, end, label in best_matches(text.masked, fixed):
        _add(text, facts, (start, end), int(label))


def _add(text: Text, facts: Facts, match: re.Match[str] | tuple[int, int], days: int) -> None:
    start, end = match if isinstance(match, tuple) else match.span()
    phrase = text.consume(start, end)
    if days < 1:
        facts.ask(f'"{phrase}" is more often than daily; the shortest calendar rule is daily.')
    elif days > 366:
        facts.ask(
            f'"{phrase}" is {days} days; the longest calendar rule is a year (366 days). '
            "Say 'yearly' or a shorter period."
        )
    else:
        facts.periods.append((days, phrase))
