"""Does a proposed spec hold to what the person asked? Universe, capital and constraints.

A model may validate one strategy and preview another, or read "100% DOGE" in a headline and
propose it. The market check cannot catch that: DOGE is a valid coin. This check compares the spec
with the person's own messages and with the spec being edited (``previous``): every coin must be
one they named (by ticker or name) or one already held by the previous spec; the capital must be
an amount they wrote or the previous one; a constraint set to anything but its default must be a
share they wrote ("nothing above 40%", "keep $500 in cash"). Everything else (objective, rebalance
rule) is left to the validator and the person's review of the card.

It must never accept a coin, amount or share that appears nowhere in the person's words, and
never rewrite a spec: it returns problems as sentences the model can repair from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from ..goal_parser import vocab
from ..goal_parser.numbers import words_to_digits
from ..goal_parser.text import clean
from .figures import figures_in

#: Shares people write in words.
_WORD_SHARES = {
    "half": 0.5,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "two thirds": 2 / 3,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "three quarters": 0.75,
    "a fifth": 0.2,
    "one fifth": 0.2,
    "a tenth": 0.1,
    "one tenth": 0.1,
}
_DEFAULTS = {"min_weight": 0.0, "max_weight": 1.0, "cash_reserve": 0.0, "max_turnover": None}


def request_problems(
    spec: Mapping[str, Any],
    asked: Sequence[str],
    *,
    previous: Mapping[str, Any] | None = None,
    names: Mapping[str, str] | None = None,
    rates: Sequence[float] = (),
) -> list[str]:
    """What in ``spec`` the person did not ask for, one sentence each; empty if nothing.

    ``rates`` are conversion rates fetched this turn from the market (``conversion_rate``
    results): an amount the person gave in euros may become the capital at one of them."""
    text = _unglued(" ".join(words_to_digits(clean(t)) for t in asked))
    problems = _universe(spec, text, previous or {}, names or {})
    problems += _dropped(spec, asked[-1] if asked else "", names or {})
    amounts = [f.value for f in figures_in(text) if not f.percent]
    amounts += [a * r for a in amounts for r in rates]  # "€5,000" at the rate fetched
    problems += _capital(spec, amounts, previous or {})
    problems += _constraints(spec, text, amounts, previous or {})
    return problems


@cache
def _currency_codes() -> re.Pattern[str]:
    money = vocab.load("numbers")["currencies"]
    words = [*money["usd_like"], *money["other"]]
    codes = sorted({w for w in words if w.isalpha() and 3 <= len(w) <= 4}, key=len, reverse=True)
    return re.compile(rf"\b({'|'.join(codes)})(?=\d)", re.I)


def _unglued(text: str) -> str:
    """ "EUR5000" -> "EUR 5000": the parser reads a code glued to its amount, so this does."""
    return _currency_codes().sub(r"\1 ", text)


def named_coins(text: str, names: Mapping[str, str], symbols: Sequence[str] = ()) -> set[str]:
    """Tickers the text names: written as a ticker (any case) or by a known name."""
    low = text.lower()
    words = set(re.findall(r"[a-z0-9]+", low))
    found = {s.upper() for s in symbols if s.lower() in words}
    for name, ticker in names.items():
        if name in words or (" " in name and re.search(rf"\b{re.escape(name)}\b", low)):
            found.add(ticker)
    return found


def _universe(
    spec: Mapping[str, Any], text: str, previous: Mapping[str, Any], names: Mapping[str, str]
) -> list[str]:
    symbols = [str(s).upper() for s in (spec.get("universe") or {}).get("symbols") or []]
    if not symbols:
        return []
    before = {str(s).upper() for s in (previous.get("universe") or {}).get("symbols") or []}
    named = named_coins(text, names, symbols)
    unasked = [s for s in symbols if s not in named and s not in before]
    if not unasked:
        return []
    asked = ", ".join(sorted(named | before)) or "none"
    return [
        f"universe.symbols: {', '.join(unasked)} {'is' if len(unasked) == 1 else 'are'} not "
        f"among the coins the person named ({asked}); propose only coins they asked for, or ask"
    ]


#: Words with which a message may leave out a coin it names ("drop SOL", "BTC but not SOL"):
#: the goal parser's own exclusion words ("get rid of", "no longer want", ...), so the parser and
#: this check never disagree on what leaves a coin out, and a few that narrow a list instead.
_NARROWING = re.compile(r"\b(replace|swap|instead|out|but|only|just|rather|anymore)\b", re.I)


def _leaves_out(text: str) -> bool:
    low = text.lower()
    return bool(
        vocab.pattern("cues", "exclusion_triggers").search(low)
        or vocab.pattern("cues", "exclusion_after").search(low)  # "ADA can go", "SOL is out"
        or _NARROWING.search(text)
    )


#: Quote currencies: "keep 10% in USDC" names cash, not a coin to hold.
_QUOTES = frozenset({"USDT", "USDC", "USD", "BUSD", "DAI"})


def _dropped(spec: Mapping[str, Any], latest: str, names: Mapping[str, str]) -> list[str]:
    """Coins the person's latest message names beyond doubt that the spec leaves out.

    A preview "without SOL" after "BTC ETH SOL" is not what they asked for (a cut-off tool call
    once made exactly that). Only unambiguous mentions count, so a person is never refused for a
    coin they did not name: a full name, longest first ("bitcoin cash" is BCH, not BTC), or a
    listed ticker written in capitals ("ETH, SOL, etc." names no ETC). A message with a word that
    may leave a coin out ("drop", "except", "only"...) is not checked this way.
    """
    universe = spec.get("universe") or {}
    symbols = {str(s).upper() for s in universe.get("symbols") or []}
    if not symbols or universe.get("top_n") or _leaves_out(latest):
        return []
    missing = sorted(_named_for_sure(latest, names) - symbols - _QUOTES)
    if not missing:
        return []
    return [
        f"universe.symbols leaves out {', '.join(missing)}, which the person named; propose "
        "every coin they asked for, or ask"
    ]


def _named_for_sure(text: str, names: Mapping[str, str]) -> set[str]:
    tickers = set(names.values())
    found: set[str] = set()
    rest = text
    full = [n for n, t in names.items() if n != t.lower()]
    for name in sorted(full, key=len, reverse=True):
        pattern = re.compile(rf"\b{re.escape(name)}\b", re.I)
        if pattern.search(rest):
            found.add(names[name])
            rest = pattern.sub(" ", rest)
    found |= {w for w in re.findall(r"\b[A-Z]{2,6}\b", rest) if w in tickers}
    return found


def _capital(
    spec: Mapping[str, Any], amounts: list[float], previous: Mapping[str, Any]
) -> list[str]:
    if spec.get("capital") is None:
        return []
    capital = float(spec["capital"])
    if previous.get("capital") is not None and math.isclose(capital, float(previous["capital"])):
        return []
    if any(math.isclose(capital, a, rel_tol=0.005) for a in amounts):
        return []
    said = ", ".join(f"{a:,.0f}" for a in amounts if a >= 1) or "no amount"
    return [
        f"capital: {capital:,.2f} is not an amount the person gave ({said}); use their amount, "
        "or ask for one instead of choosing it"
    ]


def _constraints(
    spec: Mapping[str, Any], text: str, amounts: list[float], previous: Mapping[str, Any]
) -> list[str]:
    given = spec.get("constraints") or {}
    before = previous.get("constraints") or {}
    shares = _shares(text, amounts, spec.get("capital"))
    problems = []
    for field, default in _DEFAULTS.items():
        value = given.get(field, default)
        if value is None or value == default or value == before.get(field, default):
            continue
        if not any(math.isclose(float(value), s, abs_tol=5e-4) for s in shares):
            problems.append(
                f"constraints.{field}: {float(value):g} is not a share the person gave; keep "
                "the default or ask"
            )
    return problems


def _shares(text: str, amounts: list[float], capital: Any) -> list[float]:
    """Every share the text states: "40%", "0.4", words like "half", and money over capital."""
    out = [f.value / 100 for f in figures_in(text) if f.percent]
    out += [a for a in amounts if 0 < a <= 1]
    out += [share for word, share in _WORD_SHARES.items() if re.search(rf"\b{word}\b", text, re.I)]
    if capital is not None and float(capital) > 0:
        out += [a / float(capital) for a in amounts if a < float(capital)]
    return out
