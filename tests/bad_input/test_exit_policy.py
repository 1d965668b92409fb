"""The exit-status policy: the numbers drawn in the error tree are the ones the CLI returns."""

from __future__ import annotations

import re

import assistant.domain.errors as errors
from assistant.cli.output import exit_status
from assistant.domain import CoinPilotError
from assistant.market.ccxt_errors import RateLimitedError
from assistant.market.news import FeedUnavailableError

TREE_LINE = re.compile(r"^\s*[│├└─ ]*(?P<name>[A-Z]\w+Error)\s+(?P<status>[12])\s", re.MULTILINE)


def _instance(cls: type[CoinPilotError]) -> CoinPilotError:
    if cls is errors.SpecError:
        return errors.SpecError(["a problem"])
    return cls("a message")


def test_every_error_in_the_drawn_tree_exits_with_the_status_drawn_beside_it() -> None:
    drawn = {m["name"]: int(m["status"]) for m in TREE_LINE.finditer(errors.__doc__ or "")}
    defined = {
        name: cls
        for name, cls in vars(errors).items()
        if isinstance(cls, type) and issubclass(cls, CoinPilotError) and cls is not CoinPilotError
    }
    assert set(drawn) == set(defined)
    for name, status in drawn.items():
        assert exit_status(_instance(defined[name])) == status, name


def test_errors_defined_elsewhere_inherit_their_parents_status() -> None:
    assert exit_status(FeedUnavailableError("down")) == 1
    assert exit_status(RateLimitedError("slow down", retry_after=None)) == 1
