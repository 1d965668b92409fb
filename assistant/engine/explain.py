"""explain_decision: the facts behind one decision, as sentences computed from its record.

"No record, no story": every line here is derived from a journaled :class:`Decision`; when there is
no record the result says so. The agent narrates these lines and cites the decision id; it never
adds reasons of its own. Figures are written as every surface writes them
(:mod:`assistant.numbers`): the journal screen and the CLI show these lines as they are.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from assistant.domain import Decision, StrategySpec, WeightCap, weight_cap
from assistant.numbers import money, price, quantity

from .services import Services


class Explanation(BaseModel):
    model_config = ConfigDict(frozen=True)

    found: bool
    decision_id: str | None
    lines: list[str]
    decision: Decision | None = None


def explain_decision(services: Services, decision_id: str | None = None) -> Explanation:
    journal = services.journal
    decision = journal.get_decision(decision_id) if decision_id else journal.latest_decision()
    if decision is None:
        return Explanation(
            found=False,
            decision_id=None,
            lines=["No decision is recorded yet, so there is nothing to explain."],
        )
    spec = _spec_of(services, decision)
    return Explanation(
        found=True,
        decision_id=decision.decision_id,
        lines=describe(decision, spec),
        decision=decision,
    )


def _spec_of(services: Services, d: Decision) -> StrategySpec | None:
    """The spec version the decision ran, from the journal (None if it was never recorded)."""
    for spec in reversed(services.journal.spec_history(d.spec_name)):
        if spec.version == d.spec_version:
            return spec
    return None


def describe(d: Decision, spec: StrategySpec | None = None) -> list[str]:
    lines = [
        f"Decision {d.decision_id} at {d.created_at:%Y-%m-%d %H:%M} UTC for strategy "
        f"'{d.spec_name}' v{d.spec_version} on account {d.account}, market {d.market}.",
        f"Trigger: {d.trigger}" + (f" ({d.trigger_detail})." if d.trigger_detail else "."),
        f"Objective {d.objective} on the price window {d.data_hash[:12]} gave: "
        + _weights(d.raw_weights)
        + ".",
    ]
    cap = _cap(d, spec)
    if cap is not None:
        lines.append(f"Weight cap per coin: {cap.words()}.")
    for clamp in d.clamps:
        lines.append(f"Clamp on {clamp['asset']}: {clamp['reason']}" + _source(clamp, d, spec))
    lines.append("Target weights after constraints: " + _weights(d.target_weights) + ".")
    for order in d.orders:
        lines.append(
            f"Order: {order['side']} {quantity(order['quantity'])} {order['base']} at about "
            f"{price(order['price'])} (fee {money(order['fee'])})."
        )
    for skip in d.unexecutable:
        lines.append(f"Not executed: {skip['side']} {skip['symbol']}: {skip['reason']}.")
    if d.funding:
        lines.append(f"The paper account was funded with {d.funding} for this plan.")
    filled = [r for r in d.results if r.status == "filled"]
    if d.outcome == "partial":
        lines.append(
            f"Partially executed: the execution was interrupted; {len(filled)} of "
            f"{len(d.orders)} orders filled, {len(d.not_sent)} not sent."
        )
        for line in d.not_sent:
            lines.append(f"Not sent: {line.side} {line.quantity} {line.symbol}: {line.reason}.")
    else:
        lines.append(f"{len(filled)} of {len(d.results)} orders filled.")
    for r in d.results:
        if r.status != "filled":
            lines.append(f"{r.symbol} {r.side}: {r.status} ({r.message}).")
    if d.model_id:
        lines.append(f"Proposed by {d.model_id} with prompt {d.prompt_version}.")
    lines.append(
        f"Value {money(d.value_before)} before, {money(d.value_after)} after; weights before: "
        f"{_weights(d.weights_before)}; after: {_weights(d.weights_after)}."
    )
    return lines


def _cap(d: Decision, spec: StrategySpec | None) -> WeightCap | None:
    """The per-coin cap the decision ran under, with its source; None when nothing capped."""
    if spec is None:
        return None
    c = spec.constraints
    cap = weight_cap(spec.risk.level.value, c.max_weight, c.cash_reserve, len(d.raw_weights))
    return None if cap.source == "none" else cap


def _source(clamp: dict[str, object], d: Decision, spec: StrategySpec | None) -> str:
    """Whose cap a max_weight clamp applied: the person's or the risk profile's."""
    cap = _cap(d, spec) if clamp.get("kind") == "max_weight" else None
    return "" if cap is None else f". That limit is {cap.words()}."


def _weights(weights: dict[str, float]) -> str:
    items = sorted(weights.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{a} {w:.1%}" for a, w in items if w > 0.00005) or "nothing"
