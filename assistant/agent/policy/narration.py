"""Checking what a model wrote against what the turn computed, for every model.

The person sees proposals and previews drawn from tool results; the model's text is shown beside
them only after this check. Every number, ticker and id the reply states must appear in this
turn's records (the tool results that ran, or the person's own words), to the precision written:
"33%" matches 0.3333, "$50,000" does not match 5000. Claims of action are checked too
(``data/claims.json``): no tool can execute, so "I placed your order" or "Confirmed and executed"
is false unless the turn read a decision record or the portfolio, and "here is the preview" is
false unless a preview passed its checks this turn.

Not every figure in a reply is a claim: text in quotation marks (the person's words, or a phrase
to type) and examples ("for example the top 10 by volume") are not checked for figures, though
claims of action are looked for everywhere. Besides the records, a figure may be a fact of the
system (the spec's bounds, such as a 366-day longest period, and the market's quote currencies),
the whole (100%), or plain arithmetic on the person's own words: their share times the number of
coins they named, and what that leaves ("10% each of 3 coins invests 30%; 70% would sit idle").

The verdict: ``verified``; ``flagged`` (shown, with what could not be verified); ``withheld``
(a false claim of action: the text is not shown as the assistant's); ``empty``. This module only
judges; the session decides what the person sees, and counts every flag.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from .figures import facts_of, figures_in, ids_in, tickers_in, times_in
from .request import named_coins

#: Quote currencies: a market fact, named in any answer about money.
_QUOTES = frozenset({"USDT", "USDC", "USD", "BUSD"})
_QUOTED = re.compile(
    r'"[^"\n]{1,300}"|“[^”\n]{1,300}”|‘[^’\n]{1,300}’|(?<!\w)' + r"'[^'\n]{1,300}'(?!\w)"
)
_EXAMPLE = re.compile(r"\b(?:for example|for instance|e\.g\.|such as)\b[^.?!;)\n]*", re.I)


def _unquoted(text: str) -> str:
    """``text`` with quotations and examples blanked: what it states as fact."""
    blank = lambda m: " " * len(m.group())  # noqa: E731
    return _EXAMPLE.sub(blank, _QUOTED.sub(blank, text))


def _derived(person: Sequence[str], coins: int) -> list[float]:
    """The whole, and the person's shares times the coins they named, and what is left."""
    out = [1.0, float(coins)]
    for text in person:
        for figure in figures_in(text):
            if figure.percent and coins:
                share = figure.value / 100 * coins
                out += [share, abs(1 - share)]
    return out


@cache
def spec_bounds() -> dict[str, Any]:
    """The spec's JSON schema: its bounds (a year is 366 days at most) are facts of the system."""
    from tools.schema import spec_schema  # the schema lives with the tools that take a spec

    return spec_schema()


Verdict = Literal["verified", "flagged", "withheld", "empty"]
MismatchKind = Literal["number", "symbol", "id", "execution", "preview"]


@dataclass(frozen=True)
class Mismatch:
    kind: MismatchKind
    text: str  # what the reply said
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class NarrationCheck:
    verdict: Verdict
    mismatches: tuple[Mismatch, ...] = ()
    checked: int = 0  # figures, tickers, ids and claims looked at

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "checked": self.checked,
            "mismatches": [m.to_dict() for m in self.mismatches],
        }


@cache
def _claims() -> dict[str, re.Pattern[str]]:
    raw = resources.files(__package__).joinpath("data", "claims.json").read_text("utf-8")
    data = json.loads(raw)
    return {
        kind: re.compile("|".join(f"(?:{p})" for p in data[kind]), re.I | re.M)
        for kind in ("execution", "preview")
    }


def check_narration(
    reply: str,
    records: Sequence[Any],
    *,
    person: Sequence[str] = (),
    tickers: Collection[str] = (),
    names: Mapping[str, str] | None = None,
    previewed: bool = False,
    may_claim_execution: bool = False,
) -> NarrationCheck:
    """The verdict on ``reply`` given this turn's ``records`` and the ``person``'s messages.

    ``tickers`` are the symbols the market lists (and its quote currencies); ``names`` maps what
    people write ("bitcoin") to them, so a coin the person named counts as recorded.
    """
    if not reply.strip():
        return NarrationCheck("empty")
    facts = facts_of([*records, spec_bounds()], person)
    named = named_coins(" ".join(person), names or {}, list(tickers))
    facts.words.update(named)
    facts.words.update(_QUOTES)
    facts.numbers.extend(_derived(person, len(named)))
    claimed = _unquoted(reply)
    found: list[Mismatch] = []
    checked = 0
    for figure in figures_in(claimed):
        checked += 1
        if not facts.has_number(figure):
            found.append(Mismatch("number", figure.text, "no record of this answer states it"))
    for time in times_in(claimed):
        checked += 1
        if not facts.has_time(time):
            found.append(Mismatch("number", time, "no record of this answer states this time"))
    for ticker in tickers_in(claimed, tickers):
        checked += 1
        if ticker not in facts.words:
            found.append(Mismatch("symbol", ticker, "no record of this answer mentions it"))
    for ident in ids_in(claimed):
        checked += 1
        if not facts.has_id(ident):
            found.append(Mismatch("id", ident, "no plan or decision of this answer has this id"))
    claims = _claims()
    checked += 2
    said = claims["execution"].search(reply)
    if said and not may_claim_execution:
        found.append(
            Mismatch(
                "execution",
                said.group().strip(),
                "nothing was executed: no tool can trade, and only your Confirm executes a preview",
            )
        )
    said = claims["preview"].search(reply)
    if said and not previewed:
        found.append(
            Mismatch("preview", said.group().strip(), "no preview passed its checks in this answer")
        )
    if any(m.kind in ("execution", "preview") for m in found):
        return NarrationCheck("withheld", tuple(found), checked)
    return NarrationCheck("flagged" if found else "verified", tuple(found), checked)
