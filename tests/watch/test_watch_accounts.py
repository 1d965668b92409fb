"""One watcher per account: two accounts, two processes; one account, one watcher.

Each strategy here runs on its own paper account (``paper-core``, ``paper-other``). A watcher
locks the accounts it watches, checks only their strategies and beats per account, so
``watch --status`` says of each account whether its watcher is alive.
"""

from __future__ import annotations

import threading

import pytest

from assistant.domain import UserInputError
from assistant.engine import Services
from assistant.watch import WatcherRunningError, WatchLock, watch_status
from assistant.watch.round import strategy_account, watched_accounts
from assistant.watch.schedule import watch_forever

from .conftest import execute, make_spec


@pytest.fixture
def two(services: Services) -> tuple[str, str]:
    execute(services, make_spec(name="core"))
    execute(services, make_spec(name="other"))
    core, other = strategy_account(services, "core"), strategy_account(services, "other")
    assert core != other and watched_accounts(services) == sorted([core, other])
    return core, other


def _once(services: Services, account: str | None = None) -> int:
    return watch_forever(
        services, [], interval=60, stop=threading.Event(), once=True, account=account
    )


def test_a_watcher_of_one_account_runs_beside_the_watcher_of_another(
    services: Services, two: tuple[str, str]
) -> None:
    core, other = two
    with WatchLock(services.settings.home, other):  # another process watches `other`
        assert _once(services, core) == 1
    (check,) = services.journal.checks(limit=5)
    assert check.spec_name == "core"  # only its own account's strategies
    beat = services.journal.latest_heartbeat(core)
    assert beat is not None and beat.account == core and beat.checked == 1
    assert services.journal.latest_heartbeat(other) is None

    status = watch_status(services)
    lines = dict(zip([a.account for a in status.accounts], status.account_lines, strict=True))
    assert "alive" in lines[core] and "1 checked" in lines[core]
    assert lines[other] == f"account {other}: no watcher has checked it yet"
    mine = watch_status(services, account=core)
    assert mine.alive and mine.strategies == ["core"] and mine.heartbeat == beat


def test_a_second_watcher_on_the_same_account_is_refused_with_the_holders_pid(
    services: Services, two: tuple[str, str]
) -> None:
    core, _ = two
    with WatchLock(services.settings.home, core):
        held = f"pid \\d+\\) is already watching account {core}"
        with pytest.raises(WatcherRunningError, match=held):
            _once(services, core)
        # A watcher of every account would watch `core` too: refused the same way.
        with pytest.raises(WatcherRunningError, match=f"account {core}") as refused:
            _once(services)
        assert "--account" in (refused.value.hint or "")
    assert services.journal.checks(limit=5) == []


def test_a_watcher_of_every_account_locks_each_and_beats_for_each(
    services: Services, two: tuple[str, str]
) -> None:
    assert _once(services) == 1
    assert {c.spec_name for c in services.journal.checks(limit=5)} == {"core", "other"}
    for account in two:
        beat = services.journal.latest_heartbeat(account)
        assert beat is not None and beat.checked == 1
        with WatchLock(services.settings.home, account) as lock:  # released when it ended
            assert lock.held


def test_an_account_that_becomes_active_later_is_taken_on_the_next_round(
    services: Services,
) -> None:
    execute(services, make_spec(name="core"))
    stop = threading.Event()
    rounds: list[set[str]] = []

    def on_round(report: object) -> None:
        rounds.append({c.spec_name for c in report.checks})  # type: ignore[attr-defined]
        if len(rounds) == 1:
            execute(services, make_spec(name="other"))
        else:
            stop.set()

    watch_forever(services, [], interval=0.01, stop=stop, on_round=on_round)
    assert rounds == [{"core"}, {"core", "other"}]


def test_an_unknown_account_is_a_clear_error(services: Services) -> None:
    with pytest.raises(UserInputError, match="nobody"):
        _once(services, "nobody")
