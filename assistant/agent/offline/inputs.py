"""Which model answers, and what the offline parser reads from the services; no LangChain here.

Shared by :mod:`..providers` (which builds the LangChain model) and :mod:`.spec_turn` (which runs
the parser's goal turn without LangChain), so both read the same tickers and edit the same spec.
"""

from __future__ import annotations

from typing import Any

from assistant.config import Settings
from assistant.domain import StrategySpec
from assistant.engine import Services
from assistant.market import FIAT

from ..goal_parser import GoalResult, build_symbol_map
from ..turns import ModelInfo

MODEL_ID = "coinpilot-offline-parser-1"
OFFLINE_INFO = ModelInfo(MODEL_ID, "offline", "offline parser (not an LLM)")


def wants_llm(settings: Settings) -> bool:
    """True when an OpenAI-compatible endpoint is configured; otherwise the offline parser."""
    return bool(settings.llm_base_url or settings.llm_model)


def symbol_map(services: Services) -> dict[str, str]:
    """Names and tickers the parser recognises, for the coins this market lists (a fiat pair
    such as EUR/USDT is a conversion rate, not a coin: "€" and "euros" are money words)."""
    tickers = sorted({m.base for m in services.market.markets().values()} - FIAT)
    return build_symbol_map(tickers)


def market_quotes(services: Services) -> list[str]:
    """The currencies this market prices coins in: an amount in one of them needs no conversion."""
    return sorted({m.quote for m in services.market.markets().values()})


def last_spec(services: Services) -> StrategySpec | None:
    """The spec of the latest decision: what "make it quarterly" edits when nothing else is."""
    decision = services.journal.latest_decision()
    if decision is not None:
        return services.journal.latest_spec(decision.spec_name)
    return None


def holdings_args(result: GoalResult, previous: StrategySpec | None) -> dict[str, Any]:
    """propose_holdings' arguments for "I already hold 0.5 BTC" beside a goal: on the account of
    the strategy the message describes (or edits), which is where its preview plans from; a
    message with holdings alone leaves the account to the tool."""
    args: dict[str, Any] = {"holdings": dict(result.holdings)}
    name = (result.spec or {}).get("name") or (previous.name if previous is not None else None)
    if name is None and result.rates_needed:  # "€5,000" still to convert: a new strategy
        name = StrategySpec.model_fields["name"].default
    if name is not None:
        args["strategy"] = str(name)
    return args
