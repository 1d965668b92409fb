"""Every tuning case of evals/goals/cases.jsonl through `coinpilot spec --json`.

The command runs the whole assistant path (refusal check, agent loop with the offline model,
propose_strategy against the market), not just the parser. The market lists exactly the case
file's tickers: CSV files written from demo price paths under those names.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.domain import parse_spec, spec_to_toml
from assistant.evaluation import check_answer, load_goal_cases
from assistant.market import DEMO_ASSETS, DemoMarket

SUITE = Path(__file__).resolve().parents[2] / "evals" / "goals" / "cases.jsonl"
CASES = load_goal_cases(SUITE)


@pytest.fixture(scope="module")
def case_market(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("case-market")
    demo = DemoMarket(seed=7, as_of="2026-01-15", history_days=500)
    tickers = sorted({t for c in CASES for t in c.market})
    for i, ticker in enumerate(tickers):
        source = DEMO_ASSETS[i % len(DEMO_ASSETS)].base
        frame = demo.ohlcv(f"{source}/USDT").reset_index()
        frame["timestamp"] = frame["timestamp"].dt.strftime("%Y-%m-%d")
        frame.to_csv(folder / f"{ticker}.csv", index=False)
    # The demo's EUR/USDT (the eval day's rate is market.json's), so "€5,000" converts as on demo.
    rate = demo.ohlcv("EUR/USDT").reset_index()
    rate["timestamp"] = rate["timestamp"].dt.strftime("%Y-%m-%d")
    rate.to_csv(folder / "EUR.csv", index=False)
    return f"csv:{folder}"


def spec_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["spec", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_suite_is_large_and_varied() -> None:
    assert len(CASES) >= 60
    assert {c.status for c in CASES} == {"ok", "clarify", "refuse"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_goal_case_through_coinpilot_spec(
    case, case_market: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    extra: list[str] = []
    if case.previous_goal:
        first = spec_json(capsys, case.previous_goal, "--market", case_market)
        assert first["status"] == "ok", first["message"]
        previous = tmp_path / "previous.toml"
        previous.write_text(spec_to_toml(parse_spec(first["spec"])))
        extra = ["--previous", str(previous)]
    out = spec_json(capsys, case.goal, "--market", case_market, *extra)
    assert set(out) == {"status", "message", "spec"}
    problems = check_answer(case, out["status"], out["message"], out["spec"])
    assert not problems, f"{case.goal!r}: " + "; ".join(problems)
