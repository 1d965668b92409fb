"""Requests CoinPilot refuses outright: leverage, shorting, borrowing, promised returns,
trading without confirmation, manipulation.

A refusal is decided before anything else is read, so a refused goal never yields a spec.
A person ruling something out ("no leverage", "never short") is not refused. This module must
never soften a refusal into a spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import vocab
from .numbers import words_to_digits
from .text import clean, lower_same_length, whole_words


@dataclass(frozen=True)
class Refusal:
    category: str
    reason: str
    phrase: str


@dataclass(frozen=True)
class _Rule:
    category: str
    reason: str
    pattern: re.Pattern[str]
    negatable: bool


@cache
def _rules() -> tuple[tuple[_Rule, ...], re.Pattern[str]]:
    data = vocab.load("refusals")
    rules = tuple(
        _Rule(c["name"], c["reason"], whole_words(c["patterns"]), bool(c["negatable"]))
        for c in data["categories"]
    )
    negation = "|".join(data["negations"])
    # A negation among the few words before the match, in the same clause, rules it out
    # ("don't want any leverage or shorting"); a comma ends the clause ("no cash, 10x").
    ruled_out = re.compile(rf"(?:^|[^\w'])(?:{negation})(?:[ /]+[\w']+){{0,4}} *$")
    return rules, ruled_out


def find_unsupported(lower: str) -> str | None:
    """A question for something CoinPilot does not do but may be asked for ("stake my ETH")."""
    data = vocab.load("refusals")["unsupported"]
    match = vocab.pattern("refusals", "unsupported", "patterns").search(lower)
    return None if match is None else str(data["message"]).format(phrase=match.group(0))


def find_refusal(text: str) -> Refusal | None:
    """The first refused request in a goal (raw or already cleaned), or None."""
    lower = lower_same_length(words_to_digits(clean(text)))
    rules, ruled_out = _rules()
    for rule in rules:
        for match in rule.pattern.finditer(lower):
            before = lower[max(0, match.start() - 40) : match.start()]
            if rule.negatable and ruled_out.search(before):
                continue
            return Refusal(rule.category, rule.reason, match.group(0))
    return None
