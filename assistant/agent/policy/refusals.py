"""Requests CoinPilot refuses outright: leverage, shorting, borrowing, promised returns,
trading without confirmation, manipulation; and requests it does not serve (staking, lending...).

These rules hold for every model: the session checks the person's words with :func:`find_refusal`
before any model sees them, and the offline goal parser applies the same function (through its
``goal_parser.refusals`` re-export). The phrases live in ``data/refusals.json``. A person ruling
something out ("no leverage", "never short") is not refused. The words are normalised with the
goal parser's text helpers ("ten x" reads as "10x"), the one thing borrowed from it. This module
must never soften a refusal into a spec.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


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
def _data() -> dict[str, Any]:
    raw = resources.files(__package__).joinpath("data", "refusals.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


@cache
def _rules() -> tuple[tuple[_Rule, ...], re.Pattern[str]]:
    from ..goal_parser.text import whole_words  # on use: the parser imports this module

    data = _data()
    rules = tuple(
        _Rule(c["name"], c["reason"], whole_words(c["patterns"]), bool(c["negatable"]))
        for c in data["categories"]
    )
    negation = "|".join(data["negations"])
    # A negation among the few words before the match, in the same clause, rules it out
    # ("don't want any leverage or shorting"); a comma ends the clause ("no cash, 10x").
    ruled_out = re.compile(rf"(?:^|[^\w'])(?:{negation})(?:[ /]+[\w']+){{0,4}} *$")
    return rules, ruled_out


@cache
def _unsupported() -> re.Pattern[str]:
    from ..goal_parser.text import whole_words

    return whole_words(list(_data()["unsupported"]["patterns"]))


def find_unsupported(lower: str) -> str | None:
    """A question for something CoinPilot does not do but may be asked for ("stake my ETH")."""
    data = _data()["unsupported"]
    match = _unsupported().search(lower)
    return None if match is None else str(data["message"]).format(phrase=match.group(0))


def find_refusal(text: str) -> Refusal | None:
    """The first refused request in a goal (raw or already cleaned), or None."""
    from ..goal_parser.numbers import words_to_digits
    from ..goal_parser.text import clean, lower_same_length

    lower = lower_same_length(words_to_digits(clean(text)))
    rules, ruled_out = _rules()
    for rule in rules:
        for match in rule.pattern.finditer(lower):
            before = lower[max(0, match.start() - 40) : match.start()]
            if rule.negatable and ruled_out.search(before):
                continue
            return Refusal(rule.category, rule.reason, match.group(0))
    return None
