"""SIGKILL of `coinpilot confirm` on a paper account at every journal write, then a restart.

Each trial plans the same five-order strategy in a fresh data directory, runs `coinpilot confirm`
in a child process that kills itself (SIGKILL) just before its Nth journal write (N drawn from a
seeded generator over every write a confirm makes), then restarts: most often with the same
`coinpilot confirm` in a fresh process, sometimes an hour later (the plan expired: the interrupted
execution must be recorded as partial, with a decision). Then the invariants of ``checks`` hold,
and a completed plan's balances equal an uninterrupted run's to the last digit.
"""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.domain import PlanError
from assistant.engine import Clock, Services, execute_plan, load_spec_file, plan_rebalance
from assistant.journal import Journal

from . import driver
from .checks import check_plan
from .harness import KILLED, run_child

SEED = 20261206
KILLS = 60
SPEC = Path(__file__).resolve().parents[2] / "examples" / "hrp_core.toml"
ACCOUNT = "paper-hrp-core"


def make_plan(home: Path) -> str:
    with Services.open(load_settings(home=home)) as services:
        return plan_rebalance(services, load_spec_file(str(SPEC))).plan_hash


def balances(home: Path) -> dict[str, Decimal]:
    with Journal.open(f"sqlite:///{home / 'journal.db'}") as journal:
        return journal.balances(ACCOUNT)


def restart_late(home: Path, plan_hash: str) -> None:
    """The restart an hour later: the plan expired, so whatever it left is recorded partial."""
    with Services.open(load_settings(home=home)) as services:
        services.clock = Clock(datetime.now(UTC) + timedelta(hours=1))
        # "recorded as partially executed", or an expired plan that never started
        with contextlib.suppress(PlanError):
            execute_plan(services, plan_hash)


@pytest.mark.slow
def test_sigkill_of_a_paper_confirm_at_any_write_loses_nothing_and_leaves_a_record(
    tmp_path: Path,
) -> None:
    reference_home = tmp_path / "reference"
    plan_hash = make_plan(reference_home)
    out = reference_home / "out.json"
    assert run_child(driver.cli_confirm, str(reference_home), plan_hash, str(out)) == 0
    writes = int(Path(str(out) + ".writes").read_text())
    reference = balances(reference_home)
    assert writes > 10 and reference

    rng = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    for trial in range(KILLS):
        home = tmp_path / f"trial-{trial}"
        plan_hash = make_plan(home)
        kill_at = rng.randint(1, writes)
        out = home / "out.json"
        code = run_child(driver.cli_confirm, str(home), plan_hash, str(out), kill_at=kill_at)
        assert code == KILLED, f"trial {trial}: the kill at write {kill_at} did not happen"
        late = rng.random() < 0.25
        if late:
            restart_late(home, plan_hash)
        else:
            code = run_child(driver.cli_confirm, str(home), plan_hash, str(home / "again.json"))
            assert code in (0, 2), (home / "again.json").read_text()
        with Journal.open(f"sqlite:///{home / 'journal.db'}") as journal:
            ended = check_plan(journal, plan_hash, ACCOUNT)
        if ended == "executed":
            assert balances(home) == reference, f"trial {trial} (kill at write {kill_at})"
        outcomes[f"{ended}{' (late restart)' if late else ''}"] += 1
    print(f"paper: {KILLS} kills, outcomes {dict(outcomes)}")
    assert outcomes["executed"] > KILLS // 2  # restarted in time, almost every plan completes
    assert sum(n for k, n in outcomes.items() if k.startswith("partial")) > 0
