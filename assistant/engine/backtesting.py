"""backtest_spec: load a spec's price history from the market and run the shared backtester.

The backtester itself is pure; this use case does the I/O (every daily close the market has for the
universe, delisted assets included, so survivorship is honest) and passes in the same optimizer
and tilt functions that paper trading uses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd

from assistant.backtest import (
    BacktestResult,
    Comparison,
    compare,
    run_backtest,
    walk_forward,
    write_html_report,
)
from assistant.domain import SpecError, StrategySpec, UnknownSymbolError, UserInputError
from assistant.market import FIAT, STABLECOINS, resolve_symbol
from assistant.market.protocol import MarketData
from assistant.policy.inputs import SENTIMENT
from assistant.portfolio import allocate
from assistant.signals import apply_tilts

from .policy import objective_notes
from .services import Services

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


def backtest_spec(
    services: Services,
    spec: StrategySpec,
    *,
    start: datetime | str | None = None,
    end: datetime | str | None = None,
    last_days: int | None = None,
    walk: bool = False,
    refit_every: int = 30,
    window: int = 365,
    fee_bps: float = 10.0,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> BacktestResult:
    closes, volumes = spec_history(services.market, spec)
    if start is None and last_days is not None and len(closes.index):
        # "the last 3 years": counted back from the last day of history (or ``end``), so it
        # means the same on a market whose data stops before today.
        last = closes.index[-1]
        if end is not None:
            stop = pd.Timestamp(end)
            if stop.tzinfo is None and last.tzinfo is not None:
                stop = stop.tz_localize(last.tzinfo)
            last = min(last, stop)
        start = (last - pd.Timedelta(days=last_days)).to_pydatetime()
    flows: pd.DataFrame | None = None
    flow_notes: list[str] = []
    if spec.signals.exchange_flow > 0.0:
        from .onchain import flow_scores  # the on-chain readers: only when the tilt is on

        flows, flow_notes = flow_scores(services, [str(c) for c in closes.columns])
    sentiment, sentiment_notes = _stored_sentiment(services, spec, closes)
    common = {
        "allocator": allocate,
        "tilter": apply_tilts,
        "start": start,
        "end": end,
        "fee_bps": fee_bps,
        "volumes": volumes,
        "name": f"{spec.name} v{spec.version}",
        "progress": progress,
        "cancel": cancel,
        "exchange_flow": flows,
        "sentiment": sentiment,
    }
    if walk:
        result = walk_forward(spec, closes, refit_every=refit_every, window=window, **common)  # type: ignore[arg-type]
    else:
        result = run_backtest(spec, closes, **common)  # type: ignore[arg-type]
    result.notes[:0] = objective_notes(spec.objective)
    result.notes.extend([*flow_notes, *sentiment_notes])
    return result


def _stored_sentiment(
    services: Services, spec: StrategySpec, closes: pd.DataFrame
) -> tuple[pd.DataFrame | None, list[str]]:
    """The headlines ``coinpilot news`` stored, as the daily table a preview reads
    (:mod:`.signal_inputs`); None, and the tilt's own note, when there are none."""
    if spec.signals.sentiment <= 0.0:
        return None, []
    from .signal_inputs import sentiment_table

    table = sentiment_table(services, [str(c) for c in closes.columns])
    if table.empty:
        return None, []
    first, last = table.index[0], table.index[-1]
    return table, [
        f"sentiment tilt: stored headlines scored on {len(table)} days, {first:%Y-%m-%d}.."
        f"{last:%Y-%m-%d}; a rebalance more than {SENTIMENT.max_age_days} days after the last "
        "of them had no sentiment input"
    ]


def compare_specs(services: Services, specs: list[StrategySpec], **options: object) -> Comparison:
    """Side by side, plus BTC buy-and-hold and equal weight over the same period."""
    results = [backtest_spec(services, s, **options) for s in specs]  # type: ignore[arg-type]
    bases = {str(c) for r in results for c in r.weights.columns} | {"BTC"}
    bases.discard(specs[0].quote)
    closes, _ = _history(services.market, sorted(bases), specs[0].quote)
    return compare(*results, closes=closes)


def write_report(result: BacktestResult | Comparison, path: str | Path) -> Path:
    """Write the HTML report; a path that cannot be written is the person's to fix."""
    try:
        return write_html_report(result, path)
    except OSError as exc:
        raise UserInputError(
            f"cannot write the report to {path} ({exc.strerror or exc}).",
            hint="Choose a file in a folder you can write to.",
        ) from None


def spec_history(market: MarketData, spec: StrategySpec) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Daily closes and volumes (in base-asset units, as the backtester takes them: it values
    them at each day's close) for every asset the spec may hold, over all history."""
    quote = spec.quote
    if spec.universe.symbols is not None:
        bases, problems = [], []
        for base in spec.universe.symbols:
            if base in spec.universe.exclude:
                continue
            try:
                bases.append(resolve_symbol(market, base, quote).base)
            except UnknownSymbolError as exc:
                problems.append(exc.message)
        if problems:
            raise SpecError(problems)
    else:
        bases = sorted(
            m.base
            for m in market.markets().values()
            if m.quote == quote
            and m.base not in STABLECOINS
            and m.base not in FIAT
            and m.base not in spec.universe.exclude
        )
    return _history(market, sorted(bases), quote)


def _history(market: MarketData, bases: list[str], quote: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    closes, volumes = {}, {}
    for base in bases:
        frame = market.ohlcv(f"{base}/{quote}", "1d")
        closes[base] = frame["close"].astype(float)
        volumes[base] = frame["volume"].astype(float)  # base units: the panel prices them
    return pd.DataFrame(closes).sort_index(), pd.DataFrame(volumes).sort_index()
