"""Whether a goal is written in English, the only language the offline parser reads.

A goal in another language must not be half-read: the English-looking words of "Vende en corto
BTC" name a coin, and a parser that kept only those would propose the opposite of what was asked.
Two signs, both from ``data/languages.json``: most letters in a script other than Latin, or at
least two marker words of one other language outnumbering the English words. This module must
never translate; it only says when the parser should ask for English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from . import vocab

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@cache
def _lists() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    data = vocab.load("languages")
    english = frozenset(data["english"])
    return english, {name: frozenset(words) for name, words in data["languages"].items()}


def other_language(text: str) -> str | None:
    """The message to give when ``text`` (already cleaned) is not English, else None."""
    letters = [c for c in text if c.isalpha()]
    if letters:
        latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
        if latin < len(letters) / 2:
            return str(vocab.load("languages")["message"])
    words = [w.lower() for w in _WORD.findall(text)]
    english, languages = _lists()
    in_english = sum(1 for w in words if w in english)
    for markers in languages.values():
        found = sum(1 for w in words if w in markers)
        if found >= 2 and found > in_english:
            return str(vocab.load("languages")["message"])
    return None
