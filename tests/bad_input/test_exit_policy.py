"""The exit-status policy: the numbers drawn in the error tree are the ones the CLI returns."""

from __future__ import annotations

import re

import assistant.domain.errors as errors
from assistant.backtest.state import BacktestCancelledError
from assistant.cli.output import exit_status
from assistant.domain import CoinPilotError
from assistant.execution.key_permissions import UnsafeKeyError
from assistant.execution.order_state import OrderStateError
from assistant.market.ccxt_errors import RateLimitedError
from assistant.market.news import FeedUnavailableError
from tests.domain.test_error_tree import defined_tree

_ = (BacktestCancelledError, UnsafeKeyError, OrderStateError)  # imported: defined in the tree

TREE_LINE = re.compile(r"^\s*[│├└─ ]*(?P<name>[A-Z]\w+Error)\s+(?P<status>[12])\s", re.MULTILINE)


def _all_subclasses(cls: type[CoinPilotError]) -> dict[str, type[CoinPilotError]]:
    found: dict[str, type[CoinPilotError]] = {}
    for sub in cls.__subclasses__():
        found[sub.__name__] = sub
        found.update(_all_subclasses(sub))
    return found


def test_every_error_in_the_drawn_tree_exits_with_the_status_drawn_beside_it() -> None:
    defined_tree()  # imports every module that defines an error, so each is a known subclass
    drawn = {m["name"]: int(m["status"]) for m in TREE_LINE.finditer(errors.__doc__ or "")}
    defined = _all_subclasses(CoinPilotError)
    assert set(drawn) <= set(defined) and len(drawn) >= 21
    for name, status in drawn.items():
        assert (2 if defined[name].bad_input else 1) == status, name


def test_the_cli_exit_status_follows_bad_input() -> None:
    assert exit_status(FeedUnavailableError("down")) == 1
    assert exit_status(RateLimitedError("slow down", retry_after=None)) == 1
    assert exit_status(errors.SpecError(["x"])) == 2
    assert exit_status(errors.JournalUnavailableError("locked")) == 1
