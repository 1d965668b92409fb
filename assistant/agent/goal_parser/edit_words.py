"""Words that only matter when changing an earlier spec: "no stop loss", "remove the cap",
"also rebalance monthly" (keep the old rule too) versus "monthly instead" (replace it), and
"start over" (set the earlier spec aside).

This module must never change a spec; it records what the words asked for in :class:`Facts`.
"""

from __future__ import annotations

import re
from functools import cache

from . import vocab
from .facts import Facts
from .text import Text, whole_words


@cache
def _patterns() -> tuple[tuple[tuple[re.Pattern[str], str], ...], re.Pattern[str], re.Pattern[str]]:
    cues = vocab.load("cues")
    trigger = "|".join(sorted(cues["reset_triggers"], key=len, reverse=True))
    resets = tuple(
        (whole_words(rf"(?:{trigger})\s+(?:the\s+|my\s+|any\s+|a\s+)?(?:{'|'.join(words)})"), path)
        for path, words in cues["resets"].items()
    )
    return resets, whole_words(cues["merge_words"]), whole_words(cues["replace_words"])


def extract_fresh_start(text: Text, facts: Facts) -> None:
    """'start over', 'new strategy', 'clear': the goal no longer edits the previous spec."""
    for match in vocab.pattern("cues", "fresh_start").finditer(text.masked.strip()):
        facts.fresh = True
        offset = len(text.masked) - len(text.masked.lstrip())
        text.consume(match.start() + offset, match.end() + offset)


def extract_preview(text: Text, facts: Facts) -> None:
    """'preview it', 'show me the orders': a request the surface acts on (the parser cannot
    preview); consumed so it is not reported as a word not used."""
    for match in vocab.pattern("cues", "preview_words").finditer(text.masked):
        facts.preview = True
        text.consume(match.start(), match.end())


def starts_over(goal: str) -> bool:
    """Whether a message sets the previous strategy aside (see :func:`extract_fresh_start`)."""
    return vocab.pattern("cues", "fresh_start").search(Text.of(goal.strip()).lower) is not None


def extract_edit_words(text: Text, facts: Facts) -> None:
    resets, merge, replace = _patterns()
    for pattern, path in resets:
        for match in pattern.finditer(text.masked):
            if path not in facts.resets:
                facts.resets.append(path)
            text.consume(match.start(), match.end())
    rules = [phrase for _, phrase in facts.periods]
    rules += [s.phrase for s in facts.shares if s.role == "drift"]
    for phrase in rules:
        at = text.original.find(phrase)
        if at < 0:
            continue
        window = text.lower[max(0, at - 30) : at + len(phrase) + 30]
        if merge.search(window) and not replace.search(window):
            facts.merge_rebalance = True


def asks_preview(goal: str) -> bool:
    """Whether a message asks to see the orders (see :func:`extract_preview`)."""
    return vocab.pattern("cues", "preview_words").search(Text.of(goal.strip()).lower) is not None
