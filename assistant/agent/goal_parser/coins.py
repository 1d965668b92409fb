"""Coins in a goal: names and tickers resolved against the market's list, and coin-like words
the parser does not know.

``known_symbols`` maps what people write ("bitcoin", "btc") to the tickers the market lists; the
bundled name table (``data/coins.json``) adds names for those tickers and lets the parser
recognise a coin the market does not list, so it can say so. Everyday words that are also
tickers ("link", "near", "one") count only in capitals or in a list of coins. This module must
never guess a ticker: an unknown coin-like word is reported, not resolved.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from . import vocab
from .facts import Coin
from .text import Text

#: Separators allowed between the items of a list of coins ("BTC, ETH & SOL", "btc/eth").
LIST_SEP = r"(?:\s*[,/&+]\s*(?:and\s+|or\s+)?|\s+(?:and|or|plus|&|n)\s+|\s+)"
#: The same without a bare space: an unfamiliar word counts as listed only after real punctuation
#: or a conjunction ("btc, eth and foo"), never merely beside a coin ("trade BTC").
STRICT_SEP = r"(?:\s*[,/&+]\s*(?:and\s+|or\s+)?|\s+(?:and|or|plus|&)\s+)"


def build_symbol_map(tickers: Iterable[str]) -> dict[str, str]:
    """Map each listed ticker and its common names, lowercased, to the ticker.

    >>> build_symbol_map(["BTC", "ETH"])["ethereum"]
    'ETH'
    """
    names: dict[str, list[str]] = vocab.load("coins")["names"]
    out: dict[str, str] = {}
    for raw in tickers:
        ticker = raw.strip().upper()
        if not ticker:
            continue
        out[ticker.lower()] = ticker
        for name in names.get(ticker, []):
            out.setdefault(name.lower(), ticker)
    return out


def as_symbol_map(known: Mapping[str, str] | Collection[str]) -> dict[str, str]:
    """Accept either a ready map or a plain list of tickers; names for listed tickers are added."""
    if isinstance(known, Mapping):
        base = {str(k).lower(): str(v).upper() for k, v in known.items()}
        extra = build_symbol_map(set(base.values()))
        return {**extra, **base}
    return build_symbol_map(known)


@dataclass(frozen=True)
class CoinIndex:
    """Every phrase that names a coin, listed or not, compiled into one pattern."""

    phrases: Mapping[str, tuple[str, bool]]  # phrase -> (ticker, listed)
    pattern: re.Pattern[str]
    listed: frozenset[str]

    def lookup(self, phrase: str) -> tuple[str, bool] | None:
        return self.phrases.get(phrase.lower())


def coin_index(symbol_map: Mapping[str, str]) -> CoinIndex:
    return _index(frozenset(symbol_map.items()))


@cache
def _index(items: frozenset[tuple[str, str]]) -> CoinIndex:
    listed = frozenset(t for _, t in items)
    phrases: dict[str, tuple[str, bool]] = {p: (t, True) for p, t in items if len(p) > 1}
    names: dict[str, list[str]] = vocab.load("coins")["names"]
    for ticker, words in names.items():
        for word in words:
            if len(word) > 1:
                phrases.setdefault(word.lower(), (ticker, ticker in listed))
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w$])(?:{body})(?![\w])")
    return CoinIndex(phrases, pattern, listed)


def find_coins(text: Text, index: CoinIndex) -> list[Coin]:
    """Coin mentions in reading order; everyday-word tickers only when context says coin."""
    homographs = vocab.word_set("homographs")
    never_lower = vocab.word_set("never_lowercase")
    found: list[tuple[Coin, bool]] = []
    for match in index.pattern.finditer(text.masked):
        phrase = match.group(0)
        ticker, listed = index.phrases[phrase]
        written = text.original[match.start() : match.end()]
        capitals = written.isupper() and len(written) > 1
        if phrase in never_lower and not capitals:
            continue
        sure = phrase not in homographs or capitals or _named_as_coin(text.masked, match.end())
        found.append((Coin(ticker, written, listed, match.start(), match.end()), sure))
    accepted = [sure for _, sure in found]
    changed = True
    while changed:  # a homograph listed next to an accepted coin is a coin ("btc, eth, link")
        changed = False
        for i, (_, sure) in enumerate(found):
            if sure or accepted[i]:
                continue
            neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(found) and accepted[j]]
            if any(_listed_with(text.masked, found[j][0], found[i][0]) for j in neighbours):
                accepted[i] = changed = True
    return [coin for (coin, _), ok in zip(found, accepted, strict=True) if ok]


def _named_as_coin(masked: str, end: int) -> bool:
    return re.match(r"\s+(?:coins?|tokens?|protocol|network|chain)\b", masked[end:]) is not None


def _listed_with(masked: str, neighbour: Coin, word: Coin) -> bool:
    """A homograph beside an accepted coin: after a comma or 'and' always ('BTC, link'); after a
    bare space only when the neighbour is written in lowercase too ('btc eth link', but not
    'ETH near the top')."""
    first, second = (neighbour, word) if neighbour.end <= word.start else (word, neighbour)
    gap = masked[first.end : second.start]
    if re.fullmatch(STRICT_SEP, gap):
        return True
    return re.fullmatch(LIST_SEP, gap) is not None and neighbour.phrase.islower()


def unknown_coin_words(text: Text, coins: list[Coin]) -> list[str]:
    """Words that look like coins but name none the parser knows ('PEPE', 'btc, eth and foo').

    Three signs, each conservative: a capitalised ticker-shaped word that is no acronym or
    English word; an unfamiliar word inside a list of coins; a word right before 'coin'/'token'.
    """
    common = vocab.word_set("common")
    acronyms = vocab.word_set("acronyms")
    out: list[str] = []
    spans = [(c.start, c.end) for c in coins]
    for match in re.finditer(r"[A-Za-z][A-Za-z0-9]*", text.original):
        start, end = match.span()
        word = match.group(0)
        low = word.lower()
        if text.masked[start:end].strip() != low or any(s <= start < e for s, e in spans):
            continue
        if low in common or low in acronyms or len(word) < 2:
            continue
        ticker_shaped = word.isupper() and 2 <= len(word) <= 6
        before = [c for c in coins if c.end <= start][-1:]
        after = [c for c in coins if c.start >= end][:1]
        in_list = any(_touches(text.masked, start, end, c) for c in before + after)
        before_noun = _named_as_coin(text.masked, end)
        if (ticker_shaped or in_list or before_noun) and word not in out:
            out.append(word)
    return out


def _touches(masked: str, start: int, end: int, coin: Coin) -> bool:
    if coin.end <= start:
        return re.fullmatch(STRICT_SEP, masked[coin.end : start]) is not None
    if end <= coin.start:
        return re.fullmatch(STRICT_SEP, masked[end : coin.start]) is not None
    return False
