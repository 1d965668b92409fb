"""What a message asks for, decided by rules: a goal, a "why", a concept, the portfolio, a price.

Used by the offline model to choose its tool (through ``offline.intents``), and by the tool guard
for every model: a turn may only write a preview when the person's own words ask for a strategy or
a change (:func:`asks_for_change`, the intent gate). Approving what is on screen ("looks good, go
ahead") is not a change: it must never let a turn replace the preview the person reviewed, and
only Confirm executes one.
"""

from __future__ import annotations

import re
from enum import StrEnum

from .wallet_request import asks_to_watch_wallet


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
    WALLETS = "wallets"
    WATCH_WALLET = "watch_wallet"
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
    r"have|historical(?:ly)? perform\w*|past performance|"
    r"how (?:did|does|has|would) (?:it|this|that|the|my)(?: \w+){0,2} "
    r"(?:do|done|perform\w*|fare|go)\b.*"
    r"\b(?:last|past|since|during|in|over|from|between) (?:\w+ )?(?:\d+|years?|months?)|"
    r"(?:replay|simulate) (?:it|this|that|the strategy|my strategy))\b",
    re.I,
)
#: A question about the person's own holdings ("how is my portfolio doing?", "what is my
#: portfolio worth?"): answered from the portfolio, never from a knowledge note.
_MY_PORTFOLIO = re.compile(
    r"\b(?:my|our) (?:portfolio|holdings|balance|account|coins|positions|investments?|"
    r"allocation|bags?)\b.*\b(?:worth|value|valued|doing|performing|look\w*|status|up|down|"
    r"gain\w*|los\w+|made|hold|own|now|today)\b|"
    r"\b(?:what|which) (?:coins |assets )?do i (?:own|hold|have)\b|"
    r"\bhow much (?:is my|am i|do i have|have i (?:made|lost))\b|"
    r"\bhow (?:am i|are my (?:coins|investments|holdings)) doing\b",
    re.I,
)
#: Words that make a message about news a goal after all ("factor in news sentiment, 5k").
_GOALISH = re.compile(
    r"\$\s?\d|\b(?:rebalanc\w*|tilt\w*|signals?|factor in|monthly|weekly|quarterly|usdt|usd|"
    r"dollars|\d+\s*k|every \w+ (?:days?|weeks?|months?))\b",
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
_WALLETS = re.compile(r"\b(?:my|our) wallets?\b|\bwallet (?:balances?|holdings)\b", re.I)
#: Asking CoinPilot to do something with funds is not a question about yields: the goal parser
#: and its refusals answer it (CoinPilot cannot stake, lend or deposit).
_ACT_ON_FUNDS = re.compile(r"\b(stake|staking|deposit|farm|lend|move|put|invest)\b", re.I)
_AMOUNTS = re.compile(r"\d|%|\b[A-Z]{2,6}\b")
#: Words that approve or acknowledge what is on screen and ask for nothing new.
_APPROVAL = re.compile(
    r"\b(?:ok(?:ay)?|yes|yeah|yep|yup|sure|great|perfect|fine|good|nice|cool|awesome|excellent|"
    r"thanks?|thank you|looks? (?:good|great|fine|ok(?:ay)?|right)|sounds? (?:good|great|fine)|"
    r"lgtm|go ahead|go for it|do it|proceed|confirm(?:ed)?|execute|approved?|ship it|"
    r"that'?s (?:it|right|fine)|all good|let'?s go|please|now|it|that|this|with|and|then|"
    r"the)\b",
    re.I,
)
DECISION_ID = re.compile(r"\bd-[0-9a-f]{6,}\b", re.I)


def classify(text: str) -> Intent:
    if _GREETING.match(text):
        return Intent.SMALLTALK
    if asks_to_watch_wallet(text):  # "watch my wallet 0x... on base": an address, not a goal
        return Intent.WATCH_WALLET
    if _WHY.search(text):
        return Intent.WHY
    if _BACKTEST.search(text):
        return Intent.BACKTEST
    if _ONCHAIN.search(text):
        return Intent.ONCHAIN
    if _WALLETS.search(text) and not (_ACT_ON_FUNDS.search(text) or re.search(r"[\d$]", text)):
        return Intent.WALLETS
    if _YIELDS.search(text) and not _ACT_ON_FUNDS.search(text):
        return Intent.YIELDS
    if _MY_PORTFOLIO.search(text) and not _GOALISH.search(text):
        return Intent.PORTFOLIO
    if (
        _NEWS.search(text)
        and not _GOALISH.search(text)
        and not re.search(r"\bwhat is (sentiment|a headline)\b", text, re.I)
    ):
        return Intent.SENTIMENT
    if _PRICE.search(text):
        return Intent.PRICE
    if _KNOWLEDGE.match(text) and not re.search(r"\bi (have|want)\b", text, re.I):
        return Intent.KNOWLEDGE
    if _PORTFOLIO.search(text) and not re.search(r"\d", text):
        return Intent.PORTFOLIO
    return Intent.GOAL


def is_approval(text: str) -> bool:
    """True when the message only approves or acknowledges ("looks good, go ahead", "ok thanks").

    Such a turn asks for no change: it may not write a preview, and it cannot execute one either.
    """
    rest = _APPROVAL.sub(" ", text)
    return bool(text.strip()) and not re.search(r"[^\W_]", rest)


def asks_for_change(text: str) -> bool:
    """True when the person's words ask to create or change a strategy or see its orders."""
    if is_approval(text) or classify(text) != Intent.GOAL:
        return False
    if _NEWS.search(text) and not _GOALISH.search(text):
        return False
    return bool(_CHANGE.search(text) or _AMOUNTS.search(text))
