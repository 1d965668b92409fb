"""Whether a goal is written in English, the only language the offline parser reads.

A goal in another language must not be half-read: the English-looking words of "Vende en corto
BTC" name a coin, and a parser that kept only those would propose the opposite of what was asked.
So one unread word that could change the spec is enough to ask for English. The signs, all from
``data/languages.json``:

- a word in a script other than Latin (each Chinese, Japanese or Korean character counts as one:
  those scripts put no spaces between words);
- one "decisive" word of another language: sell, buy, short, leverage, without, not;
- two function words of one other language ("quiero ... para", "ich ... und").

Courtesies ("por favor", "danke", "спасибо", "谢谢") are not signs: an English goal with one is
read as English, and the courtesy is one of the words reported as not used. Look-alike letters
inside a Latin word were made Latin by the cleaning before this runs, so "lеverage" with a
Cyrillic "е" is English, while a word wholly in Cyrillic is Russian (or Ukrainian...). This module
must never translate; it only says when the parser should ask for English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from . import vocab
from .text import lower_same_length, normalize_letters

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: Scripts written without spaces between words: each character is read as a word.
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


def _norm(word: str) -> str:
    return lower_same_length(normalize_letters(word))


@cache
def _lists() -> tuple[frozenset[str], frozenset[str], dict[str, frozenset[str]]]:
    data = vocab.load("languages")
    courtesy = frozenset(_norm(w) for w in data["courtesy"])
    decisive = frozenset(_norm(w) for w in data["decisive"]) - courtesy
    languages = {
        name: frozenset(_norm(w) for w in words) - courtesy
        for name, words in data["languages"].items()
    }
    return courtesy, decisive, languages


def foreign_vocabulary() -> frozenset[str]:
    """Every word the lists know as another language's: never a coin name to ask about."""
    courtesy, decisive, languages = _lists()
    return courtesy.union(decisive, *languages.values())


def _latin(char: str) -> bool:
    return char.isascii() or "LATIN" in unicodedata.name(char, "")


def _script_words(words: list[str]) -> list[str]:
    """Words (or characters of unspaced scripts) in a script other than Latin."""
    out: list[str] = []
    for word in words:
        if all(_latin(c) for c in word):
            continue
        if any(unicodedata.name(c, "").startswith(_UNSPACED) for c in word):
            out += [c for c in word if not _latin(c)]
        else:
            out.append(word)
    return out


def other_language(text: str) -> str | None:
    """The message to give when ``text`` (already cleaned) is not English, else None."""
    courtesy, decisive, languages = _lists()
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    found = [w for w in words if w not in courtesy]
    unspaced = "".join(w for w in words if w in courtesy)  # "谢谢" is a courtesy, not 2 words
    scripts = [c for c in _script_words(found) if c not in unspaced]
    if (
        scripts
        or any(w in decisive for w in found)
        or any(sum(1 for w in found if w in markers) >= 2 for markers in languages.values())
    ):
        return str(vocab.load("languages")["message"])
    return None
