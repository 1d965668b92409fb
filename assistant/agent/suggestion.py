"""'yes' after "Did you mean BTC for "bitcon"?": the goal again, with the suggested coins.

The goal parser never uses a coin it had to guess; it asks. A person who answers yes has now
named the coin, so the goal they meant is their previous message with each misspelling replaced
by the one coin offered for it. The session keeps that corrected goal for one turn only: any
other answer drops it. The parser invites a yes only when it
offered one coin per word; a question that offered a choice ("BTC or BCH") is not answered by
"yes", and nothing is remembered for it.
"""

from __future__ import annotations

import re

#: One suggestion of the parser's question: 'BTC for "bitcon"' (one coin, no "or").
_OFFER = re.compile(r'\b([A-Z0-9]{2,12}) for "([^"]+)"')
_QUESTION = re.compile(r"Did you mean (.+?)\? I don't use a coin I had to guess; answer yes")
_YES = re.compile(
    r"^\s*(?:yes|yeah|yep|yup|y|sure|correct|right|ok|okay|that's right|that is right|"
    r"exactly|indeed)(?:[,!. ]+(?:please|that's (?:it|right)|i did|thanks|thank you))*[\s.!]*$",
    re.IGNORECASE,
)


def corrected_goal(reply: str, asked: str) -> str | None:
    """``asked`` with the misspellings ``reply`` offered a single coin for replaced by it; None
    when ``reply`` asked no such question or offered a choice for some word."""
    question = _QUESTION.search(reply)
    if question is None:
        return None
    pairs = _OFFER.findall(question.group(1))
    if not pairs:
        return None
    goal = asked
    for ticker, word in pairs:
        goal, found = re.subn(rf"(?<![\w]){re.escape(word)}(?![\w])", ticker, goal, flags=re.I)
        if not found:
            return None
    return goal


def says_yes(text: str) -> bool:
    """A plain yes ("yes", "yep, please", "correct"), nothing more."""
    return bool(_YES.match(text))
