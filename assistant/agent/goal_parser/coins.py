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
from .language import foreign_vocabulary
from .text import Text

#: Separators allowed between the items of a list of coins ("BTC, ETH & SOL", "btc/eth").
LIST_SEP = r"(?:\s*[,/&+]\s*(?:and\s+|or\s+)?|\s+(?:and|or|plus|&|n)\s+|\s+)"
#: The same without a bare space: an unfamiliar word counts as listed only after real punctuation
#: or a conjunction ("btc, eth and foo"), never merely beside a coin ("trade BTC").
STRICT_SEP = r"(?:\s*[,/&+]\s*(?:and\s+|or\s+)?|\s+(?:and|or|plus|&)\s+)"
#: Punctuation only: where an unknown-to-us exchange ticker in lowercase may count ("btc, magic").
COMMA_SEP = r"\s*[,/]\s*"


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
class Entry:
    ticker: str
    listed: bool  # the market lists the ticker
    known: bool  # the bundled name table knows this phrase (not just the market's list)


@dataclass(frozen=True)
class CoinIndex:
    """Every phrase that names a coin, listed or not, compiled into one pattern."""

    phrases: Mapping[str, Entry]
    pattern: re.Pattern[str]
    listed: frozenset[str]


def coin_index(symbol_map: Mapping[str, str]) -> CoinIndex:
    return _index(frozenset(symbol_map.items()))


@cache
def _index(items: frozenset[tuple[str, str]]) -> CoinIndex:
    listed = frozenset(t for _, t in items)
    names: dict[str, list[str]] = vocab.load("coins")["names"]
    known = {w.lower() for words in names.values() for w in words}
    phrases = {p: Entry(t, True, p in known) for p, t in items if len(p) > 1}
    for ticker, words in names.items():
        for word in words:
            if len(word) > 1:
                phrases.setdefault(word.lower(), Entry(ticker, ticker in listed, True))
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w$])(?:{body})(?![\w])")
    return CoinIndex(phrases, pattern, listed)


# How sure a mention is: SURE counts; LISTED counts beside a coin ("btc, eth and link");
# COMMA_LISTED only inside a comma-separated list ("btc, eth, magic").
SURE, LISTED, COMMA_LISTED, NEVER = range(4)


def _certainty(phrase: str, written: str, entry: Entry, after: str) -> int:
    if written.isupper() and len(written) > 1:
        return SURE
    if phrase in vocab.word_set("never_lowercase") or phrase in vocab.word_set("common"):
        return NEVER
    if not entry.known and phrase == entry.ticker.lower():
        return COMMA_LISTED  # an exchange ticker we have no name for: 'true', 'move', 'magic'
    if phrase in vocab.word_set("homographs"):
        return SURE if _named_as_coin(after, 0) else LISTED
    return SURE


def find_coins(text: Text, index: CoinIndex) -> list[Coin]:
    """Coin mentions in reading order; everyday-word tickers only when context says coin."""
    found: list[tuple[Coin, int]] = []
    for match in index.pattern.finditer(text.masked):
        phrase = match.group(0)
        entry = index.phrases[phrase]
        written = text.original[match.start() : match.end()]
        level = _certainty(phrase, written, entry, text.masked[match.end() :])
        if level != NEVER:
            coin = Coin(entry.ticker, written, entry.listed, match.start(), match.end())
            found.append((coin, level))
    accepted = [level == SURE for _, level in found]
    changed = True
    while changed:  # a doubtful mention listed next to an accepted coin is a coin
        changed = False
        for i, (coin, level) in enumerate(found):
            if accepted[i]:
                continue
            sep = STRICT_SEP if level == LISTED else COMMA_SEP
            starts = {c.start for c, _ in found}
            if not _ends_item(text, coin.end, starts, lenient=level == LISTED):
                continue  # 'near the top', 'super safe': the word leads a phrase, not a list
            neighbours = [
                found[j][0] for j in (i - 1, i + 1) if 0 <= j < len(found) and accepted[j]
            ]
            if any(_listed_with(text.masked, other, coin, sep) for other in neighbours):
                accepted[i] = changed = True
    return [coin for (coin, _), ok in zip(found, accepted, strict=True) if ok]


