"""A backtest result as the chat shows it: its period, its key metrics as rows, its curves.

The ``run_backtest`` tool's data is turned into this plain record in the worker thread; the card
(:mod:`.widgets.backtest_card`) only draws it. Figures are formatted here once, the way the tool's
own summary writes them, so a reply that restates them is recognised as repeating the card
(:mod:`.reply_text`) and shortened. Nothing here computes a metric: the backtester did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def _signed(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):+.1%}"


def _plain(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.1%}"


def _ratio(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.2f}"


@dataclass(frozen=True)
class BacktestView:
    """What one backtest shows: title, period, metric rows, per-year returns, monthly curves."""

    name: str
    start: str
    end: str
    quote: str
    simulated: bool
    metrics: tuple[tuple[str, str], ...]
    yearly: tuple[tuple[str, str], ...] = ()
    equity: tuple[tuple[str, float], ...] = ()  # (YYYY-MM, equity at the month's end)
    drawdown: tuple[tuple[str, float], ...] = ()  # (YYYY-MM, deepest drawdown that month)
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return f"Backtest {self.name} · {self.start} → {self.end}"

    def shown_text(self) -> str:
        """The card as plain text: the figures a reply need not repeat."""
        rows = [self.title, *(f"{k} {v}" for k, v in self.metrics)]
        rows += [f"{year} {value}" for year, value in self.yearly]
        rows += self.warnings[:2]  # the card shows the first two
        return "\n".join(rows)


def backtest_view(data: Mapping[str, Any]) -> BacktestView:
    """The tool's ``data`` (``BacktestResult.to_dict`` plus monthly curves) as a view."""
    m = data.get("metrics") or {}
    settings = data.get("settings") or {}
    quote = str(settings.get("quote") or "")
    drawdown = (m.get("max_drawdown") or {}).get("depth")
    fees = float(m.get("fees") or 0.0)
    metrics = (
        ("Total return", _signed(m.get("total_return"))),
        ("CAGR", _signed(m.get("cagr"))),
        ("Max drawdown", _plain(drawdown)),
        ("Volatility", _plain(m.get("volatility"))),
        ("Sharpe", _ratio(m.get("sharpe"))),
        ("Sortino", _ratio(m.get("sortino"))),
        ("Rebalances", str(m.get("rebalances", "n/a"))),
        ("Fees", f"{fees:,.2f} {quote}".strip()),
    )
    years = sorted((m.get("yearly_returns") or {}).items())
    yearly = tuple((str(year), f"{float(r):+.0%}") for year, r in years)
    return BacktestView(
        name=str(data.get("name") or "strategy"),
        start=str(m.get("start", ""))[:10],
        end=str(m.get("end", ""))[:10],
        quote=quote,
        simulated=bool(data.get("simulated")),
        metrics=metrics,
        yearly=yearly,
        equity=tuple((str(k), float(v)) for k, v in (data.get("curve") or {}).items()),
        drawdown=tuple((str(k), float(v)) for k, v in (data.get("drawdown") or {}).items()),
        warnings=tuple(str(w) for w in data.get("warnings") or ()),
    )
