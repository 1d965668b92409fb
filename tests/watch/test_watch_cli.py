"""``coinpilot watch`` and ``coinpilot demo --advance``; bad input exits 2 and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(autouse=True)
def _no_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COINPILOT_ALERT_DESKTOP", "false")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = main([*args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def _execute_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, plan = run(capsys, "plan", str(EXAMPLES / "hrp_core.toml"))
    assert code == 0 and isinstance(plan, dict)
    assert run(capsys, "confirm", plan["plan_hash"])[0] == 0


def test_demo_advance_then_watch_once_proposes_and_status_shows_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _execute_example(capsys)
    code, first = run(capsys, "watch", "--once")
    assert code == 0 and isinstance(first, dict)
    assert [c["outcome"] for c in first["checks"]] == ["quiet"]

    code, moved = run(capsys, "demo", "--advance", "30d")
    assert code == 0 and isinstance(moved, dict) and moved["advanced_by_days"] == 30

    code, second = run(capsys, "watch", "--once")
    assert code == 0 and isinstance(second, dict)
    (check,) = second["checks"]
    assert check["outcome"] == "proposed" and check["trigger"] == "drift"
    assert [a["title"] for a in second["alerts"]] == ["Rebalance proposed: hrp-core"]

    code, status = run(capsys, "watch", "--status")
    assert code == 0 and isinstance(status, dict) and status["alive"] is True
    assert status["heartbeat"]["checked"] == 1 and status["strategies"] == ["hrp-core"]
    (account,) = status["accounts"]  # the one account the watcher locked and beat for
    assert account["alive"] is True and account["heartbeat"]["account"] == account["account"]
    assert status["latest_checks"][0]["plan_hash"] == check["plan_hash"]


def test_watch_set_records_auto_execution_with_caps(capsys: pytest.CaptureFixture[str]) -> None:
    _execute_example(capsys)
    code, settings = run(
        capsys, "watch", "--set", "hrp-core", "--auto", "--max-order", "500", "--max-daily", "2000"
    )
    assert code == 0 and isinstance(settings, dict)
    assert settings["auto_execute"] is True and settings["max_order_notional"] == "500"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["watch", "--set", "nope", "--off"], "no executed strategy named 'nope'"),
        (["watch", "--set", "hrp-core", "--auto"], "needs a per-order and a daily cap"),
        (["watch", "--set", "hrp-core", "--max-order", "-5"], "--max-order must be a positive"),
        (["watch", "--set", "hrp-core", "--max-turnover", "9"], "--max-turnover must be"),
        (["watch", "--once", "--interval", "0s"], "is not a watch interval"),
        (["demo", "--advance", "soon"], "is not a duration"),
        (["demo", "--advance", "30d", "--market", "history"], "only the demo market's clock"),
    ],
)
def test_bad_input_exits_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    _execute_example(capsys)
    before = run(capsys, "journal")[1]
    code, error = run(capsys, *args)
    assert code == 2 and isinstance(error, dict) and message in error["message"]
    code, status = run(capsys, "watch", "--status")
    assert isinstance(status, dict) and status["heartbeat"] is None
    code, clock = run(capsys, "demo")
    assert isinstance(clock, dict) and clock["lead_days"] == 0
    assert run(capsys, "journal")[1] == before
    assert run(capsys, "watch", "--set", "hrp-core", "--on")[0] == 0  # nothing was recorded


def test_a_second_watcher_on_the_same_account_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.config import load_settings
    from assistant.journal import Journal
    from assistant.watch import WatchLock

    _execute_example(capsys)
    settings = load_settings()
    journal = Journal.open(settings.resolved_journal_url)
    account = journal.account_of("hrp-core")
    journal.close()
    assert account is not None
    with WatchLock(settings.home, account):
        code, error = run(capsys, "watch", "--once")
        assert code == 1 and isinstance(error, dict)
        assert f"already watching account {account}" in error["message"]
        code, error = run(capsys, "watch", "--once", "--account", account)
        assert code == 1 and isinstance(error, dict) and "already watching" in error["message"]
    code, error = run(capsys, "watch", "--once", "--account", "nobody")
    assert code == 2 and isinstance(error, dict) and "nobody" in error["message"]
    code, error = run(capsys, "watch", "--set", "hrp-core", "--off", "--account", account)
    assert code == 2 and isinstance(error, dict) and "--account" in error["message"]