def _ends_item(text: Text, end: int, coin_starts: set[int], *, lenient: bool) -> bool:
    """Whether a list item ends at ``end``: punctuation, a conjunction or the end follows; when
    ``lenient``, also another coin or a phrase another reader took ('btc eth link monthly')."""
    if re.match(r"\s*(?:$|[,;.!?/&+)]|(?:and|or|plus)\b)", text.lower[end:]):
        return True
    gap = re.match(r"\s*", text.masked[end:])
    nxt = end + (gap.end() if gap else 0)
    taken = text.lower[end:nxt].strip() != ""
    return lenient and (nxt in coin_starts or taken or nxt == len(text.masked))


def _named_as_coin(masked: str, end: int) -> bool:
    return re.match(r"\s+(?:coins?|tokens?|protocol|network|chain)\b", masked[end:]) is not None


def _listed_with(masked: str, neighbour: Coin, word: Coin, sep: str) -> bool:
    """Beside an accepted coin with ``sep`` between; a bare space also counts for a known
    homograph when the neighbour is lowercase too ('btc eth link', not 'ETH near the top')."""
    first, second = (neighbour, word) if neighbour.end <= word.start else (word, neighbour)
    gap = masked[first.end : second.start]
    if re.fullmatch(sep, gap):
        return True
    return (
        sep == STRICT_SEP and re.fullmatch(r"\s+", gap) is not None and neighbour.phrase.islower()
    )


def unknown_coin_words(text: Text, coins: list[Coin], index: CoinIndex) -> list[str]:
    """Words that look like coins but name none the parser knows ('PEPE', 'btc, eth and foo').

    Three signs, each conservative: a capitalised ticker-shaped word that is no acronym or
    English word; an unfamiliar word inside a list of coins; a word right before 'coin'/'token'.
    """
    common = vocab.word_set("common")
    acronyms = vocab.word_set("acronyms")
    foreign = foreign_vocabulary()  # "por favor" is a courtesy, reported unused, not a coin
    out: list[str] = []
    spans = [(c.start, c.end) for c in coins]
    for match in re.finditer(r"[A-Za-z][A-Za-z0-9]*", text.original):
        start, end = match.span()
        word = match.group(0)
        low = word.lower()
        if text.masked[start:end].strip() != low or any(s <= start < e for s, e in spans):
            continue
        if low in common or low in acronyms or low in index.phrases or low in foreign:
            continue
        if len(word) < 2:
            continue
        ticker_shaped = word.isupper() and 2 <= len(word) <= 6
        before = [c for c in coins if c.end <= start][-1:]
        after = [c for c in coins if c.start >= end][:1]
        in_list = any(_touches(text.masked, start, end, c) for c in before + after)
        before_noun = _named_as_coin(text.masked, end)
        if (ticker_shaped or in_list or before_noun) and word not in out:
            out.append(word)
    return out


def currency_coin_words(text: Text, coins: list[Coin]) -> list[str]:
    """Currencies named as if they were coins ("hold EUR and BTC"): a word of another currency
    (``numbers.json``) left unread and listed beside a coin. CoinPilot holds no fiat; an amount
    in one is converted. Never dropped silently, never held."""
    names = {w for w in vocab.load("numbers")["currencies"]["other"] if w.isalpha()}
    out: list[str] = []
    for match in re.finditer(r"[A-Za-z]+", text.original):
        start, end = match.span()
        word = match.group(0)
        if word.lower() not in names or text.masked[start:end].strip() != word.lower():
            continue
        if any(_touches(text.masked, start, end, c) for c in coins) and word not in out:
            out.append(word)
    return out


def _touches(masked: str, start: int, end: int, coin: Coin) -> bool:
    if coin.end <= start:
        return re.fullmatch(STRICT_SEP, masked[coin.end : start]) is not None
    if end <= coin.start:
        return re.fullmatch(STRICT_SEP, masked[end : coin.start]) is not None
    return False
