"""The policy check: a spec that passed pydantic must still make sense on *this* market.

Shape validation cannot know which symbols an exchange lists or what a risk profile allows; this
module does, and reports every problem at once as plain sentences (a model repairs from them).
It never changes a spec; it returns what the planner must respect.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.domain import (
    EXPERIMENTAL_OBJECTIVES,
    MarketInfo,
    Objective,
    SpecError,
    StrategySpec,
    UnknownSymbolError,
    weight_cap,
)
from assistant.market import resolve_symbol
from assistant.market.protocol import MarketData


@dataclass(frozen=True)
class ResolvedSpec:
    """A spec checked against a market: the pairs to trade and the limits that bind."""

    spec: StrategySpec
    markets: dict[str, MarketInfo]  # keyed by base asset, in universe order
    max_weight: float
    notes: list[str] = field(default_factory=list)

    @property
    def bases(self) -> list[str]:
        return list(self.markets)


def objective_notes(objective: Objective) -> list[str]:
    """What a person must be told on picking ``objective``: today, that rl is experimental and
    what its benchmark showed."""
    note = EXPERIMENTAL_OBJECTIVES.get(objective)
    return [note] if note is not None else []


def check_spec(
    market: MarketData, spec: StrategySpec, *, source: str | None = None
) -> ResolvedSpec:
    """Resolve the universe on ``market`` and apply policy; raise SpecError listing all problems."""
    problems: list[str] = []
    notes: list[str] = objective_notes(spec.objective)
    if spec.execution.mode == "live":
        notes.append(
            "execution.mode is 'live': this spec is planned only on an exchange account "
            '(--account NAME), and its confirm needs mode = "live" and the typed phrase'
        )
    quotes = {m.quote for m in market.markets().values()}
    if spec.quote not in quotes:
        problems.append(
            f"quote '{spec.quote}' is not traded on {market.name}; use one of {sorted(quotes)}"
        )
        raise SpecError(problems, source=source)

    resolved: dict[str, MarketInfo] = {}
    if spec.universe.symbols is not None:
        for base in spec.universe.symbols:
            if base in spec.universe.exclude:
                continue
            try:
                info = resolve_symbol(market, base, spec.quote)
            except UnknownSymbolError as exc:
                problems.append(exc.message)
                continue
            if not info.active:
                problems.append(
                    f"{info.symbol} is no longer traded on {market.name}; remove {base}"
                )
                continue
            resolved[base] = info
    else:
        # the one policy's ranking, as a backtest's; it reads candles (pandas), so it loads only
        # for a top-N spec: `coinpilot spec` stays free of pandas and numpy
        from .universe import top_n_universe

        chosen, note = top_n_universe(market, spec)
        resolved.update((info.base, info) for info in chosen)
        notes.append(note)
    if problems:
        raise SpecError(problems, source=source)
    if not resolved:
        raise SpecError(["the universe resolves to no tradable asset"], source=source)

    c = spec.constraints
    cap = weight_cap(spec.risk.level.value, c.max_weight, c.cash_reserve, len(resolved))
    max_weight = cap.value
    investable = 1.0 - c.cash_reserve
    if cap.source == "profile":
        notes.append(
            f"the {spec.risk.level.value} risk profile caps any single asset at {cap.value:.0%}"
        )
    if spec.constraints.min_weight * len(resolved) > investable + 1e-12:
        raise SpecError(
            [
                f"min_weight {spec.constraints.min_weight:g} x {len(resolved)} assets is more "
                f"than the {investable:g} that can be invested; lower min_weight"
            ],
            source=source,
        )
    return ResolvedSpec(spec=spec, markets=resolved, max_weight=max_weight, notes=notes)
