"""Facts from a fresh goal -> a validated spec dict and its summary, or a question.

Defaults, each stated in the message when used (never silent): objective HRP, risk level
moderate, rebalance when any weight drifts 5 percentage points, paper trading, quote USDT.
The spec is checked by ``assistant.domain.parse_spec``; its problems become the question.
This module must never propose a spec that did not pass ``parse_spec``.
"""

from __future__ import annotations

from typing import Any

from assistant.domain import FieldChange, SpecError, StrategySpec, diff_specs, parse_spec

from .checks import risk_questions, weight_questions
from .coins import CoinIndex
from .facts import QUOTE, Facts
from .features import apply_features
from .messages import OBJECTIVE_LABELS, SIGNAL_LABELS, describe, join
from .resolve import Fields
from .result import GoalResult

DEFAULT_DRIFT = 0.05
DEFAULT_OBJECTIVE = "hrp"
DEFAULT_LEVEL = "moderate"

VAGUE = (
    "I need a little more to build a strategy. Which coins should it hold (for example BTC, ETH "
    "and SOL, or 'the top 10 by volume'), how much do you want to invest, and when should it "
    "rebalance (for example monthly, or when a weight drifts 5%)?"
)

START_OVER = (
    "Starting over: I've set the previous strategy aside. Describe the new one: which coins (for "
    "example BTC, ETH and SOL, or 'the top 10 by volume'), how much to invest, and when to "
    "rebalance (for example monthly)."
)


def clarify(facts: Facts, understood: list[str]) -> GoalResult:
    return GoalResult(
        status="clarify", message=" ".join(facts.questions), spec=None, understood=understood
    )


def coin_questions(facts: Facts, index: CoinIndex) -> None:
    """Near misses, unknown and unlisted coins: name them and ask, never guess."""
    if facts.typos:
        guesses = join([f'{" or ".join(tickers)} for "{word}"' for word, tickers in facts.typos])
        sure = all(len(tickers) == 1 for _, tickers in facts.typos)
        facts.ask(
            f"Did you mean {guesses}? I don't use a coin I had to guess; "
            + (
                f"answer yes to use {'it' if len(facts.typos) == 1 else 'them'}, or "
                if sure
                else ""
            )
            + "say the goal again with the names you meant."
        )
    if facts.unknown:
        names = join([f'"{w}"' for w in facts.unknown])
        facts.ask(
            f"I don't recognise {names} as a coin this market lists, and I won't guess a ticker. "
            "Which coin did you mean, or should I leave it out?"
        )
    for coin in facts.unlisted:
        facts.ask(
            f"This market does not list {coin.phrase} ({coin.ticker}). Pick a coin it lists or "
            "leave it out."
        )


def assemble_new(facts: Facts, fields: Fields, understood: list[str]) -> GoalResult:
    if not facts.anything():
        return GoalResult(status="clarify", message=VAGUE, spec=None, understood=understood)
    symbols = [c.ticker for c in facts.include if c.ticker not in facts.exclude]
    symbols = list(dict.fromkeys(symbols))
    universe: dict[str, Any] = {"symbols": None, "top_n": None, "exclude": list(facts.exclude)}
    if symbols and fields.top_n is not None:
        facts.ask(
            f"Do you want exactly {join(symbols)}, or the top {fields.top_n} coins by volume?"
        )
    elif symbols:
        universe["symbols"] = symbols
    elif fields.top_n is not None:
        universe["top_n"] = fields.top_n
    elif facts.include:
        facts.ask("Every coin you named is also excluded, so nothing is left to hold. Which stay?")
    elif not (facts.unknown or facts.unlisted or facts.typos):
        facts.ask(_universe_question(facts))
    if facts.questions:
        return clarify(facts, understood)
    n = len(symbols) if symbols else int(fields.top_n or 0)
    sized_by = "" if symbols else "(the top-N rule)"
    for q in weight_questions(n, fields.shares, sized_by=sized_by) + risk_questions(fields.shares):
        facts.ask(q)
    if facts.questions:
        return clarify(facts, understood)
    defaults: list[str] = []
    objective = fields.objective or DEFAULT_OBJECTIVE
    if fields.objective is None and not (facts.features and facts.features.weights):
        defaults.append(
            f"objective {OBJECTIVE_LABELS[objective]} (other choices: risk parity, minimum "
            "variance, max Sharpe, inverse volatility, equal weight)"
        )
    level = fields.level or DEFAULT_LEVEL
    if fields.level is None:
        defaults.append(f"risk level {level}")
    drift = fields.drift
    if drift is None and (facts.drift_word or fields.every_days is None):
        drift = DEFAULT_DRIFT
        tail = "" if facts.drift_word else " (say so if you want a calendar such as monthly)"
        defaults.append(f"rebalance when any weight drifts 5 percentage points{tail}")
    data: dict[str, Any] = {
        "version": 1,
        "quote": fields.quote or QUOTE,
        "capital": fields.capital,
        "objective": objective,
        "universe": universe,
        "constraints": _constraints(fields.shares),
        "risk": {
            "level": level,
            "stop_loss": fields.shares.get("stop_loss"),
            "max_drawdown": fields.shares.get("max_drawdown"),
        },
        "rebalance": {"every_days": fields.every_days, "drift_threshold": drift},
        "execution": {"mode": fields.mode or "paper", "exchange": fields.exchange or "demo"},
        "signals": dict(facts.signals),
    }
    if facts.features is not None:
        defaults += apply_features(data, facts.features, facts, stated_objective=fields.objective)
        if facts.questions:
            return clarify(facts, understood)
    return finish(data, facts, understood, defaults=defaults, notes=notes_for(facts, fields))


