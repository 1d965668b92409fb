"""A full disk during `coinpilot confirm`: the message is true, and a restart loses nothing.

Three ways to fill the disk, from the most controlled to the most real:

* SQLite's own "database or disk is full" raised at the Nth journal write and at every write
  after it (a disk stays full), N drawn over every write a confirm makes;
* the database capped a few pages above its size (``PRAGMA max_page_count``), so SQLite itself
  runs out of room wherever the next page is needed;
* where this runs as root, a tiny tmpfs holding the data directory, filled with a file until a
  few kilobytes are left: the kernel's ENOSPC.

After each failure the journal must show nothing it did not say: if the output says nothing was
saved, nothing started; if the execution started, the output says exactly how far it got
(``execution_interrupted``). Then, with room again, the same confirm completes or records the
plan as partial, and the invariants of ``checks`` hold.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from assistant.journal import Journal

from . import driver
from .checks import check_plan
from .harness import read_json, run_child
from .test_kill_paper import ACCOUNT, balances, make_plan

SEED = 20261208
INJECTED = 16
CAPPED = 8
SAVED_NOTHING = "Nothing from this step was saved"


def confirm_then_restart(
    home: Path, plan_hash: str, reference: dict[str, object], **fault: int
) -> str:
    """Confirm under ``fault``; check what the failure said against the journal; restart."""
    out = home / "out.json"
    code = run_child(driver.cli_confirm, str(home), plan_hash, str(out), **fault)
    check_failure(home, plan_hash, code, read_json(out))
    again = run_child(driver.cli_confirm, str(home), plan_hash, str(home / "again.json"))
    assert again in (0, 2), read_json(home / "again.json")
    with Journal.open(f"sqlite:///{home / 'journal.db'}") as journal:
        ended = check_plan(journal, plan_hash, ACCOUNT)
    assert ended == "executed"  # restarted at once, with room: every plan completes
    assert balances(home) == reference
    return "failed" if code != 0 else "completed"


def check_failure(home: Path, plan_hash: str, code: int, said: dict[str, str]) -> None:
    """What a failed confirm said must match what the journal kept."""
    with Journal.open(f"sqlite:///{home / 'journal.db'}") as journal:
        started = journal.started_at(plan_hash) is not None
        intents = journal.plan_orders(plan_hash)
    if code != 0 and said:  # a child with no room for its own output file says nothing
        kinds = ("journal", "journal_unavailable", "execution_interrupted", "plan_busy")
        assert said.get("error") in kinds, said
        if said["error"] in ("journal", "journal_unavailable"):
            assert not started and intents == [], f"it said nothing was saved: {said}"
        if started:
            assert said["error"] == "execution_interrupted", said
            assert SAVED_NOTHING not in said.get("message", "") + said.get("hint", "")
            assert "never sends one twice" in said.get("hint", ""), said


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], int]:
    home = tmp_path_factory.mktemp("reference")
    plan_hash = make_plan(home)
    out = home / "out.json"
    assert run_child(driver.cli_confirm, str(home), plan_hash, str(out)) == 0
    return balances(home), int(Path(str(out) + ".writes").read_text())  # type: ignore[return-value]


@pytest.mark.slow
def test_a_disk_that_fills_at_any_journal_write_is_reported_truly_and_loses_nothing(
    tmp_path: Path, reference: tuple[dict[str, object], int]
) -> None:
    balances_after, writes = reference
    rng = random.Random(SEED)
    points = sorted(rng.sample(range(1, writes + 1), min(INJECTED, writes)))
    seen: Counter[str] = Counter()
    for n in points:
        home = tmp_path / f"full-at-{n}"
        seen[confirm_then_restart(home, make_plan(home), balances_after, full_at=n)] += 1
    print(f"full disk at writes {points}: {dict(seen)}")
    # the last write releases the lock: when only that fails, the confirm succeeded (and says so)
    assert seen["failed"] == len([n for n in points if n < writes])


@pytest.mark.slow
def test_a_database_that_runs_out_of_pages_is_reported_truly_and_loses_nothing(
    tmp_path: Path, reference: tuple[dict[str, object], int]
) -> None:
    balances_after, _ = reference
    seen: Counter[str] = Counter()
    for pages in range(CAPPED):
        home = tmp_path / f"pages-{pages}"
        seen[confirm_then_restart(home, make_plan(home), balances_after, max_pages=pages)] += 1
    print(f"max_page_count +0..{CAPPED - 1}: {dict(seen)}")
    assert seen["failed"] > 0


def _mount_tmpfs(where: Path, size: str) -> str | None:
    """None when mounted, else why it cannot be (not root, no mount permission)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return "a real full disk needs root to mount a small tmpfs"
    where.mkdir(parents=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    return None if done.returncode == 0 else f"cannot mount a tmpfs: {done.stderr.strip()}"


@pytest.mark.slow
def test_a_real_full_tmpfs_is_reported_truly_and_loses_nothing(
    tmp_path: Path, reference: tuple[dict[str, object], int]
) -> None:
    balances_after, _ = reference
    disk = tmp_path / "tiny"
    why = _mount_tmpfs(disk, "8m")
    if why is not None:
        pytest.skip(why)
    try:
        seen: Counter[str] = Counter()
        for room_kb in (0, 128, 384, 4096):
            home = disk / f"room-{room_kb}"
            plan_hash = make_plan(home)
            filler = disk / "filler"
            with open(filler, "wb", buffering=0) as stream:
                try:
                    while True:
                        stream.write(b"\0" * 4096)
                except OSError:
                    pass
            with open(filler, "r+b") as stream:
                stream.truncate(max(0, filler.stat().st_size - room_kb * 1024))
            out = home / "out.json"
            code = run_child(driver.cli_confirm, str(home), plan_hash, str(out))
            filler.unlink()  # room again: the journal can be opened to compare
            check_failure(home, plan_hash, code, read_json(out))
            again = run_child(driver.cli_confirm, str(home), plan_hash, str(home / "again.json"))
            assert again in (0, 2), read_json(home / "again.json")
            with Journal.open(f"sqlite:///{home / 'journal.db'}") as journal:
                assert check_plan(journal, plan_hash, ACCOUNT) == "executed"
            assert balances(home) == balances_after
            shutil.rmtree(home)
            seen["failed" if code != 0 else "completed"] += 1
        print(f"tmpfs with 0, 128, 384 and 4096 KB free: {dict(seen)}")
        assert seen["failed"] > 0
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
