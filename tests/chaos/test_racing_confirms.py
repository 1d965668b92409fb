"""Two confirms of one plan started together, in two processes: one runs, the other says so.

Paper through `coinpilot confirm` twice at once; an exchange account through two processes that
both send to the fake Binance. Exactly one funding, one start, one execution, every order once;
the loser exits saying the plan is already executing or already executed, having changed nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from assistant.journal import Journal
from tests.market_live.conftest import after_last_candle
from tests.market_live.fake_binance import FakeBinance

from . import driver
from .checks import check_exchange, check_plan
from .harness import read_json, start_child
from .test_kill_exchange import exchange, prepare  # noqa: F401 (the fixture)
from .test_kill_paper import ACCOUNT, balances, make_plan

PAPER_RACES = 10
EXCHANGE_RACES = 5
LOSER_SAYS = ("already executing this plan", "already executed")


def race(target: Any, *args_per_racer: tuple[Any, ...]) -> list[int]:
    racers = [start_child(target, *args) for args in args_per_racer]
    for racer in racers:
        racer.join(120)
        assert not racer.is_alive()
    return [int(r.exitcode) for r in racers]


def loser_message(path: Path) -> str:
    text = path.read_text()
    try:
        return str(json.loads(text).get("message", ""))
    except json.JSONDecodeError:
        return text


def statuses(journal: Journal, plan_hash: str) -> Counter[str]:
    return Counter(c["status"] for c in journal.confirmations(plan_hash))


@pytest.mark.slow
def test_two_paper_confirms_racing_fund_once_and_execute_once(tmp_path: Path) -> None:
    reference: dict[str, object] | None = None
    said: Counter[str] = Counter()
    for trial in range(PAPER_RACES):
        home = tmp_path / f"race-{trial}"
        plan_hash = make_plan(home)
        outs = [home / "a.json", home / "b.json"]
        codes = race(driver.cli_confirm, *[(str(home), plan_hash, str(o)) for o in outs])
        assert sorted(codes) in ([0, 1], [0, 2]), codes  # busy: 1; already executed: 2
        loser = outs[codes.index(max(codes))]
        assert any(s in loser_message(loser) for s in LOSER_SAYS), loser_message(loser)
        said[next(s for s in LOSER_SAYS if s in loser_message(loser))] += 1
        with Journal.open(f"sqlite:///{home / 'journal.db'}") as journal:
            assert check_plan(journal, plan_hash, ACCOUNT) == "executed"
            counted = statuses(journal, plan_hash)
            assert counted["started"] == 1 and counted["executed"] == 1
            assert [c["kind"] for c in journal.credits(ACCOUNT)] == ["funding"]
        reference = reference or balances(home)
        assert balances(home) == reference
    print(f"paper races: the loser said {dict(said)}")


@pytest.mark.slow
def test_two_live_confirms_racing_send_each_order_once(
    exchange: FakeBinance,  # noqa: F811
    tmp_path: Path,
) -> None:
    at = after_last_candle(exchange).isoformat()
    said: Counter[str] = Counter()
    for trial in range(EXCHANGE_RACES):
        home = tmp_path / f"race-{trial}"
        plan_hash, phrase = prepare(exchange, home)
        outs = [home / "a.json", home / "b.json"]
        args = [(str(home), plan_hash, exchange.base_url, phrase, at, str(o)) for o in outs]
        codes = race(driver.exchange_confirm, *args)
        assert sorted(codes) in ([0, 1], [0, 2]), [read_json(o) for o in outs]
        loser = read_json(outs[codes.index(max(codes))])
        assert any(s in loser.get("message", "") for s in LOSER_SAYS), loser
        said[next(s for s in LOSER_SAYS if s in loser["message"])] += 1
        with Journal.open(f"sqlite:///{home / 'journal.db'}") as journal:
            assert check_plan(journal, plan_hash, driver.ACCOUNT) == "executed"
            check_exchange(journal, exchange, plan_hash, driver.ACCOUNT)
            assert statuses(journal, plan_hash)["started"] == 1
        posts = exchange.requests_to("order", "POST")
        assert len(posts) == len({p.params["newClientOrderId"] for p in posts})
    print(f"exchange races: the loser said {dict(said)}")
