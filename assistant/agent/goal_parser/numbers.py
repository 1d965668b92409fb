"""Number words to digits ("three grand" -> "3 grand", "twenty five" -> "25").

Runs on the cleaned goal before any extractor, so every later pattern only needs ``\\d``.
A scale word alone ("1.5 million") is left for the amount reader, which treats it as a magnitude;
an all-capitals word is left alone (``ONE`` is a ticker). This module must never decide what a
number means.
"""

from __future__ import annotations

import re
from functools import cache

from . import vocab


@cache
def _words() -> tuple[dict[str, int], dict[str, int], dict[str, int], re.Pattern[str]]:
    data = vocab.load("numbers")
    units: dict[str, int] = data["units"]
    tens: dict[str, int] = data["tens"]
    scales: dict[str, int] = data["scales"]
    word = "|".join(sorted([*units, *tens, *scales], key=len, reverse=True))
    run = re.compile(
        rf"\b(?:(?:a|an|half a|half an)\s+)?(?:{word})(?:(?:\s+|\s+and\s+)(?:{word}))*\b",
        re.IGNORECASE,
    )
    return units, tens, scales, run


def words_to_digits(text: str) -> str:
    """Replace each run of number words by its value in digits."""
    return _words()[3].sub(_replace, text)


def _replace(match: re.Match[str]) -> str:
    units, tens, scales, _ = _words()
    raw = match.group(0)
    if raw.isupper() and len(raw) > 1:
        return raw
    tokens = raw.lower().split()
    half = False
    if tokens[0] in ("a", "an"):
        if len(tokens) < 2 or (tokens[1] not in scales and tokens[1] != "dozen"):
            return raw
        tokens[0] = "one"
    elif tokens[0] == "half":
        half = True
        tokens = ["one", *tokens[2:]]
    words = [t for t in tokens if t != "and"]
    if words[0] in scales and not half:
        return raw  # "million" after digits is a magnitude; the amount reader handles it
    if not _well_formed(tokens, scales):
        head, _, rest = raw.partition(" ")
        return _replace_single(head) + (" " + words_to_digits(rest) if rest else "")
    total, current = 0, 0
    for word in words:
        if word == "dozen":
            current = (current or 1) * 12
        elif word in units:
            current += units[word]
        elif word in tens:
            current += tens[word]
        elif word == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * scales[word]
            current = 0
    value = total + current
    if half:
        return str(value // 2) if value % 2 == 0 else str(value / 2)
    return str(value)


def _well_formed(tokens: list[str], scales: dict[str, int]) -> bool:
    """'and' joins only after a scale word ('two hundred and fifty'), never two lists."""
    for i, token in enumerate(tokens):
        if token == "and" and (i == 0 or tokens[i - 1] not in scales):
            return False
    return True


def _replace_single(word: str) -> str:
    units, tens, _, _ = _words()
    low = word.lower()
    if word.isupper() and len(word) > 1:
        return word
    if low in units:
        return str(units[low])
    if low in tens:
        return str(tens[low])
    return word


def fraction_value(word: str) -> float | None:
    """The share a fraction word names ('fifth' -> 0.2), or None."""
    fractions: dict[str, float] = vocab.load("numbers")["fractions"]
    return fractions.get(word.lower())
