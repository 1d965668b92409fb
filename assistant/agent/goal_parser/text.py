"""The goal as text: normalization, and a masked copy that extractors consume as they go.

Every extractor reads :attr:`Text.masked` and blanks what it has understood, so a span is read
once: "every 10 days" is a period and its 10 can no longer be read as "top 10" or an amount.
Positions never move after :func:`normalize`, so a span in the lowercase copy is also a span of
the original (case kept), which the coin rules need (``LINK`` is a coin, "link" a word).
This module must never know what any phrase means.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

_PUNCT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_WORD_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z0-9])|(?<=[0-9])-(?=[A-Za-z])")
_SPACES = re.compile(r"[ \t\r\n]+")

BOUNDARY_LEFT = r"(?<![\w$€£¥])"
BOUNDARY_RIGHT = r"(?![\w])"


@cache
def _confusables() -> tuple[dict[int, str], re.Pattern[str]]:
    raw = resources.files(__package__).joinpath("data", "confusables.json").read_text("utf-8")
    data = json.loads(raw)
    table = {ord(k): v for k, v in data["map"].items()}
    invisible = re.compile("[" + "".join(data["invisible"]) + "]")
    return table, invisible


def _unconfuse(word: re.Match[str]) -> str:
    text = word.group(0)
    if not re.search(r"[A-Za-z]", text):
        return text  # a word wholly in another script is another language, not a disguise
    return text.translate(_confusables()[0])


def normalize_letters(raw: str) -> str:
    """NFKC, invisible characters removed, look-alike letters inside Latin words made Latin.

    Fullwidth 'ｌｅｖｅｒａｇｅ' and a Cyrillic 'е' in 'lеverage' both become 'leverage', so
    every rule sees the word the person meant to show.
    """
    _, invisible = _confusables()
    text = invisible.sub("", unicodedata.normalize("NFKC", raw))
    return re.sub(r"\w+", _unconfuse, text)


def clean(raw: str) -> str:
    """Letters normalised (:func:`normalize_letters`), Unicode punctuation to ASCII, '5,000' to
    '5000', 'stop-loss' to 'stop loss'."""
    text = normalize_letters(raw).translate(_PUNCT)
    while True:
        joined = _THOUSANDS.sub("", text)
        if joined == text:
            break
        text = joined
    text = _WORD_HYPHEN.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def lower_same_length(text: str) -> str:
    """Lowercase, character by character, so every position keeps its meaning."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def whole_words(phrases: str | list[str]) -> re.Pattern[str]:
    """A pattern matching any of ``phrases`` (regular expressions) as whole words."""
    if isinstance(phrases, str):
        body = phrases
    else:
        body = "|".join(f"(?:{p})" for p in sorted(phrases, key=len, reverse=True))
    return re.compile(f"{BOUNDARY_LEFT}(?:{body}){BOUNDARY_RIGHT}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    text: str


@dataclass
class Text:
    """A normalized goal: ``original`` keeps case, ``lower`` is for matching, ``masked`` shrinks."""

    original: str
    lower: str = ""
    masked: str = ""
    understood: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def of(cls, original: str) -> Text:
        low = lower_same_length(original)
        return cls(original=original, lower=low, masked=low)

    def consume(self, start: int, end: int, *, note: bool = True) -> str:
        """Blank ``[start, end)`` so no later extractor reads it; returns the original phrase."""
        phrase = self.original[start:end].strip()
        self.masked = self.masked[:start] + " " * (end - start) + self.masked[end:]
        if note and phrase:
            self.understood.append((start, phrase))
        return phrase

    def note(self, start: int, end: int) -> None:
        """Record a phrase as understood without consuming it."""
        phrase = self.original[start:end].strip()
        if phrase:
            self.understood.append((start, phrase))

    def phrases(self) -> list[str]:
        """Understood phrases in reading order, each once."""
        seen: list[str] = []
        for _, phrase in sorted(self.understood):
            if phrase not in seen:
                seen.append(phrase)
        return seen


def best_matches(
    text: str, table: Iterable[tuple[re.Pattern[str], str]]
) -> Iterator[tuple[int, int, str]]:
    """Non-overlapping matches of labelled patterns, longest first, yielded in reading order."""
    found = [
        (m.start(), m.end(), label)
        for pattern, label in table
        for m in pattern.finditer(text)
        if m.end() > m.start()
    ]
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    taken: list[tuple[int, int, str]] = []
    for start, end, label in found:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, label))
    yield from sorted(taken)
