"""compare() side by side with baselines, and a self-contained HTML report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.backtest import compare, render_html_report, run_backtest, write_html_report
from assistant.domain import CoinPilotError
from tests.backtest.builders import Constant, Recording, random_walks, spec


def _closes():  # type: ignore[no-untyped-def]
    closes = random_walks(3, 400, seed=12)
    return closes.rename(columns={"C00": "BTC"})


def _two():  # type: ignore[no-untyped-def]
    closes = _closes()
    names = list(closes.columns)
    a = run_backtest(spec(names, name="drift"), closes, allocator=Recording())
    b = run_backtest(
        spec(names, name="monthly", rebalance={"every_days": 30}, risk={"stop_loss": 0.3}),
        closes,
        allocator=Constant({"BTC": 0.6, "C01": 0.2}),
    )
    return closes, a, b


def test_compare_adds_btc_buy_and_hold_and_equal_weight_over_the_same_period() -> None:
    closes, a, b = _two()
    table = compare(a, b, closes=closes)
    names = [r.name for r in table.results]
    assert names == ["drift", "monthly", "BTC buy and hold", "equal weight (30d)"]
    btc = table.results[2]
    assert btc.equity.index.equals(a.equity.index)
    assert btc.metrics.rebalances == 1
    # buy and hold tracks BTC's own return, less the one opening fee
    start, end = a.equity.index[0], a.equity.index[-1]
    move = closes.loc[end, "BTC"] / closes.loc[start, "BTC"]
    assert btc.metrics.final_equity == pytest.approx(10_000 * move / 1.001, rel=1e-9)
    rows = dict(table.rows())
    assert len(rows["Sharpe"]) == 4 and rows["rebalances"][2] == "1"


def test_compare_without_closes_skips_baselines_and_says_so() -> None:
    _, a, _ = _two()
    table = compare(a)
    assert [r.name for r in table.results] == ["drift"]
    assert "no closes" in table.notes[0]
    with pytest.raises(CoinPilotError):
        compare()


def test_a_missing_btc_column_leaves_that_baseline_out_with_a_note() -> None:
    closes = random_walks(2, 200)
    result = run_backtest(spec(list(closes.columns)), closes, allocator=Recording())
    table = compare(result, closes=closes)
    assert [r.name for r in table.results] == [result.name, "equal weight (30d)"]
    assert "BTC buy and hold left out" in table.notes[0]


def test_the_html_report_is_self_contained_with_three_kinds_of_chart(tmp_path: Path) -> None:
    closes, a, b = _two()
    path = write_html_report(compare(a, b, closes=closes), tmp_path / "out" / "report.html")
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html and not re.search(r"(src|href)=\"?https?:", html)
    assert html.count("<svg") == 4  # equity, drawdown, weights of each strategy (not baselines)
    for text in (
        "Growth of 1",
        "Drawdown",
        "Weights over time: drift",
        "Sharpe",
        "BTC buy and hold",
        a.fingerprint,
    ):
        assert text in html
    assert render_html_report(a).count("<svg") == 3


def test_report_text_is_escaped() -> None:
    closes = _closes()
    result = run_backtest(spec(list(closes.columns)), closes, allocator=Recording(), name="a<b")
    html = render_html_report(result)
    assert "a&lt;b" in html and "a<b" not in html


def test_results_and_comparisons_serialize_to_json() -> None:
    import json

    closes, a, b = _two()
    data = json.loads(json.dumps(a.to_dict(curves=True)))
    assert data["fingerprint"] == a.fingerprint
    assert len(data["equity"]) == len(a.equity) and "USDT" in data["weights"]
    assert data["metrics"]["periods_per_year"] == 365
    table = json.loads(json.dumps(compare(a, b, closes=closes).to_dict()))
    assert table["baselines"] == ["BTC buy and hold", "equal weight (30d)"]


def test_strategies_with_different_capital_are_each_stated_and_plotted_as_growth_of_1() -> None:
    closes = _closes()
    names = list(closes.columns)
    small = run_backtest(spec(names, name="small", capital=1000), closes, allocator=Recording())
    big = run_backtest(
        spec(names, name="big", capital=250_000), closes, allocator=Constant({"BTC": 0.6})
    )
    table = compare(small, big, closes=closes)
    rows = dict(table.rows())
    assert rows["capital"][:2] == ["1,000.00 USDT", "250,000.00 USDT"]
    assert rows["capital"][2:] == ["1,000.00 USDT", "1,000.00 USDT"]  # baselines: the first's
    assert "different capital" in table.notes[0] and "not final equity" in table.notes[0]
    for r in (small, big):
        assert r.growth.iloc[-1] == pytest.approx(r.metrics.final_equity / r.capital)
    html = render_html_report(table)
    assert "capital 1,000.00 USDT" in html and "capital 250,000.00 USDT" in html
    growth = html[html.index("Growth of 1") : html.index("Drawdown")]
    ticks = [float(t.replace(",", "")) for t in re.findall(r'text-anchor="end">([\d.,]+)<', growth)]
    assert ticks and max(ticks) < 100  # growth of 1, not equity in the hundreds of thousands


def test_strategies_with_the_same_capital_get_no_capital_note() -> None:
    closes, a, b = _two()
    assert not any("capital" in n for n in compare(a, b, closes=closes).notes)
