"""Signal tilts: "with a momentum tilt", "tilt 30% toward momentum", "factor in news sentiment".

A strategy's signals are momentum, mean reversion, news sentiment, exchange flows (on-chain),
RSI, MACD and Bollinger Bands, each a tilt from 0 (off) to 1 on top of the optimizer. A tilt
named with a percentage gets that strength, one named alone gets the default strength
(``data/signals.json``), and the reply says so; "no momentum" turns it off. An indicator
CoinPilot does not compute (moving averages, Ichimoku, a golden cross) gets a question that
names the tilts it has, never a spec that silently ignores it. Runs before the share reader, so
"momentum tilt of 20%" is not read as a cap. This module must never set anything but signals.
"""

from __future__ import annotations

import re
from functools import cache

from . import vocab
from .facts import Facts
from .text import Text, whole_words

_PCT = r"(?P<{g}>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)"


def _alt(words: list[str]) -> str:
    return "|".join(f"(?:{w})" for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> tuple[tuple[tuple[re.Pattern[str], str], ...], re.Pattern[str]]:
    data = vocab.load("signals")
    suffix = _alt(data["suffixes"])
    off = _alt(data["off"])
    table = []
    for label, names in data["names"].items():
        name = rf"(?:{_alt(names)})(?:\s+(?:{suffix}))?"
        table.append(
            (
                whole_words(
                    rf"(?P<off>(?:{off})\s+(?:the\s+|any\s+|a\s+)?)?"
                    rf"(?:(?:{_PCT.format(g='before')})\s+(?:(?:tilt|weight|tilted|weighted)\s+)?"
                    rf"(?:(?:toward|towards|to|on|into|for|of)\s+)?(?:the\s+|a\s+)?)?"
                    rf"(?:(?:tilt|tilted|lean|leaning|weight|weighted)\s+(?:(?:{_PCT.format(g='mid')})\s+)?"
                    rf"(?:toward|towards|to|into|on)\s+(?:the\s+|a\s+)?)?"
                    rf"(?:(?:a|an|some|the)\s+)?{name}"
                    rf"(?:\s+(?:of|at|=|to|by|with a (?:strength|weight) of)?\s*"
                    rf"(?:{_PCT.format(g='after')}))?"
                ),
                label,
            )
        )
    return tuple(table), whole_words(list(data["unsupported"]))


def extract_signals(text: Text, facts: Facts) -> None:
    """Record each named tilt and its strength; ask about indicators that are not tilts."""
    data = vocab.load("signals")
    table, unsupported = _patterns()
    # "sell when RSI is above 70" is a trading rule, not a tilt: asked about before the names.
    for match in vocab.pattern("signals", "indicator_rules").finditer(text.masked):
        phrase = text.original[match.start() : match.end()]
        facts.ask(str(data["indicator_rule_message"]).format(phrase=phrase))
        text.consume(match.start(), match.end())
    for pattern, label in table:
        for match in pattern.finditer(text.masked):
            if label in facts.signals:
                continue
            pct = match.group("before") or match.group("mid") or match.group("after")
            if match.group("off"):
                value = 0.0
            elif pct is not None:
                value = float(pct) / 100.0
            else:
                value = float(data["default_strength"])
                facts.signal_defaults.append(label)
            if value > 1.0:
                facts.ask(f'A signal tilt runs from 0% to 100%; "{match.group(0)}" is more.')
                value = 1.0
            facts.signals[label] = value
            text.consume(match.start(), match.end())
    for match in unsupported.finditer(text.masked):
        phrase = text.original[match.start() : match.end()]
        facts.ask(str(data["unsupported_message"]).format(phrase=phrase))
        text.consume(match.start(), match.end())
