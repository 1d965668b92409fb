"""What a message asks for, decided by rules: a goal, a "why", a concept, the portfolio, a price.

Used by the offline model to choose its tool, and by the tool guard for every model: a turn may
only write a preview when the person's own words ask for a strategy or a change.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Intent(StrEnum):
    GOAL = "goal"
    WHY = "why"
    KNOWLEDGE = "knowledge"
    PORTFOLIO = "portfolio"
    PRICE = "price"
    BACKTEST = "backtest"
    SENTIMENT = "sentiment"
    ONCHAIN = "onchain"
    YIELDS = "yields"
    SMALLTALK = "smalltalk"


_WHY = re.compile(
    r"\bwhy\b|\bexplain (the|that|this|my|your) (decision|rebalanc|trade|order)", re.I
)
_KNOWLEDGE = re.compile(
    r"^\s*(what(?:'s| is| are| does)|how (?:does|do|is|are|should)|explain|tell me about|define|"
    r"what'?s the difference|is it safe|should i)\b",
    re.I,
)
_PORTFOLIO = re.compile(
    r"\b(my portfolio|my holdings|holdings|my balance|how am i doing|what do i (?:own|hold)|"
    r"show (?:me )?(?:my )?portfolio|current (?:weights|allocation)|drift)\b",
    re.I,
)
_BACKTEST = re.compile(
    r"\b(back-?test\w*|would (?:it|this|that) have (?:done|performed)|how would (?:it|this|that) "
    r"have|historical(?:ly)? perform\w*|past performance)\b",
    re.I,
)
_PRICE = re.compile(r"\b(price of|prices? for|how much is|trading at|quote for)\b", re.I)
_GREETING = re.compile(r"^\s*(hi|hello|hey|thanks|thank you|ok|okay|help)\b[\s!.?]*$", re.I)
_CHANGE = re.compile(
    r"\b(rebalanc\w*|invest|allocat\w*|portfolio of|buy|hold|split|spread|put|strategy|"
    r"make it|change|switch|drop|add|remove|exclude|instead|preview|show (?:me )?the orders|"
    r"go ahead|\$|usd|usdt|grand|\d+\s*k\b|risk)\b",
    re.I,
)
_NEWS = re.compile(r"\b(news|headlines?|sentiment|articles?|feeds?|summari[sz]e)\b", re.I)
_ONCHAIN = re.compile(
    r"\b(on-?chain|exchange (?:in|out)?flows?|(?:in|out|net )flows?|active addresses|hash ?rate)\b",
    re.I,
)
_YIELDS = re.compile(
    r"\b(yields?|apy|earn(?:ing)? (?:interest|yield)|idle \w+ (?:earn|work)|lend(?:ing)? rates?)\b"
    r"|could \w+ earn|where could",
    re.I,
)
#: Asking CoinPilot to do something with funds is not a question about yields: the goal parser
#: and its refusals answer it (CoinPilot cannot stake, lend or deposit).
_ACT_ON_FUNDS = re.compile(r"\b(stake|staking|deposit|farm|lend|move|put|invest)\b", re.I)
_AMOUNTS = re.compile(r"\d|%|\b[A-Z]{2,6}\b")
DECISION_ID = re.compile(r"\bd-[0-9a-f]{6,}\b", re.I)


def classify(text: str) -> Intent:
    if _GREETING.match(text):
        return Intent.SMALLTALK
    if _WHY.search(text):
        return Intent.WHY
    if _BACKTEST.search(text):
        return Intent.BACKTEST
    if _ONCHAIN.search(text):
        return Intent.ONCHAIN
    if _YIELDS.search(text) and not _ACT_ON_FUNDS.search(text):
        return Intent.YIELDS
    if _NEWS.search(text) and not re.search(r"\bwhat is (sentiment|a headline)\b", text, re.I):
        return Intent.SENTIMENT
    if _PRICE.search(text):
        return Intent.PRICE
    if _KNOWLEDGE.match(text) and not re.search(r"\bi (have|want)\b", text, re.I):
        return Intent.KNOWLEDGE
    if _PORTFOLIO.search(text) and not re.search(r"\d", text):
        return Intent.PORTFOLIO
    return Intent.GOAL


def asks_for_change(text: str) -> bool:
    """True when the person's words ask to create or change a strategy or see its orders."""
    if classify(text) != Intent.GOAL or _NEWS.search(text):
        return False
    return bool(_CHANGE.search(text) or _AMOUNTS.search(text))
