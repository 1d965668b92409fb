"""Inline SVG charts for the HTML report: line charts and stacked areas, no JavaScript.

The report must open offline and stay small, so charts are hand-written SVG paths: every series
is thinned to at most ``MAX_POINTS`` points (keeping the last one), axes get a handful of round
ticks, and every label is escaped. This module draws; it never computes a metric.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import numpy as np
import pandas as pd

__all__ = ["PALETTE", "line_chart", "stacked_area"]

MAX_POINTS = 800
CASH_COLOR = "#d9d9d9"
#: Stacked areas draw every band twice (top and bottom edge), so they get fewer points.
AREA_POINTS = 300
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
    "#3182bd",
    "#e6550d",
    "#31a354",
    "#756bb1",
    "#636363",
    "#969696",
)
_W, _H, _LEFT, _RIGHT, _TOP, _BOTTOM = 900, 280, 64, 150, 28, 28


def _thin(n: int, most: int = MAX_POINTS) -> np.ndarray:
    if n <= most:
        return np.arange(n)
    return np.unique(np.append(np.linspace(0, n - 1, most).astype(int), n - 1))


def _days(index: pd.Index) -> np.ndarray:
    """Days since 1970 as floats (the x coordinate)."""
    stamps = pd.DatetimeIndex(index)
    naive = stamps.tz_convert(None) if stamps.tz is not None else stamps
    return naive.to_numpy().astype("datetime64[s]").astype(np.float64) / 86_400.0


class _Frame:
    """Maps data coordinates to the plot area."""

    def __init__(self, x0: float, x1: float, y0: float, y1: float, log: bool) -> None:
        self.log = log
        self.x0, self.x1 = x0, x1 if x1 > x0 else x0 + 1.0
        lo, hi = (math.log10(y0), math.log10(y1)) if log else (y0, y1)
        self.y0, self.y1 = lo, hi if hi > lo else lo + 1.0

    def x(self, v: np.ndarray) -> np.ndarray:
        return _LEFT + (v - self.x0) / (self.x1 - self.x0) * (_W - _LEFT - _RIGHT)

    def y(self, v: np.ndarray) -> np.ndarray:
        data = np.log10(np.maximum(v, 1e-300)) if self.log else v
        return _TOP + (1.0 - (data - self.y0) / (self.y1 - self.y0)) * (_H - _TOP - _BOTTOM)


def _path(xs: np.ndarray, ys: np.ndarray) -> str:
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))


def _y_ticks(frame: _Frame, fmt: str) -> list[str]:
    out = []
    for k in range(5):
        value = frame.y0 + (frame.y1 - frame.y0) * k / 4
        shown = 10**value if frame.log else value
        y = float(frame.y(np.array([shown]))[0])
        label = {"pct": f"{shown:.0%}", "ratio": f"{shown:,.2f}"}.get(fmt, f"{shown:,.0f}")
        out.append(
            f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>'
        )
    return out


def _x_ticks(frame: _Frame, index: pd.DatetimeIndex) -> list[str]:
    out = []
    for year in range(index[0].year + 1, index[-1].year + 1):
        stamp = pd.Timestamp(year=year, month=1, day=1, tz=index.tz)
        x = float(frame.x(_days(pd.DatetimeIndex([stamp])))[0])
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP}" y2="{_H - _BOTTOM}" stroke="#eee"/>'
            f'<text x="{x:.1f}" y="{_H - 8}" text-anchor="middle">{year}</text>'
        )
    return out


def _svg(title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" width="100%" '
        f'font-family="sans-serif" font-size="11" role="img" aria-label="{escape(title)}">'
        f'<text x="{_LEFT}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>'
        + "".join(body)
        + "</svg>"
    )


def _legend(names: Sequence[str], colors: Sequence[str] | None = None) -> list[str]:
    """Swatches and names right of the plot; two narrower columns when there are many."""
    columns = 1 if len(names) <= 16 else 2
    rows = -(-len(names) // columns)
    step = min(14.0, (_H - _TOP - 8) / max(rows, 1))
    width, chars = (_RIGHT - 10) / columns, 22 if columns == 1 else 8
    out = []
    for i, name in enumerate(names):
        x = _W - _RIGHT + 10 + (i // rows) * width
        y = _TOP + 4 + (i % rows) * step
        color = colors[i] if colors is not None else PALETTE[i % len(PALETTE)]
        out.append(
            f'<rect x="{x:.0f}" y="{y - 8:.1f}" width="9" height="9" fill="{color}"/>'
            f'<text x="{x + 13:.0f}" y="{y:.1f}">{escape(name[:chars])}</text>'
        )
    return out


def line_chart(
    series: Sequence[pd.Series],
    *,
    title: str,
    log: bool = False,
    pct: bool = False,
    fmt: str | None = None,
) -> str:
    """One line per series (each indexed by date); ``log`` for growth, ``pct`` for drawdowns.

    ``fmt`` labels the y axis: "pct" (percent), "ratio" (two decimals, for growth of 1) or "num"
    (whole numbers); by default "pct" when ``pct`` is set, else "num".
    """
    clean = [s.dropna() for s in series if len(s.dropna())]
    if not clean:
        return _svg(title, ['<text x="80" y="60">no data</text>'])
    union = pd.DatetimeIndex(sorted(set().union(*[set(s.index) for s in clean])))
    low = min(float(s.min()) for s in clean)
    high = max(float(s.max()) for s in clean)
    if log:
        low = max(low, 1e-12)
    days = _days(union)
    frame = _Frame(float(days[0]), float(days[-1]), low, high, log)
    body = _y_ticks(frame, fmt or ("pct" if pct else "num")) + _x_ticks(frame, union)
    for i, s in enumerate(clean):
        keep = _thin(len(s))
        xs = frame.x(_days(s.index[keep]))
        ys = frame.y(s.to_numpy(dtype=np.float64)[keep])
        color = PALETTE[i % len(PALETTE)]
        body.append(f'<path d="{_path(xs, ys)}" fill="none" stroke="{color}" stroke-width="1.4"/>')
    body += _legend([str(s.name) for s in clean])
    return _svg(title, body)


def stacked_area(weights: pd.DataFrame, *, title: str, cash: str | None = None) -> str:
    """Weights over time stacked to 1, one band per column; the ``cash`` column is grey."""
    if weights.empty:
        return _svg(title, ['<text x="80" y="60">no data</text>'])
    keep = _thin(len(weights), AREA_POINTS)
    data = weights.to_numpy(dtype=np.float64)[keep]
    days = _days(weights.index[keep])
    frame = _Frame(float(days[0]), float(days[-1]), 0.0, 1.0, False)
    body = _y_ticks(frame, "pct") + _x_ticks(frame, pd.DatetimeIndex(weights.index))
    xs = frame.x(days)
    lower = np.zeros(len(keep))
    shown = [c for c in range(data.shape[1]) if data[:, c].max() > 0.001]
    colors = [
        CASH_COLOR if str(weights.columns[c]) == cash else PALETTE[n % len(PALETTE)]
        for n, c in enumerate(shown)
    ]
    for col, color in zip(shown, colors, strict=True):
        upper = lower + np.clip(data[:, col], 0.0, None)
        top, bottom = frame.y(upper), frame.y(lower)
        d = (
            _path(xs, top)
            + " L"
            + " L".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs[::-1], bottom[::-1], strict=True))
            + " Z"
        )
        body.append(f'<path d="{d}" fill="{color}" fill-opacity="0.85" stroke="none"/>')
        lower = upper
    body += _legend([str(weights.columns[c]) for c in shown], colors)
    return _svg(title, body)
