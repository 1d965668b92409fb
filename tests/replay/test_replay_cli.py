"""`coinpilot replay`: a run prints the comparison; bad input exits 2 and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

SPEC = """name = "core"
version = 1
quote = "USDT"
capital = 10000
objective = "equal_weight"
[universe]
symbols = ["BTC", "ETH", "SOL"]
[rebalance]
every_days = 7
"""


@pytest.fixture
def spec_file(tmp_path: Path) -> Path:
    path = tmp_path / "core.toml"
    path.write_text(SPEC)
    return path


def test_replay_prints_fills_beside_the_backtest(
    spec_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["replay", str(spec_file), "--from", "2025-06-01", "--to", "2025-06-20", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["market"] == "history"
    assert data["trade_days"] == ["2025-06-01", "2025-06-08", "2025-06-15"]
    assert data["same_trade_days"] is True
    assert data["equity_gap"] <= 1e-12 and data["holding_gap"] <= 1e-12
    assert data["same_fills"] is True


def test_replay_with_contributions_and_a_stop_loss(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dca.toml"
    path.write_text(
        SPEC + "[contributions]\namount = 250\nevery_days = 5\n[risk]\nstop_loss = 0.08\n"
    )
    code = main(["replay", str(path), "--from", "2025-02-01", "--to", "2025-02-28"])
    assert code == 0
    out = capsys.readouterr().out
    assert "Contributions credited to the paper account on their due days: 5" in out
    assert "the same trade days" in out and "the same fills to 1e-09" in out


@pytest.mark.parametrize(
    "extra",
    [
        ["--from", "2025-07-01", "--to", "2025-06-01"],
        ["--from", "not-a-day", "--to", "2025-06-01"],
        ["--from", "2025-06-01", "--to", "2025-06-20", "--fee-bps", "-3"],
    ],
)
def test_bad_input_exits_2(
    spec_file: Path, extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", str(spec_file), *extra]) == 2
    assert "error" in capsys.readouterr().err


def test_missing_dates_exit_2(spec_file: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["replay", str(spec_file)])
    assert exc.value.code == 2
