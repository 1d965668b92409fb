"""Which coins: an explicit list, a top-N rule, exclusions, swaps and additions.

Coins found by :mod:`coins` are given a role by the words around them: "without Solana" and
"anything but XRP" exclude, "swap SOL for AVAX" removes one and adds the other, "add LINK" adds.
"no meme coins" excludes the listed members of a category from ``data/coins.json``. "The 5
biggest" is the top 5 by trading volume: the market ranks by volume, and the message says so.
This module must never invent a universe the person did not describe.
"""

from __future__ import annotations

import re
from functools import cache

from . import vocab
from .coins import LIST_SEP, CoinIndex
from .facts import QUOTE, Coin, Facts
from .text import Text, whole_words

_RUN = rf"@\d+(?:{LIST_SEP}@\d+)*"
_FILLER = r"(?:(?:the|any|all|of|some|a bit of|a little|more|my)\s+)*"


def _alt(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    cues = vocab.load("cues")
    top, nouns = cues["top_words"], cues["asset_nouns"]
    exclude = _alt(cues["exclusion_triggers"])
    swap, joiners = _alt(cues["swap_verbs"]), _alt(cues["swap_joiners"])
    categories = vocab.load("coins")["categories"]
    cat = _alt([p for c in categories.values() for p in c["phrases"]])
    return {
        "top": whole_words(
            rf"top\s+(?P<a>\d+)|(?P<b>\d+)\s+(?:of the\s+)?(?:{top})|(?:{top})\s+(?P<c>\d+)"
        ),
        "vague_top": whole_words(
            rf"(?:the\s+)?(?:{top})\s+(?:{nouns})|blue ?chips?|large ?caps?|the majors"
        ),
        "count": whole_words(rf"(?P<n>\d+)\s+(?:different\s+)?(?:{nouns})"),
        "cap_rank": whole_words(r"by (?:market )?cap(?:italization)?|by mcap|by market value"),
        "volume_rank": whole_words(r"by (?:trading |24h |daily )?volume|by liquidity"),
        "swap": re.compile(
            rf"\b(?:{swap})\s+(?:out\s+)?(?P<old>{_RUN})\s+(?:{joiners})\s+(?P<new>{_RUN})"
        ),
        "instead": re.compile(
            rf"(?P<new>{_RUN})\s+(?:instead of|rather than|in place of)\s+{_FILLER}(?P<old>{_RUN})"
        ),
        "exclude": re.compile(rf"\b(?:{exclude})\s+{_FILLER}(?P<run>{_RUN})"),
        "keep_only": re.compile(
            rf"\b(?:{_alt(cues['keep_only_triggers'])})\s+{_FILLER}(?P<run>{_RUN})"
        ),
        "add": re.compile(rf"\b(?:{_alt(cues['addition_triggers'])})\s+{_FILLER}(?P<run>{_RUN})"),
        "add_after": re.compile(rf"(?P<run>{_RUN})\s+(?:too|as well)\b"),
        "add_in": re.compile(
            rf"(?P<run>{_RUN})\s+(?:{_alt(cues['addition_after'])})"
            r"(?:\s*$|\s*[,.;!?]|\s+(?:and|please|now|then)\b)"
        ),
        "exclude_after": re.compile(
            rf"(?P<run>{_RUN})\s+(?:{_alt(cues['exclusion_after'])})(?:\s*$|\s*[,.;!?]|\s+(?:and|please|now|then)\b)"
        ),
        "category": whole_words(rf"(?:{exclude})\s+{_FILLER}(?P<cat>{cat})"),
    }


def extract_top_n(text: Text, facts: Facts) -> None:
    """'top 10', 'the 5 biggest', 'ten largest coins': a top-N by volume rule."""
    pats = _patterns()
    for match in pats["top"].finditer(text.masked):
        n = int(match.group("a") or match.group("b") or match.group("c"))
        facts.top_n.append((n, text.consume(match.start(), match.end())))
    for key in ("cap_rank", "volume_rank"):
        for match in pats[key].finditer(text.masked):
            facts.by_market_cap = facts.by_market_cap or key == "cap_rank"
            text.consume(match.start(), match.end())
    if not facts.top_n:
        for match in pats["vague_top"].finditer(text.masked):
            facts.top_vague = text.consume(match.start(), match.end(), note=False)
            break
    if not facts.top_n and facts.top_vague is None:
        counted = pats["count"].search(text.masked)
        if counted:
            facts.top_vague = text.consume(counted.start(), counted.end(), note=False)


def assign_roles(text: Text, facts: Facts, coins: list[Coin], index: CoinIndex) -> None:
    """Split coin mentions into included, excluded, added and removed; note excluded categories."""
    pats = _patterns()
    skeleton = _skeleton(text.masked, coins)
    role: dict[int, str] = {}

    def mark(run: str, name: str) -> None:
        for idx in re.findall(r"@(\d+)", run):
            role.setdefault(int(idx), name)

    for match in pats["swap"].finditer(skeleton):
        mark(match.group("old"), "remove")
        mark(match.group("new"), "add")
    for match in pats["instead"].finditer(skeleton):
        mark(match.group("old"), "remove")
        mark(match.group("new"), "add")
    for match in pats["keep_only"].finditer(skeleton):
        mark(match.group("run"), "include")
    for key in ("exclude", "exclude_after"):
        for match in pats[key].finditer(skeleton):
            mark(match.group("run"), "exclude")
    for key in ("add", "add_after", "add_in"):
        for match in pats[key].finditer(skeleton):
            mark(match.group("run"), "add")
    for i, coin in enumerate(coins):
        text.consume(coin.start, coin.end)
        kind = role.get(i, "include")
        if kind in ("exclude", "remove"):
            _append(facts.exclude if kind == "exclude" else facts.remove, coin.ticker)
            continue
        if coin.ticker == QUOTE:
            facts.ask(
                f"{QUOTE} is the cash currency here, not a coin to hold. How much should stay "
                "in cash? For example 'keep 10% in cash'."
            )
            continue
        if not coin.listed:
            facts.unlisted.append(coin)
            continue
        if kind == "add":
            _append(facts.add, coin.ticker)
        facts.include.append(coin)
    categories = vocab.load("coins")["categories"]
    for match in pats["category"].finditer(text.masked):
        phrase = match.group("cat")
        name = next(n for n, c in categories.items() if phrase in c["phrases"])
        members = [t for t in categories[name]["tickers"] if t in index.listed]
        facts.categories.append(name)
        for ticker in members:
            _append(facts.exclude, ticker)
        text.consume(match.start(), match.end())


def _append(items: list[str], ticker: str) -> None:
    if ticker not in items:
        items.append(ticker)


def _skeleton(masked: str, coins: list[Coin]) -> str:
    """The goal with each coin mention replaced by '@i', for role patterns over runs of coins."""
    parts: list[str] = []
    cursor = 0
    for i, coin in enumerate(coins):
        parts.append(masked[cursor : coin.start])
        parts.append(f"@{i}")
        cursor = coin.end
    parts.append(masked[cursor:])
    return "".join(parts)