def _constraints(shares: dict[str, float]) -> dict[str, float]:
    return {
        "min_weight": shares.get("min_weight", 0.0),
        "max_weight": shares.get("max_weight", 1.0),
        "cash_reserve": shares.get("cash_reserve", 0.0),
    }


def _universe_question(facts: Facts) -> str:
    if facts.top_vague is not None and any(ch.isdigit() for ch in facts.top_vague):
        return (
            f'Which coins do you mean by "{facts.top_vague}"? Name them (for example BTC, ETH, '
            "SOL) or say 'the top N by volume'."
        )
    if facts.top_vague is not None:
        return f'How many of "{facts.top_vague}" should I hold? For example "the top 10 by volume".'
    return (
        "Which coins should I hold? Name them (for example BTC, ETH and SOL) or say "
        "'the top 10 by volume'."
    )


def notes_for(facts: Facts, fields: Fields) -> list[str]:
    notes: list[str] = list(fields.conversions)
    if fields.quote is not None:
        notes.append(
            f"This market prices coins in {fields.quote} too, so the strategy invests "
            f"{fields.quote} as it is: no conversion."
        )
    if facts.signal_defaults:
        names = join([SIGNAL_LABELS[s] for s in facts.signal_defaults])
        notes.append(
            f"I set the {names} tilt to the default strength of 50%; say for example "
            "'momentum tilt of 20%' to change it."
        )
    if facts.by_market_cap and facts.top_n:
        notes.append("This market ranks coins by trading volume, not market cap.")
    for name in facts.categories:
        notes.append(f"'{name}' coins are excluded as listed in my category table.")
    return notes


def finish(
    data: dict[str, Any],
    facts: Facts,
    understood: list[str],
    *,
    defaults: list[str],
    notes: list[str],
    previous: StrategySpec | None = None,
) -> GoalResult:
    """Validate with ``parse_spec``; an invalid spec becomes a question, a valid one a proposal."""
    try:
        spec = parse_spec(data, source="your goal")
    except SpecError as exc:
        facts.ask("That doesn't make a valid strategy yet: " + "; ".join(exc.problems) + ".")
        return clarify(facts, understood)
    lead = "Here is the strategy I understood."
    if previous is not None:
        changes = [change_phrase(c) for c in diff_specs(previous, spec)]
        if not changes and facts.preview and not facts.unused:  # "preview it": as it stands
            return GoalResult(
                status="ok",
                message=f"No change: version {previous.version} as it stands.",
                spec=spec_dict(previous),
                understood=understood,
            )
        if not changes:
            facts.ask(
                "I didn't find anything to change in that. Say what to change, for example "
                "'make it quarterly', 'drop SOL' or 'cap each coin at 30%'."
            )
            return clarify(facts, understood)
        lead = f"Version {spec.version}: changed " + "; ".join(changes) + "."
    parts = [lead, *describe(spec), *notes]
    if facts.unused:
        words = ", ".join(f'"{w}"' for w in facts.unused)
        parts.insert(1, f"I did not use: {words} (rephrase it if it matters).")
    if defaults:
        parts.append("You didn't say, so I used my defaults: " + "; ".join(defaults) + ".")
    return GoalResult(
        status="ok", message=" ".join(parts), spec=spec_dict(spec), understood=understood
    )


def change_phrase(change: FieldChange) -> str:
    """``path from old to new`` in words a person reads ("none", never Python's ``None``)."""

    def show(value: Any) -> str:
        if value is None:
            return "none"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "none"
        return str(value)

    return f"{change.path} from {show(change.old)} to {show(change.new)}"


def spec_dict(spec: StrategySpec) -> dict[str, Any]:
    """The spec as plain JSON values; capital as a number, as in ``coinpilot spec --json``."""
    data = spec.model_dump(mode="json")
    if spec.capital is not None:
        capital = spec.capital
        data["capital"] = int(capital) if capital == capital.to_integral_value() else float(capital)
    return data
