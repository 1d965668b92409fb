"""The watcher's state lives in the journal: a restart loses nothing; one watcher per home."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from assistant.alerts import CollectingSink
from assistant.config import load_settings
from assistant.engine import Services
from assistant.engine.demo_clock import advance_demo_clock
from assistant.journal import Journal
from assistant.watch import WatcherRunningError, WatchLock, run_round
from assistant.watch.round import strategy_account
from assistant.watch.schedule import watch_forever

from .conftest import execute, make_spec, open_services


def test_a_restarted_watcher_remembers_the_last_check_and_does_not_repeat_the_alert(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'journal.db'}"
    first = open_services(Journal.open(url))
    execute(first, make_spec())
    advance_demo_clock(first, timedelta(days=30))
    sink = CollectingSink()
    assert run_round(first, [sink], interval=60).checks[0].outcome == "proposed"
    first.close()

    second = open_services(Journal.open(url))
    try:
        from assistant.engine.demo_clock import sync_demo_clock

        sync_demo_clock(second)  # the moved clock is read back from the journal
        assert second.clock.offset == timedelta(days=30)
        report = run_round(second, [sink], interval=60)
        assert report.checks[0].outcome == "proposed" and report.alerts == []
        assert len(sink.sent) == 1
    finally:
        second.close()


def test_services_open_restores_the_demo_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    with Services.open(settings, market="demo") as services:
        today = services.market.now()
        advance_demo_clock(services, timedelta(days=10))
    with Services.open(settings, market="demo") as services:
        assert services.market.now() == today + timedelta(days=10)
        assert services.clock.offset == timedelta(days=10)


def test_a_second_watcher_on_the_same_account_is_refused(tmp_path: Path) -> None:
    with (
        WatchLock(tmp_path, "paper-core"),
        pytest.raises(WatcherRunningError, match="already watching account paper-core"),
    ):
        WatchLock(tmp_path, "paper-core").acquire()
    with WatchLock(tmp_path, "paper-core") as again:  # released when the first one ended
        assert again.held


_OTHER_PROCESS = (
    "import sys; from pathlib import Path; from assistant.watch import WatchLock\n"
    "try:\n    WatchLock(Path(sys.argv[1]), sys.argv[2]).acquire()\n"
    "except Exception as e:\n    print(type(e).__name__); sys.exit(3)\n"
    "print('locked')\n"
)


def test_the_lock_holds_against_another_process_on_the_same_account_only(
    tmp_path: Path,
) -> None:
    def other(account: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", _OTHER_PROCESS, str(tmp_path), account],
            capture_output=True,
            text=True,
        )

    with WatchLock(tmp_path, "paper-core"):
        same = other("paper-core")
        another = other("binance-main")
    assert same.returncode == 3 and same.stdout.strip() == "WatcherRunningError"
    assert another.returncode == 0 and another.stdout.strip() == "locked"


def test_watch_forever_repeats_rounds_until_stopped(services: Services) -> None:
    execute(services, make_spec())
    stop = threading.Event()
    seen: list[int] = []

    def on_round(report: object) -> None:
        seen.append(1)
        if len(seen) == 3:
            stop.set()

    rounds = watch_forever(services, [], interval=0.01, stop=stop, on_round=on_round)
    assert rounds == 3 and len(services.journal.checks("core")) == 3
    account = strategy_account(services, "core")
    with WatchLock(services.settings.home, account) as lock:  # released when the loop ended
        assert lock.held


def test_a_moved_demo_clock_leaves_real_markets_on_real_time() -> None:
    settings = load_settings()
    with Services.open(settings, market="demo") as services:
        advance_demo_clock(services, timedelta(days=10))
    with Services.open(settings, market="history") as services:
        assert services.clock.offset == timedelta(0)
