"""Which assets a headline mentions, by name or ticker, on word boundaries.

The table lives in ``assets.json`` beside this module. Names ("Bitcoin", "Ether") match in any
case; names that are also English words ("Stellar", "Cosmos", "Avalanche") only as capitalised;
tickers only in upper case (optionally ``$ETH``), so "ETH" never fires inside "method", "LINK"
never for the verb, and "renBTC" is not BTC. A longer name wins over a shorter one it contains:
"Bitcoin Cash" is BCH, not BTC, and "Ethereum Classic" is ETC. This module only tags; it never
scores and never looks anything up online.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class _Term:
    asset: str
    pattern: re.Pattern[str]
    length: int


def _compile(asset: str, text: str, *, ignore_case: bool, ticker: bool) -> _Term:
    body = re.escape(text).replace(r"\ ", r"\s+")
    prefix = r"\$?" if ticker else ""
    flags = re.IGNORECASE if ignore_case else 0
    pattern = re.compile(rf"(?<![\w$.-]){prefix}{body}(?![\w])", flags)
    return _Term(asset, pattern, len(text))


@lru_cache(maxsize=1)
def _terms() -> tuple[_Term, ...]:
    raw = resources.files(__package__).joinpath("assets.json").read_text(encoding="utf-8")
    terms: list[_Term] = []
    for asset, spec in json.loads(raw)["assets"].items():
        terms += [_compile(asset, n, ignore_case=True, ticker=False) for n in spec["names"]]
        terms += [_compile(asset, n, ignore_case=False, ticker=False) for n in spec["exact"]]
        terms += [_compile(asset, t, ignore_case=False, ticker=True) for t in spec["tickers"]]
    return tuple(sorted(terms, key=lambda t: -t.length))


def known_assets() -> list[str]:
    return sorted({t.asset for t in _terms()})


def assets_in(text: str) -> tuple[str, ...]:
    """The assets ``text`` mentions, sorted; longer names claim their words first."""
    taken: list[tuple[int, int]] = []
    found: set[str] = set()
    for term in _terms():
        for match in term.pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            found.add(term.asset)
    return tuple(sorted(found))
