"""A self-contained HTML report of one or more backtests: tables and inline SVG, nothing remote.

The file must open on a machine without network: no scripts, no fonts, no stylesheets from a
CDN, every chart inline (``svg``). It shows the metrics side by side (each strategy's capital and
fee among them), the growth of 1 unit of each strategy's own capital (log scale, so runs with
different capital compare), the drawdowns, each strategy's weights over time, per-year returns,
the rebalances and risk events, and every warning. It writes one file and reads nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from .compare import Comparison
from .result import BacktestResult
from .svg import line_chart, stacked_area

__all__ = ["render_html_report", "write_html_report"]

_CSS = """
body{font-family:sans-serif;margin:24px;max-width:1000px;color:#222}
table{border-collapse:collapse;margin:8px 0 20px;font-size:13px}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}
td.text{text-align:left;max-width:640px}
.warn{color:#8a4b00}
h2{margin-top:28px;font-size:18px}
"""
_MAX_ROWS = 300


def write_html_report(
    results: BacktestResult | Sequence[BacktestResult] | Comparison, path: str | Path
) -> Path:
    """Write the report for ``results`` to ``path`` (parent folders are created)."""
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html_report(results), encoding="utf-8")
    return target


def render_html_report(results: BacktestResult | Sequence[BacktestResult] | Comparison) -> str:
    """The report as one HTML string."""
    if isinstance(results, Comparison):
        items, baselines, notes = results.results, set(results.baseline_names), results.notes
        comparison = results
    else:
        items = [results] if isinstance(results, BacktestResult) else list(results)
        baselines, notes = set(), []
        comparison = Comparison(items)
    title = "Backtest: " + " vs ".join(r.name for r in items)
    parts = [
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>",
        _intro(items),
        "<h2>Metrics</h2>",
        _table(["metric", *[r.name for r in items]], comparison.rows()),
        line_chart(
            [r.growth.rename(r.name) for r in items],
            title="Growth of 1 (each strategy's own capital, log scale)",
            log=True,
            fmt="ratio",
        ),
        line_chart([r.drawdown.rename(r.name) for r in items], title="Drawdown", pct=True),
    ]
    for r in items:
        if r.name in baselines:
            continue
        cash = str(r.settings.get("quote", ""))
        parts.append(stacked_area(r.weights, title=f"Weights over time: {r.name}", cash=cash))
    for r in items:
        if r.name not in baselines:
            parts.append(_details(r))
    if notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes))
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _intro(items: Sequence[BacktestResult]) -> str:
    """Period and conventions of the first result; capital, fee and fingerprint of each."""
    first = items[0]
    m = first.metrics
    execution = escape(str(first.settings.get("execution", "")))
    each = "".join(
        f"<li>{escape(r.name)}: capital {r.capital:,.2f} {escape(r.quote)}, fee "
        f"{float(r.settings.get('fee_bps', 0.0)):g} bps; equity fingerprint (sha256) "
        f"<code>{r.fingerprint}</code></li>"
        for r in items
    )
    return (
        f"<p>{m.start.date()} to {m.end.date()} ({m.days} days). {execution}. Annualized with "
        f"{m.periods_per_year} periods a year (crypto trades every day), risk-free rate 0.</p>"
        f"<ul>{each}</ul>"
    )


def _table(header: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr><td>"
        + escape(label)
        + "</td>"
        + "".join(f"<td>{escape(v)}</td>" for v in values)
        + "</tr>"
        for label, values in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _details(r: BacktestResult) -> str:
    out = [f"<h2>{escape(r.name)}</h2>"]
    if r.warnings:
        out.append("<h3>Warnings</h3><ul>")
        out += [f"<li class='warn'>{escape(w)}</li>" for w in r.warnings]
        out.append("</ul>")
    if r.notes:
        out.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in r.notes) + "</ul>")
    out.append(f"<h3>Rebalances ({len(r.rebalances)})</h3>")
    rows = [
        f"<tr><td>{x.date.date()}</td><td>{escape(x.trigger)}</td>"
        f"<td class='text'>{escape(x.detail)}</td><td>{x.turnover:.1%}</td>"
        f"<td>{x.fees:,.2f}</td><td>{x.orders}</td></tr>"
        for x in r.rebalances[:_MAX_ROWS]
    ]
    out.append(
        "<table><tr><th>date</th><th>trigger</th><th>why</th><th>turnover</th><th>fees</th>"
        "<th>orders</th></tr>" + "".join(rows) + "</table>"
    )
    out.append(f"<h3>Risk events ({len(r.events)})</h3>")
    events = [
        f"<tr><td>{e.date.date()}</td><td>{escape(e.rule)}</td><td>{escape(e.asset or '-')}</td>"
        f"<td class='text'>{escape(e.reason)}</td></tr>"
        for e in r.events[:_MAX_ROWS]
    ]
    out.append(
        "<table><tr><th>date</th><th>rule</th><th>asset</th><th>reason</th></tr>"
        + "".join(events)
        + "</table>"
    )
    if len(r.rebalances) > _MAX_ROWS or len(r.events) > _MAX_ROWS:
        out.append(f"<p>Only the first {_MAX_ROWS} rows of each table are shown.</p>")
    return "\n".join(out)
