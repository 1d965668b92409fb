"""The narration check with its inputs gathered from the services; no LangChain here.

The session (:mod:`.outcome`) and the offline parser's direct goal turn
(:mod:`.offline.goal_turn`) check a reply the same way, so `coinpilot spec` and the app give the
same verdict on the same goal: against the turn's tool results, the spec being edited, the
person's words, and the tickers and coin names this market lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.engine import Services

from .policy import NarrationCheck, check_narration, request_problems


@dataclass(frozen=True)
class Request:
    """What the person asked: their messages, the spec being edited, names of coins."""

    asked: tuple[str, ...] = ()
    previous: Mapping[str, Any] | None = None
    names: Mapping[str, str] = field(default_factory=dict)

    def problems(
        self, spec: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]] = ()
    ) -> list[str]:
        """``earlier``: this turn's tool results so far; a conversion rate among them lets an
        amount the person gave in another currency become the capital at that rate."""
        return request_problems(
            spec, self.asked, previous=self.previous, names=self.names, rates=fetched_rates(earlier)
        )

    def hold(
        self, result: dict[str, Any], earlier: Sequence[Mapping[str, Any]] = ()
    ) -> dict[str, Any]:
        """A validated proposal, or the failure it becomes when it strays from the request."""
        if result.get("tool") != "propose_strategy" or not result.get("ok"):
            return result
        problems = self.problems(result["data"]["spec"], earlier)
        if not problems:
            return result
        return {
            "tool": "propose_strategy",
            "ok": False,
            "summary": "the spec does not hold to the person's request",
            "problems": problems,
            "data": {"spec": result["data"]["spec"]},
        }


def fetched_rates(results: Sequence[Mapping[str, Any]]) -> list[float]:
    """The conversion rates among a turn's tool results (fetched by code from the market)."""
    out: list[float] = []
    for r in results:
        if r.get("tool") == "conversion_rate" and r.get("ok"):
            try:
                out.append(float((r.get("data") or {})["rate"]))
            except (KeyError, TypeError, ValueError):
                continue
    return out


def market_tickers(services: Services) -> set[str]:
    """Every base and quote symbol the market lists: what a ticker in a reply can be."""
    listed = services.market.markets().values()
    return {m.base for m in listed} | {m.quote for m in listed}


def check_reply(
    text: str,
    results: Sequence[dict[str, Any]],
    *,
    person: Sequence[str],
    previous: Mapping[str, Any] | None,
    tickers: set[str],
    names: Mapping[str, str],
) -> NarrationCheck:
    """The verdict on ``text``; ``results`` are this turn's tool results (refused calls not)."""
    return check_narration(
        text,
        [*results, *([previous] if previous else [])],
        person=person,
        tickers=tickers,
        names=names,
        previewed=any(r.get("ok") and r.get("tool") == "preview_rebalance" for r in results),
        may_claim_execution=any(
            r.get("ok") and r.get("tool") in ("explain_decision", "portfolio") for r in results
        ),
    )
