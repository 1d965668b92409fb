"""BERT's uncased WordPiece tokenizer in plain Python, so token vectors work without transformers.

It splits text the way all-MiniLM-L6-v2's tokenizer does (BERT ``do_lower_case``): control
characters dropped, CJK characters and punctuation split off, lower case, accents stripped, then
greedy longest-match WordPiece against the shipped vocabulary ("##" marks a word's continuation).
A test checks it against the transformers tokenizer on every labelled headline. It only maps text
to vocabulary ids; it never loads a model and never reads anything but the vocabulary it is given.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

#: Longer "words" (a pasted hash, a URL without spaces) become one unknown token, as in BERT.
MAX_WORD_CHARS = 100
UNKNOWN = "[UNK]"


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char).startswith("C")


def _is_whitespace(char: str) -> bool:
    return char in " \t\n\r" or unicodedata.category(char) == "Zs"


def _is_punctuation(char: str) -> bool:
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def basic_tokens(text: str) -> list[str]:
    """Lower-cased, accent-free words and single punctuation marks."""
    cleaned = []
    for char in text:
        cp = ord(char)
        if cp == 0 or cp == 0xFFFD or _is_control(char):
            continue
        if _is_cjk(cp):
            cleaned.append(f" {char} ")
        else:
            cleaned.append(" " if _is_whitespace(char) else char)
    tokens: list[str] = []
    for word in "".join(cleaned).lower().split():
        word = "".join(
            c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn"
        )
        current = ""
        for char in word:
            if _is_punctuation(char):
                if current:
                    tokens.append(current)
                tokens.append(char)
                current = ""
            else:
                current += char
        if current:
            tokens.append(current)
    return tokens


class WordPiece:
    """Text to vocabulary ids; the vocabulary is the list of pieces in id order."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.vocabulary = list(vocabulary)
        self.index = {piece: i for i, piece in enumerate(self.vocabulary)}
        if UNKNOWN not in self.index:
            raise ValueError(f"a WordPiece vocabulary needs the {UNKNOWN} piece")
        self.unknown = self.index[UNKNOWN]

    def word_ids(self, word: str) -> list[int]:
        if len(word) > MAX_WORD_CHARS:
            return [self.unknown]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else f"##{word[start:end]}"
                if piece in self.index:
                    ids.append(self.index[piece])
                    break
                end -= 1
            else:
                return [self.unknown]  # no piece fits: the whole word is unknown
            start = end
        return ids

    def ids(self, text: str) -> list[int]:
        return [i for word in basic_tokens(text) for i in self.word_ids(word)]

    def pieces(self, text: str) -> list[str]:
        return [self.vocabulary[i] for i in self.ids(text)]
