"""parse_goal: a plain-English goal -> a StrategySpec proposal, a clarifying question, or a refusal.

The pipeline, one module per step: clean the text and turn number words into digits
(:mod:`text`, :mod:`numbers`) -> refuse what CoinPilot never does (:mod:`refusals`) -> read
what is already held (:mod:`holdings`), the later spec features (:mod:`features`: fixed split,
contribution, take-profit, tilts), periods, shares, top-N, amounts, named choices, edit words,
coins and their roles, each consuming what it understood -> settle one value per field
(:mod:`resolve`) -> build and validate the spec (:mod:`assemble`, or :mod:`edits` when changing
``previous``). Deterministic, offline, no model.
This module must never interpret words itself; it only runs the steps in order.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from assistant.domain import StrategySpec

from . import vocab
from .amounts import extract_amounts
from .assemble import START_OVER, VAGUE, assemble_new, clarify, coin_questions
from .choices import extract_choices
from .coins import (
    as_symbol_map,
    coin_index,
    currency_coin_words,
    find_coins,
    unknown_coin_words,
)
from .edit_words import extract_edit_words, extract_fresh_start, extract_preview
from .edits import assemble_edit
from .facts import QUOTE, Facts, Rate
from .features import extract_features
from .holdings import extract_holdings, holdings_only, with_holdings
from .language import other_language
from .leftovers import ask_about_leftover_numbers
from .numbers import words_to_digits
from .periods import extract_periods
from .refusals import find_refusal, find_unsupported
from .resolve import settle
from .result import GoalResult
from .shares import extract_shares
from .signals import extract_signals
from .text import Text, clean
from .typos import find_typos
from .universe import assign_roles, extract_top_n
from .unused import unused_words

MAX_GOAL_CHARS = 2000


def parse_goal(
    text: str,
    *,
    known_symbols: Mapping[str, str] | Collection[str],
    previous: StrategySpec | None = None,
    quotes: Collection[str] = (QUOTE,),
    rates: Mapping[str, Rate] | None = None,
) -> GoalResult:
    """Read one goal. ``known_symbols`` is the market's list: tickers, or name -> ticker;
    ``quotes`` the currencies it prices coins in (an amount in one of them is not converted);
    ``rates`` what the market quotes for other currencies (fetched by the caller, after a result
    listed them in ``rates_needed``)."""
    cleaned = words_to_digits(clean(text))
    facts = Facts()
    extract_preview(Text.of(cleaned), facts)
    result = _parse(
        text, cleaned, known_symbols=known_symbols, previous=previous, quotes=quotes, rates=rates
    )
    return result.model_copy(update={"preview_asked": facts.preview}) if facts.preview else result


def _parse(
    text: str,
    cleaned: str,
    *,
    known_symbols: Mapping[str, str] | Collection[str],
    previous: StrategySpec | None = None,
    quotes: Collection[str] = (QUOTE,),
    rates: Mapping[str, Rate] | None = None,
) -> GoalResult:
    """The pipeline on ``text`` and its ``cleaned`` form (cleaned once, by :func:`parse_goal`,
    which adds whether the message asked for a preview)."""
    if not cleaned:
        return GoalResult(status="clarify", message=VAGUE, spec=None, understood=[])
    if len(cleaned) > MAX_GOAL_CHARS:
        return GoalResult(
            status="clarify",
            message=f"That is longer than I can read ({MAX_GOAL_CHARS} characters); "
            "please state the goal in a few sentences.",
            spec=None,
            understood=[],
        )
    refusal = find_refusal(text)
    if refusal is not None:
        return GoalResult(
            status="refuse", message=refusal.reason, spec=None, understood=[refusal.phrase]
        )
    foreign = other_language(cleaned)
    if foreign is not None:
        return GoalResult(status="clarify", message=foreign, spec=None, understood=[])
    index = coin_index(as_symbol_map(known_symbols))
    goal = Text.of(cleaned)
    facts = Facts()
    unsupported = find_unsupported(goal.lower)
    if unsupported is not None:
        facts.ask(unsupported)
    extract_fresh_start(goal, facts)
    if facts.fresh:
        previous = None
    extract_holdings(goal, facts, index)
    facts.features = extract_features(goal, facts, index)
    extract_periods(goal, facts)
    extract_signals(goal, facts)
    extract_shares(goal, facts, index)
    extract_top_n(goal, facts)
    extract_amounts(goal, facts)
    extract_choices(goal, facts)
    extract_edit_words(goal, facts)
    extract_preview(goal, facts)
    coins = find_coins(goal, index)
    assign_roles(goal, facts, coins, index)
    facts.typos = [(t.word, t.tickers) for t in find_typos(goal, index)]
    facts.unknown = unknown_coin_words(goal, coins, index)
    for word in currency_coin_words(goal, coins):
        facts.ask(
            f"{word} is a currency, not a coin: CoinPilot holds coins and keeps cash in {QUOTE}. "
            f"Leave {word} out, or was it the currency of an amount (for example €5,000)?"
        )
    ask_about_leftover_numbers(goal, facts)
    drift_words = vocab.pattern("cues", "drift_words")
    facts.drift_word = not any(s.role == "drift" for s in facts.shares) and bool(
        drift_words.search(goal.masked)
    )
    understood = goal.phrases()
    facts.unused = unused_words(goal)
    if facts.holdings and not facts.anything() and not facts.questions:
        return holdings_only(facts, understood)
    coin_questions(facts, index)
    fields = settle(facts, quotes, rates)
    if facts.questions:
        asked = clarify(facts, understood).model_copy(update={"rates_needed": facts.rates_needed})
        return with_holdings(asked, facts)
    if facts.fresh and not facts.anything():
        return GoalResult(status="clarify", message=START_OVER, spec=None, understood=understood)
    if previous is not None:
        return with_holdings(assemble_edit(facts, fields, understood, previous), facts)
    return with_holdings(assemble_new(facts, fields, understood), facts)
