"""The sweep's HTML report: the ranked table of every point, and beside it the full backtest
report of the best three (the same report ``coinpilot backtest --report`` writes).

Self-contained HTML, every value escaped; no script, no outside resource.
"""

from __future__ import annotations

import html
from pathlib import Path

from .backtesting import backtest_spec, compare_specs, write_report
from .services import Services
from .sweeping import SweepOutcome

_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
    "td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:right}"
    "td:first-child,th:first-child{text-align:left}.err{color:#a00}"
)


def write_sweep_report(
    services: Services, outcome: SweepOutcome, path: str | Path, **options: object
) -> tuple[Path, Path | None]:
    """Write the ranked table to ``path`` and the top three's report beside it."""
    target = Path(path).expanduser()
    top = [r.variant.spec for r in outcome.ranked[:3] if r.variant.spec is not None]
    detail: Path | None = None
    if top:
        detail = target.with_name(f"{target.stem}-top{len(top)}{target.suffix or '.html'}")
        best = (
            compare_specs(services, top, **options)
            if len(top) > 1
            else backtest_spec(services, top[0], **options)  # type: ignore[arg-type]
        )
        write_report(best, detail)
    page = render_sweep(outcome, detail.name if detail else None)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        from assistant.domain import UserInputError

        raise UserInputError(
            f"cannot write the report to {path} ({exc.strerror or exc}).",
            hint="Choose a file in a folder you can write to.",
        ) from None
    return target, detail


def render_sweep(outcome: SweepOutcome, detail: str | None) -> str:
    e = html.escape
    keys = list(outcome.grid.axes)
    head = "".join(f"<th>{e(k)}</th>" for k in ["rank", *keys]) + "".join(
        f"<th>{e(k)}</th>"
        for k in ("sharpe", "CAGR", "total return", "max drawdown", "turnover/yr")
    )
    body = []
    for r in outcome.rows:
        cells = [str(r.rank) if r.rank is not None else "-"]
        cells += [e(str(r.variant.params[k])) for k in keys]
        m = r.row.metrics if r.row is not None else None
        if m is None:
            body.append(
                "<tr>"
                + "".join(f"<td>{c}</td>" for c in cells)
                + f"<td class='err' colspan='5'>{e(r.error or '')}</td></tr>"
            )
            continue
        cells += [
            "-" if m.sharpe is None else f"{m.sharpe:.2f}",
            "-" if m.cagr is None else f"{m.cagr:.1%}",
            f"{m.total_return:.1%}",
            f"{m.max_drawdown.depth:.1%}",
            f"{m.turnover_per_year:.2f}",
        ]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    link = f"<p>The best three in full: <a href='{e(detail)}'>{e(detail)}</a></p>" if detail else ""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Sweep of {e(outcome.base.name)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Sweep of {e(outcome.base.name)}: {len(outcome.rows)} points</h1>"
        f"<p>Ranked by {e(outcome.rank_by)}; {len(outcome.ranked)} ran, "
        f"{len(outcome.rows) - len(outcome.ranked)} could not; {outcome.seconds:.1f} s on "
        f"{outcome.workers} {e(outcome.executor)} workers.</p>{link}"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        "</body></html>"
    )
