"""Words no reader used: reported to the person ("I did not use: purple, zebra"), never dropped
silently.

After every extractor has consumed what it understood, the words left in the masked goal are
either filler (``words.json``: common words, acronyms, homographs, filler) or something the
person said that changed nothing. The second kind is named in the reply so the person can see
what was ignored and rephrase. This module must never change the spec or ask a question.
"""

from __future__ import annotations

import re

from . import vocab
from .text import Text

#: Letters of any script: "谢谢" or "спасибо" beside an English goal is reported like "purple".
_WORD = re.compile(r"(?<![\w$@])[^\W\d_](?:[^\W\d_]|')*[^\W\d_](?![\w])")


def unused_words(text: Text) -> list[str]:
    """Words left after every reader, in reading order, each once, as the person wrote them."""
    known = (
        vocab.word_set("common")
        | vocab.word_set("acronyms")
        | vocab.word_set("homographs")
        | vocab.word_set("not_typos")
        | vocab.word_set("filler")
    )
    out: list[str] = []
    for match in _WORD.finditer(text.masked):
        word = match.group(0)
        if word in known or word.removesuffix("'s") in known:
            continue
        written = text.original[match.start() : match.end()]
        if written not in out:
            out.append(written)
    return out
