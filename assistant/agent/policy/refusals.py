"""Requests CoinPilot refuses outright: leverage, shorting, borrowing, promised returns,
trading without confirmation, placing orders, withdrawals, manipulation, setting its rules aside;
and requests it does not serve (staking, lending...).

These rules hold for every model: the session checks the person's words with :func:`find_refusal`
before any model sees them, and the offline goal parser applies the same function (through its
``goal_parser.refusals`` re-export). The phrases live in ``data/refusals.json``. A person ruling
something out ("no leverage", "never short") is not refused, but accepting it is ("I don't mind
leverage", "no problem with margin"). The words are normalised with the goal parser's text helpers
("ten x" reads as "10x", look-alike letters become Latin), and every rule is also tried on two
views that undo disguises: letters spaced or dotted apart joined ("s h o r t", "sh-ort"), and
digits inside words read as letters ("l3verage"). The goal parser's coin names fill ``{coin}``.
This module must never soften a refusal into a spec.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from assistant.domain.wallet_secrets import find_wallet_secret

from .wallet_request import ADDRESS, asks_to_watch_wallet


@dataclass(frozen=True)
class Refusal:
    category: str
    reason: str
    phrase: str


@dataclass(frozen=True)
class _Rule:
    category: str
    reason: str
    pattern: re.Pattern[str]
    negatable: bool
    questions_exempt: bool


@cache
def _data() -> dict[str, Any]:
    raw = resources.files(__package__).joinpath("data", "refusals.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


#: Money, not coins: an amount in these is how much to invest, never a quantity of a coin.
_CASH = frozenset({"USDT", "USDC", "BUSD", "DAI", "TUSD", "FDUSD", "USDP", "USD"})


@cache
def _rules() -> tuple[tuple[_Rule, ...], re.Pattern[str], re.Pattern[str]]:
    from ..goal_parser import vocab  # on use: the parser imports this module
    from ..goal_parser.text import whole_words

    data = _data()
    names: dict[str, list[str]] = vocab.load("coins")["names"]
    words = {
        w.lower()
        for ticker, ws in names.items()
        if ticker not in _CASH  # "buy 500 USDT of ETH" is an amount of money, not of coins
        for w in [ticker, *ws]
        if len(w) > 1
    }
    coin = "|".join(
        re.escape(w) for w in sorted(words | {"coins?", "tokens?"}, key=len, reverse=True)
    )
    coin = coin.replace(re.escape("coins?"), "coins?").replace(re.escape("tokens?"), "tokens?")
    rules = tuple(
        _Rule(
            c["name"],
            c["reason"],
            whole_words([p.replace("{coin}", coin) for p in c["patterns"]]),
            bool(c["negatable"]),
            bool(c.get("questions_exempt", False)),
        )
        for c in data["categories"]
    )
    negation = "|".join(data["negations"])
    # A negation among the few words before the match, in the same clause, rules it out
    # ("don't want any leverage or shorting"); a comma ends the clause ("no cash, 10x").
    ruled_out = re.compile(rf"(?:^|[^\w'])(?:{negation})(?:[ /]+[\w']+){{0,4}} *$")
    accepting = whole_words(list(data["acceptance"]))
    return rules, ruled_out, accepting


@cache
def _unsupported() -> re.Pattern[str]:
    from ..goal_parser.text import whole_words

    return whole_words(list(_data()["unsupported"]["patterns"]))


def find_unsupported(lower: str) -> str | None:
    """A question for something CoinPilot does not do but may be asked for ("stake my ETH")."""
    data = _data()["unsupported"]
    match = _unsupported().search(lower)
    return None if match is None else str(data["message"]).format(phrase=match.group(0))


#: Said when a message holds a wallet's private key or seed phrase (or the mark left in its place).
WALLET_SECRET_REASON = (
    "Never type a private key or seed phrase, here or anywhere but your own wallet: it is the "
    "wallet itself, and anyone who sees it can empty it. CoinPilot only needs the PUBLIC address "
    "(0x... or a Solana address) to watch a wallet, read-only. What you typed was redacted, not "
    "kept; if it was a real one, treat that wallet as exposed and move its funds to a new wallet."
)


def find_refusal(text: str) -> Refusal | None:
    """The first refused request in a goal (raw or already cleaned), or None."""
    secret = find_wallet_secret(text)
    if secret is not None:
        return Refusal("wallet_secret", WALLET_SECRET_REASON, secret)
    if asks_to_watch_wallet(text):  # the address is what to watch, not where to send coins;
        # "send 1 ETH to my wallet 0x..." still reads "send ... to my wallet address"
        text = ADDRESS.sub("address", text)
    for lower in _views(text):
        refusal = _first_refusal(lower)
        if refusal is not None:
            return refusal
    return None


@cache
def _question() -> re.Pattern[str]:
    openers = "|".join(_data()["question_openers"])
    return re.compile(rf"^\W*(?:{openers})\b")


def _is_question(lower: str) -> bool:
    """One sentence that opens with a question word and ends with '?': "why did you sell 3 ETH?".
    Anything more ("what? buy 2 BTC", "why not, sell 3 ETH") is read as a request."""
    text = lower.strip()
    if not text.endswith("?") or _question().match(text) is None:
        return False
    body = text[:-1]
    return not re.search(
        r"[.!?;:](?:\s|$)|,\s*(?:and |then |now |so )?(?:buy|sell|place|send|move|withdraw)", body
    )


def _first_refusal(lower: str) -> Refusal | None:
    rules, ruled_out, accepting = _rules()
    question = _is_question(lower)
    for rule in rules:
        if question and rule.questions_exempt:
            continue  # "why did you sell 3 ETH?" asks about a decision, it orders nothing
        for match in rule.pattern.finditer(lower):
            before = lower[max(0, match.start() - 40) : match.start()]
            negated = ruled_out.search(before) if rule.negatable else None
            if negated is not None and not accepting.search(negated.group(0)):
                continue
            return Refusal(rule.category, rule.reason, match.group(0))
    return None


#: Letters kept apart by spaces or punctuation: 's h o r t', 'l.e.v.e.r.a.g.e', 'l_e_v_e_r'.
_SPACED = re.compile(r"(?<![^\W_])[a-z](?:[\s._*\-|/\\+~'`]+[a-z](?![^\W_])){2,}")
#: Punctuation inside a word: 'sh-ort', 'lev.erage', 'mar*gin'.
_INSIDE = re.compile(r"(?<=[a-z])[._*\-|~'`]+(?=[a-z])")
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
    }
)
#: A word mixing letters and digits that is not an amount or a count ('10x', '5k', '3rd').
_MIXED = re.compile(r"(?<![\w$@])(?=[\w$@]*[a-z])(?=[\w$@]*[\d@$])[\w$@]{3,}(?![\w$@])")
_AMOUNTISH = re.compile(r"^\$?\d+(?:[.,]\d+)?[a-z]{0,4}$|^[a-z]{1,2}\d+$")


def _views(text: str) -> list[str]:
    """The goal as the rules read it, then with disguises undone; each view once."""
    from ..goal_parser.numbers import words_to_digits
    from ..goal_parser.text import clean, lower_same_length, normalize_letters

    def read(raw: str) -> str:
        return lower_same_length(words_to_digits(clean(raw)))

    plain = read(text)
    letters = lower_same_length(normalize_letters(text))
    joined = _SPACED.sub(lambda m: re.sub(r"[^a-z]", "", m.group(0)), _INSIDE.sub("", letters))
    views = [plain, read(joined)]
    leet = _MIXED.sub(_unleet, letters)
    if leet != letters:
        views.append(read(leet))
        views.append(read(leet.replace("i", "l")))  # '1' may stand for 'l' too: 'f1ash'
    return list(dict.fromkeys(views))


def _unleet(match: re.Match[str]) -> str:
    word = match.group(0)
    return word if _AMOUNTISH.match(word) else word.translate(_LEET)
