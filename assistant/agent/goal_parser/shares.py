"""Percentages and fractions, and what each is for: "no more than 30% each", "a fifth in cash",
"stop loss at 15%", "halt if the portfolio drops 25% from peak", "when drift passes 5 points".

Each share is read with the words of its own clause (commas and 'and' end a clause). Strong cues
(stop-loss, drawdown, drift, cash words) beat the plain comparisons ('at most', 'above'); within a
tier the cue nearest the number wins. A share whose purpose is unclear, or that pins one coin
('30% in BTC', '60/40'), becomes a question. This module must never drop a number silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import vocab
from .coins import CoinIndex
from .facts import Facts, Share
from .numbers import fraction_value
from .text import Text, whole_words

_UNIT = r"(?:%|percent|per cent|pct|percentage points?|points?|pts|ppts?|pp)"
_NUM = r"\d+(?:\.\d+)?"
_FRACTION_WORDS = r"half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|eighths?|tenths?"
_BOUNDARY = re.compile(r"[,;:!?()\n]|\.(?!\d)|\s-\s|\b(?:and|but|then|while|plus|also|so|or)\b")
_STRONG = ("stop_loss", "max_drawdown", "drift", "cash_reserve")


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    values: tuple[float, ...]  # one value, or (low, high) for a range


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        "split": re.compile(
            rf"(?<![\w.])\d{{1,2}}(?:[/-]\d{{1,2}})+(?![\w.])(?!\s*{_UNIT}(?![\w]))"
        ),
        "range": whole_words(
            rf"(?:between |from )?(?P<a>{_NUM})\s*(?P<ua>{_UNIT})?\s*(?:and|to|-)\s*"
            rf"(?P<b>{_NUM})\s*(?P<ub>{_UNIT})"
        ),
        "percent": re.compile(rf"(?<![\w.])(?P<n>{_NUM})\s*(?P<u>{_UNIT})(?![\w])"),
        "fraction": whole_words(
            rf"(?P<k>a|an|1|one|\d+)\s+(?P<w>{_FRACTION_WORDS})|(?P<p>\d+)/(?P<q>\d+)|(?P<h>half)"
        ),
    }


@cache
def _roles() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((str(name), whole_words(list(cues))) for name, cues in vocab.load("cues")["roles"])


def extract_shares(text: Text, facts: Facts, index: CoinIndex) -> None:
    """Find every share, give it a role, and record it (or a question about it)."""
    pats = _patterns()
    mentions: list[_Mention] = []
    for match in pats["split"].finditer(text.masked):
        parts = [int(p) for p in re.split(r"[/-]", match.group(0))]
        if len(parts) > 1 and sum(parts) == 100:
            phrase = text.consume(match.start(), match.end())
            facts.ask(
                f'Which coins does "{phrase}" split between? Name them with their shares '
                "(for example '60% BTC, 40% ETH'), or let the optimizer choose the weights "
                "under a cap ('at most 60% each') or split evenly ('equal weight')."
            )
    for match in pats["range"].finditer(text.masked):
        low, high = float(match.group("a")), float(match.group("b"))
        mentions.append(_Mention(match.start(), match.end(), (low / 100, high / 100)))
        text.consume(match.start(), match.end(), note=False)
    for match in pats["percent"].finditer(text.masked):
        if _negative(text.masked, match.start()):
            phrase = "-" + text.consume(match.start(), match.end()).strip()
            facts.ask(
                f'"{phrase}" is negative; caps, floors, cash, drift thresholds and stop-losses '
                f"are positive shares. Did you mean {phrase[1:]}?"
            )
            continue
        value = float(match.group("n")) / 100
        mentions.append(_Mention(match.start(), match.end(), (value,)))
        text.consume(match.start(), match.end(), note=False)
    for match in pats["fraction"].finditer(text.masked):
        share = _fraction(match)
        if share is not None:
            mentions.append(_Mention(match.start(), match.end(), (share,)))
            text.consume(match.start(), match.end(), note=False)
    mentions.sort(key=lambda m: m.start)
    for i, mention in enumerate(mentions):
        left_edge = mentions[i - 1].end if i else 0
        right_edge = mentions[i + 1].start if i + 1 < len(mentions) else len(text.lower)
        _classify(text, facts, index, mention, left_edge, right_edge)


def _negative(masked: str, start: int) -> bool:
    """A minus sign right before the number ("passes -5%"), not a hyphen joining two numbers."""
    return start > 0 and masked[start - 1] == "-" and (start < 2 or not masked[start - 2].isalnum())


def _fraction(match: re.Match[str]) -> float | None:
    if match.group("h"):
        return 0.5
    if match.group("w"):
        share = fraction_value(match.group("w"))
        count = match.group("k")
        times = 1 if count in ("a", "an", "one") else int(count)
        return None if share is None or share * times > 1 else share * times
    p, q = int(match.group("p")), int(match.group("q"))
    return p / q if 0 < p < q <= 20 else None


def _classify(
    text: Text, facts: Facts, index: CoinIndex, m: _Mention, left_edge: int, right_edge: int
) -> None:
    low = text.lower
    left_start = max([left_edge, *(b.end() for b in _BOUNDARY.finditer(low, 0, m.start))])
    cut = _BOUNDARY.search(low, m.end, right_edge)
    right_end = cut.start() if cut else right_edge
    left, right = low[left_start : m.start], low[m.end : right_end]
    phrase = text.original[m.start : m.end].strip()
    coins = _coin_spans(low, left_start, right_end, index)
    if any(v > 1 for v in m.values):
        facts.ask(f'"{phrase}" is more than the whole portfolio; what did you mean?')
        return
    role = _role(_blank(left, coins, left_start), _blank(right, coins, m.end))
    if role == "cash_reserve":  # "in USDT" / "in stablecoins" is where the cash goes, not a coin
        cash = dict(_roles())["cash_reserve"]
        for found in list(cash.finditer(text.masked, left_start, right_end)):
            if not any(s < found.end() and found.start() < e for s, e in coins):
                text.consume(found.start(), found.end(), note=False)
    if role == "loss":
        role = _loss_subject(left + " " + right)
    if role in ("max_weight", "min_weight", "stop_loss", "unknown") and _pins_one_coin(
        left, right, index
    ):
        facts.ask(
            f'"{text.original[left_start:right_end].strip()}" sets one coin apart. CoinPilot '
            "doesn't pin a coin to a share: the optimizer picks each weight, and caps, floors "
            "and stop-losses apply to every coin alike (for example 'at most 50% each'), or "
            "'equal weight' splits evenly. Which do you want?"
        )
        return
    text.note(left_start, right_end)
    if len(m.values) == 2:
        if role not in ("max_weight", "min_weight", "unknown"):
            facts.ask(f'"{phrase}" is a range; I can only read a range as per-coin weights.')
            return
        facts.shares.append(Share("min_weight", min(m.values), phrase))
        facts.shares.append(Share("max_weight", max(m.values), phrase))
        return
    if role in ("unknown", "loss_unclear"):
        facts.ask(_unclear(phrase, role))
        return
    facts.shares.append(Share(role, m.values[0], phrase))


def _coin_spans(low: str, start: int, end: int, index: CoinIndex) -> list[tuple[int, int]]:
    """Coin names in a clause, except stablecoins (those are cash words): 'bitcoin cash' must
    not read as a cash cue, while 'in USDT' must."""
    stable = set(vocab.load("coins")["categories"]["stablecoin"]["tickers"])
    return [
        found.span()
        for found in index.pattern.finditer(low, start, end)
        if index.phrases[found.group(0)].ticker not in stable
    ]


def _blank(window: str, spans: list[tuple[int, int]], offset: int) -> str:
    for s, e in spans:
        a, b = max(s - offset, 0), min(e - offset, len(window))
        if a < b:
            window = window[:a] + " " * (b - a) + window[b:]
    return window


def _role(left: str, right: str) -> str:
    """The role of a share from its clause: strong cues first, then nearest cue wins."""
    medium = vocab.pattern("cues", "medium_max")
    best: dict[str, int] = {}
    for name, pattern in _roles():
        distances = [len(left) - mt.end() for mt in pattern.finditer(left)]
        distances += [mt.start() for mt in pattern.finditer(right)]
        if distances:
            best[name] = min(distances)
    for tier in (_STRONG, ("loss", "min_weight"), ("max_weight",), ("drift_weak",)):
        found = [(best[n], tier.index(n), n) for n in tier if n in best]
        if tier == ("loss", "min_weight"):
            near = [len(left) - mt.end() for mt in medium.finditer(left)]
            near += [mt.start() for mt in medium.finditer(right)]
            if near:
                found.append((min(near), 2, "max_weight"))
        if found:
            role = min(found)[2]
            return "drift" if role == "drift_weak" else role
    return "unknown"


def _loss_subject(clause: str) -> str:
    subjects: dict[str, list[str]] = vocab.load("cues")["loss_subjects"]
    for role in ("max_drawdown", "stop_loss"):
        if whole_words(subjects[role]).search(clause):
            return role
    return "loss_unclear"


def _pins_one_coin(left: str, right: str, index: CoinIndex) -> bool:
    markers = vocab.pattern("cues", "global_markers")
    if markers.search(left) or markers.search(right):
        return False
    coin = index.pattern.pattern
    after = re.match(
        rf"\s*(?:(?:of )?(?:my |the |our )?\w+ (?:in|on|for|into|to|of)\s+"
        rf"|(?:in|on|for|into|to|of)\s+)?(?:the\s+)?{coin}",
        right,
    )
    before = re.search(
        rf"{coin}\s+(?:at|to|max(?:imum)?|at most|no more than|under|below|above|over|capped at|"
        rf"limited to|weight(?: of)?|falls?|drops?|loses?|dips?|is down|goes down)\s*$",
        left,
    )
    return after is not None or before is not None


def _unclear(phrase: str, role: str) -> str:
    if role == "loss_unclear":
        return (
            f'For "{phrase}": should a single coin be sold when it falls that much (a stop-loss), '
            "or should everything halt when the whole portfolio falls that much from its peak?"
        )
    return (
        f'I could not tell what "{phrase}" is for: a cap per coin ("at most 30% each"), a floor '
        '("at least 5% each"), cash kept aside ("keep 10% in cash"), a drift threshold '
        '("rebalance when a weight drifts 5%"), a stop-loss or a drawdown halt?'
    )
