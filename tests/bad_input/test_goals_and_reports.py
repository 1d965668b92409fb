"""Goal text with impossible numbers, and a report path that cannot be written."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.agent.goal_parser import parse_goal
from assistant.domain import UserInputError
from assistant.engine.backtesting import write_report

LISTED = ["BTC", "ETH", "SOL"]


@pytest.mark.parametrize(
    ("goal", "says"),
    [
        ("I have $1e400, BTC ETH SOL, rebalance monthly", '"$1e400" is more than'),
        ("I have 1e400 dollars, BTC ETH SOL, monthly", '"1e400 dollars" is more than'),
        ("I have $2e12, BTC ETH SOL, monthly", '"$2e12" is more than'),
        ("I have -$5000, BTC ETH SOL, monthly", '"-$5000" is a negative amount'),
        ("I have $5000, BTC ETH SOL, rebalance when drift passes -5%", '"-5%" is negative'),
        ("I have $5000, BTC ETH SOL, monthly, at most -30% each", '"-30%" is negative'),
    ],
)
def test_an_amount_or_share_that_cannot_be_meant_is_a_question_not_a_guess(
    goal: str, says: str
) -> None:
    result = parse_goal(goal, known_symbols=LISTED)
    assert result.status == "clarify" and result.spec is None
    assert says in result.message


def test_a_scientific_amount_within_bounds_is_read_whole() -> None:
    result = parse_goal("I have $5e3, BTC ETH SOL, rebalance monthly", known_symbols=LISTED)
    assert result.status == "ok" and result.spec is not None
    assert str(result.spec["capital"]) == "5000"


def test_a_report_path_that_cannot_be_written_is_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.backtest.report_html as report_html

    monkeypatch.setattr(report_html, "render_html_report", lambda results: "<html></html>")
    (tmp_path / "taken").mkdir()
    (tmp_path / "file").write_text("")
    for target in (tmp_path / "taken", tmp_path / "file" / "report.html"):
        with pytest.raises(UserInputError, match="cannot write the report"):
            write_report([], target)  # type: ignore[arg-type]
