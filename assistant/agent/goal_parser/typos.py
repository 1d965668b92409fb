"""Near misses of coin names: "bitcon", "etherium", "cardanno" -> a "did you mean ...?" question.

A word of five letters or more that names no coin but is one edit from a coin's name of six
letters or more (two edits for words and names of seven or more; a swap of neighbouring letters
counts as one edit), or that is a listed misspelling
(``data/coins.json``, "misspellings"), is offered as that coin. It is never used silently: the
person may have meant something else, so the parser asks. Everyday words that happen to be near
a name ("either" and "ether") are in ``words.json``'s common words and never count. This module
must never resolve a ticker on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import vocab
from .coins import CoinIndex
from .text import Text, whole_words

_WORD = re.compile(r"(?<![\w$])[a-z]{5,}(?![\w])")
#: Shorter names sit one letter from too many words ("bank" and "bonk", "line" and "link").
MIN_NAME = 6


@dataclass(frozen=True)
class Typo:
    word: str  # as the person wrote it
    tickers: tuple[str, ...]  # the coins it is nearest to, best first
    start: int
    end: int


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (edits, with a neighbour swap as one), capped at
    ``limit + 1`` so long mismatches stop early."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def _allowed(word: str) -> int:
    return 1 if len(word) <= 6 else 2


@cache
def _misspellings() -> tuple[dict[str, str], re.Pattern[str]]:
    words: dict[str, str] = dict(vocab.load("coins")["misspellings"]["words"])
    return words, whole_words([re.escape(w) for w in words])


def find_typos(text: Text, index: CoinIndex) -> list[Typo]:
    """Near misses in what no other reader took, in reading order; consumes each one found."""
    found: list[Typo] = []
    listed, pattern = _misspellings()
    for match in pattern.finditer(text.masked):
        ticker = listed[match.group(0)]
        found.append(_consume(text, match, (ticker,)))
    common = vocab.word_set("common") | vocab.word_set("acronyms") | vocab.word_set("not_typos")
    names = [(p, e.ticker) for p, e in index.phrases.items() if e.known and len(p) >= MIN_NAME]
    for match in _WORD.finditer(text.masked):
        word = match.group(0)
        if word in common or word in index.phrases:
            continue
        limit = _allowed(word)
        scored = sorted(
            (d, ticker)
            for name, ticker in names
            if (d := distance(word, name, min(limit, _allowed(name)))) <= min(limit, _allowed(name))
        )
        if scored:
            best = scored[0][0]
            tickers = tuple(dict.fromkeys(t for d, t in scored if d == best))
            found.append(_consume(text, match, tickers))
    return sorted(found, key=lambda t: t.start)


def _consume(text: Text, match: re.Match[str], tickers: tuple[str, ...]) -> Typo:
    start, end = match.span()
    word = text.original[start:end]
    text.consume(start, end, note=False)
    return Typo(word, tickers, start, end)
