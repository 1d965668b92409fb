"""The model's reply, shortened where a card of the same turn already shows its figures.

A turn that proposes a strategy and previews it shows the figures in its cards (computed by code);
models then restate them ("targets BTC 41.8%, ETH 25.2%... fees 4.99 USDT... Plan 1a21bc41ee67
expires at 02:38:07 UTC"), so each number appeared three times. Here a sentence is dropped when it
has figures (numbers, the turn's coin symbols, hashes) and every one of them is on a card of the
turn: it only repeats the card. Every other sentence is kept word for word, so whatever the model
says beyond the cards (a question, a default it chose, a figure the cards lack) still reaches the
person. The text is only ever shortened, never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(%?)")
_VERSION = re.compile(r"\bv(\d+)\b")
_WORD = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\b")
_HEX = re.compile(r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,64}\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _numbers(text: str) -> set[Decimal]:
    found: set[Decimal] = set()
    for digits, percent in _NUMBER.findall(text):
        try:
            value = Decimal(digits.replace(",", ""))
        except InvalidOperation:
            continue
        found.add(value.normalize())
        if percent:  # 5% on a card also stands for 0.05 in a reply
            found.add((value / 100).normalize())
    return found


@dataclass
class CardFacts:
    """The figures the cards of one turn show."""

    numbers: set[Decimal] = field(default_factory=set)
    symbols: set[str] = field(default_factory=set)  # the turn's coins and quote currency
    hashes: set[str] = field(default_factory=set)

    def add(self, text: str, symbols: Iterable[str] = ()) -> None:
        """Take in a card's plain text; ``symbols`` are the coins it is about."""
        self.numbers |= _numbers(text)
        self.numbers |= {Decimal(v) for v in _VERSION.findall(text)}
        self.symbols |= {s.upper() for s in symbols}
        self.hashes |= set(_HEX.findall(text))

    def __bool__(self) -> bool:
        return bool(self.numbers or self.symbols or self.hashes)

    def repeats(self, sentence: str) -> bool:
        """True when ``sentence`` has figures and the cards show every one of them."""
        numbers = _numbers(sentence)
        symbols = {w for w in _WORD.findall(sentence) if w in self.symbols}
        hashes = set(_HEX.findall(sentence))
        if not (numbers or symbols or hashes):
            return False
        shown = all(any(h.startswith(s) or s.startswith(h) for s in self.hashes) for h in hashes)
        return shown and numbers <= self.numbers  # symbols are the cards' by construction


def condense(reply: str, facts: CardFacts) -> str:
    """``reply`` without the sentences that only repeat ``facts``; code blocks stay whole."""
    if not facts:
        return reply
    kept: list[str] = []
    fenced = False
    for line in reply.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or line.lstrip().startswith("```") or not line.strip():
            kept.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        sentences = [s for s in _SENTENCE.split(line.strip()) if not facts.repeats(s)]
        if sentences:
            kept.append(indent + " ".join(sentences))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
