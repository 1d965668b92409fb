"""Changing an earlier spec: "make it quarterly instead", "drop SOL", "swap SOL for AVAX",
"add LINK", "no stop loss", "more aggressive". The result is the previous spec with only the
named parts changed and its version raised by one.

A rebalancing rule replaces the old rule unless the person says "also"; a bare list of coins
replaces the old list, while "add"/"drop" edit it. This module must never carry an old value
over when the person changed it, nor change a value they did not mention.
"""

from __future__ import annotations

from typing import Any

from assistant.domain import StrategySpec

from .assemble import DEFAULT_DRIFT, clarify, finish, notes_for
from .checks import risk_questions, weight_questions
from .facts import Facts
from .features import apply_features
from .messages import join
from .resolve import Fields
from .result import GoalResult

LEVELS = ("conservative", "moderate", "aggressive")
_CLEARED: dict[str, Any] = {
    "risk.stop_loss": None,
    "risk.max_drawdown": None,
    "constraints.cash_reserve": 0.0,
    "constraints.max_weight": 1.0,
    "constraints.min_weight": 0.0,
}


def assemble_edit(
    facts: Facts, fields: Fields, understood: list[str], previous: StrategySpec
) -> GoalResult:
    data = previous.model_dump(mode="python")
    data["version"] = previous.version + 1
    data["universe"] = _universe(facts, fields, previous)
    if fields.quote is not None:
        data["quote"] = fields.quote
    for key, value in (
        ("capital", fields.capital),
        ("objective", fields.objective),
    ):
        if value is not None:
            data[key] = value
    if fields.mode is not None:
        data["execution"]["mode"] = fields.mode
    if fields.exchange is not None:
        data["execution"]["exchange"] = fields.exchange
    level = fields.level
    if level is None and facts.risk_step:
        at = LEVELS.index(previous.risk.level.value) + facts.risk_step
        level = LEVELS[min(max(at, 0), len(LEVELS) - 1)]
    if level is not None:
        data["risk"]["level"] = level
        if facts.risk_step and level == previous.risk.level.value:
            facts.ask(f"The risk level is already {level}, as far as it goes that way.")
    for path in facts.resets:
        section, key = path.split(".")
        data[section][key] = _CLEARED[path]
    for role, share in fields.shares.items():
        section = "risk" if role in ("stop_loss", "max_drawdown") else "constraints"
        data[section][role] = share
    _rebalance(data, facts, fields)
    data["signals"].update(facts.signals)
    if facts.features is not None:
        apply_features(data, facts.features, facts, stated_objective=fields.objective)
    if facts.questions:
        return clarify(facts, understood)
    _check(data, facts)
    if facts.questions:
        return clarify(facts, understood)
    notes = _sold(data, previous) + notes_for(facts, fields)
    return finish(data, facts, understood, defaults=[], notes=notes, previous=previous)


def _sold(data: dict[str, Any], previous: StrategySpec) -> list[str]:
    """Coins the edit takes out: the next preview sells them, and only after you confirm it."""
    kept = set(data["universe"]["symbols"] or [])
    if data["universe"]["symbols"] is None:
        return []
    gone = [t for t in previous.universe.symbols or [] if t not in kept]
    if not gone:
        return []
    return [
        f"The next preview sells what you hold of {join(gone)}; nothing is sold until you "
        "confirm that preview."
    ]


def _universe(facts: Facts, fields: Fields, previous: StrategySpec) -> dict[str, Any]:
    old = previous.universe
    removals = list(dict.fromkeys([*facts.exclude, *facts.remove]))
    adds = list(facts.add)
    plain = list(dict.fromkeys(c.ticker for c in facts.include if c.ticker not in adds))
    exclude = [t for t in old.exclude if t not in adds and t not in plain]
    if fields.top_n is not None:
        if plain:
            facts.ask(f"Do you want exactly {join(plain)}, or the top {fields.top_n} by volume?")
        return {"symbols": None, "top_n": fields.top_n, "exclude": _merge(exclude, removals)}
    if not (plain or adds or removals):
        return {"symbols": old.symbols, "top_n": old.top_n, "exclude": list(old.exclude)}
    if old.symbols is None and not plain:
        if adds:
            facts.ask(
                f"Your coins are the top {old.top_n} by volume, so I can't add {join(adds)} on "
                "its own. Do you want a fixed list of coins instead?"
            )
        return {"symbols": None, "top_n": old.top_n, "exclude": _merge(exclude, removals)}
    basis = plain or list(old.symbols or [])
    missing = [t for t in removals if t not in basis and t not in adds]
    if missing and not plain:
        facts.ask(
            f"{join(missing)} {'is' if len(missing) == 1 else 'are'} not in your coins "
            f"({join(basis)}), so there is nothing to drop. Did you mean another coin?"
        )
    symbols = [t for t in dict.fromkeys([*basis, *adds]) if t not in removals]
    return {"symbols": symbols or None, "top_n": None, "exclude": _merge(exclude, [])}


def _merge(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _rebalance(data: dict[str, Any], facts: Facts, fields: Fields) -> None:
    drift = fields.drift
    if drift is None and facts.drift_word:
        drift = DEFAULT_DRIFT
    if fields.every_days is None and drift is None:
        return
    rule = data["rebalance"]
    if facts.merge_rebalance:
        rule["every_days"] = fields.every_days or rule["every_days"]
        rule["drift_threshold"] = drift or rule["drift_threshold"]
    else:
        rule["every_days"], rule["drift_threshold"] = fields.every_days, drift


def _check(data: dict[str, Any], facts: Facts) -> None:
    u, c, r = data["universe"], data["constraints"], data["risk"]
    n = len(u["symbols"]) if u["symbols"] else int(u["top_n"] or 0)
    shares = {"cash_reserve": float(c["cash_reserve"]), "min_weight": float(c["min_weight"])}
    if c["max_weight"] < 1.0:
        shares["max_weight"] = float(c["max_weight"])
    for q in weight_questions(n, shares, sized_by=""):
        facts.ask(q)
    for q in risk_questions({k: v for k, v in r.items() if k in ("stop_loss", "max_drawdown")}):
        facts.ask(q)
