"""Numbers no extractor understood: each becomes a question, because a dropped number is a
silently changed goal ("keep 200 in cash" must not vanish). Runs after every extractor.

This module must never guess what a leftover number means.
"""

from __future__ import annotations

import re

from .facts import Facts
from .text import Text

_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?[a-z]*")
_CLAUSE_END = re.compile(r"[,;:!?()\n]|\.(?!\d)")


def ask_about_leftover_numbers(text: Text, facts: Facts) -> None:
    for match in _NUMBER.finditer(text.masked):
        start = max(
            (m.end() for m in _CLAUSE_END.finditer(text.lower, 0, match.start())), default=0
        )
        end_match = _CLAUSE_END.search(text.lower, match.end())
        end = end_match.start() if end_match else len(text.lower)
        clause = text.original[start:end].strip()
        facts.ask(
            f'I didn\'t understand "{clause}": what should {match.group(0)} do? For example '
            "'keep 10% in cash', 'at most 30% each', 'top 10 coins' or '$5,000'."
        )
