"""The bundled offline model: a deterministic goal parser and intent router, not an LLM.

It reads the conversation, decides which tool to call next, and narrates tool results; the real
LangChain agent loop runs the tools. It needs no key and no network, so `coinpilot` works on a
fresh machine. It cannot repair an invalid spec the way an LLM can: when validation fails it
abstains and shows the problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from uuid import uuid4

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from assistant.agent.goal_parser import GoalResult, asks_preview, parse_goal, rates_in, starts_over
from assistant.agent.goal_parser.assemble import change_phrase
from assistant.domain import FieldChange, StrategySpec, parse_spec

from ..artifacts import result_of
from ..models.rule_model import RuleChatModel
from ..policy.wallet_request import chain_answer, wallet_request
from . import narrate
from .inputs import MODEL_ID, holdings_args
from .intents import DECISION_ID, Intent, classify
from .periods import backtest_window

GREETING = (
    'Hi! Describe a goal, for example: "I have $5,000, moderate risk, BTC ETH SOL, nothing '
    'above 50%, rebalance when drift passes 5%". You can also ask why a rebalance happened, '
    "or what HRP is."
)


class OfflineBrain:
    def __init__(
        self,
        symbols: Mapping[str, str],
        previous_spec: Callable[[], StrategySpec | None] = lambda: None,
        quotes: Sequence[str] = ("USDT",),
    ) -> None:
        self.symbols = dict(symbols)
        self.previous_spec = previous_spec
        self.quotes = tuple(quotes)

    def respond(self, messages: Sequence[BaseMessage], tools: Sequence[str]) -> AIMessage:
        turn = _current_turn(messages)
        human = str(turn[0].content) if turn else ""
        last = turn[-1] if turn else None
        earlier = messages[: len(messages) - len(turn)]
        previous = self._edits(human, earlier)
        if isinstance(last, ToolMessage):
            return self._after_tool(last, human, tools, turn, previous)
        asked = next((str(m.content) for m in reversed(earlier) if isinstance(m, AIMessage)), "")
        answer = chain_answer(human, asked)  # "ethereum", after "Which chain is 0x... on?"
        if answer is not None and "propose_wallet" in tools:
            return _call("propose_wallet", answer)
        return self._first_step(human, previous, tools)

    def _edits(self, human: str, earlier: Sequence[BaseMessage]) -> StrategySpec | None:
        """The spec this message changes: the last one proposed in the conversation, else the
        latest decision's; none once the person has said "start over"."""
        if starts_over(human):
            return None
        for m in reversed(earlier):
            if isinstance(m, HumanMessage) and starts_over(str(m.content)):
                return None
            if isinstance(m, ToolMessage) and m.name == "propose_strategy":
                result = result_of(m)
                if result.get("ok"):
                    return parse_spec(result["data"]["spec"])
        return self.previous_spec()

    def _first_step(
        self, text: str, previous: StrategySpec | None, tools: Sequence[str] = ()
    ) -> AIMessage:
        intent = classify(text)
        if intent is Intent.SMALLTALK:
            return AIMessage(content=GREETING)
        if intent is Intent.WHY:
            match = DECISION_ID.search(text)
            return _call("explain_decision", {"decision_id": match.group(0) if match else None})
        if intent is Intent.KNOWLEDGE:
            return _call("search_knowledge", {"query": text, "k": 3})
        if intent is Intent.PORTFOLIO:
            return _call("portfolio", {})
        if intent is Intent.BACKTEST:
            if previous is None:
                return AIMessage(
                    content="Describe a strategy first (coins, amount, rebalance rule); then I "
                    "can replay it over the market's history."
                )
            args: dict[str, Any] = {
                "spec": previous.model_dump(mode="json"),
                **backtest_window(text),
            }
            return _call("run_backtest", args)
        if intent is Intent.ONCHAIN:
            found = self._symbols_in(text)
            return _call("onchain_metrics", {"asset": found[0] if found else "BTC"})
        if intent is Intent.YIELDS:
            found = [s for s in re.findall(r"\b[A-Z]{3,6}\b", text) if s not in {"APY", "TVL"}]
            return _call("yield_opportunities", {"asset": found[0] if found else "USDC"})
        if intent is Intent.WATCH_WALLET:
            request = wallet_request(text)
            if request is not None and "propose_wallet" in tools:
                return _call("propose_wallet", request)
        if intent is Intent.WALLETS:
            return _call("wallet_balances", {})
        if intent is Intent.SENTIMENT:
            return _call("market_sentiment", {"symbols": self._symbols_in(text)})
        if intent is Intent.PRICE:
            found = self._symbols_in(text)
            if found:
                return _call("market_snapshot", {"symbols": found})
        result = parse_goal(text, known_symbols=self.symbols, previous=previous, quotes=self.quotes)
        if result.holdings and "propose_holdings" in tools:  # "I already hold ...": propose
            # recording them first; the goal beside them follows the tool's answer
            return _call("propose_holdings", holdings_args(result, previous))
        return self._with_rates(result, text, previous, tools, [])

    def _with_rates(
        self,
        result: GoalResult,
        text: str,
        previous: StrategySpec | None,
        tools: Sequence[str],
        turn: list[BaseMessage],
    ) -> AIMessage:
        """An amount in another currency: fetch each rate the parser needs (one tool call at a
        time), then parse again with the rates fetched; without the tool, or once every rate was
        asked for, the parser's answer stands (a question where the market gave no rate)."""
        fetched = _tool_results(turn, "conversion_rate")
        asked = {str((r.get("data") or {}).get("currency", "")).upper() for r in fetched}
        missing = [c for c in result.rates_needed if c not in asked]
        if missing and "conversion_rate" in tools:
            return _call("conversion_rate", {"currency": missing[0]})
        rates = rates_in(fetched)
        if rates and result.rates_needed:
            result = parse_goal(
                text, known_symbols=self.symbols, previous=previous, quotes=self.quotes, rates=rates
            )
        return self._goal_step(result, turn)

    def _goal_step(self, result: GoalResult, turn: Sequence[BaseMessage] = ()) -> AIMessage:
        if result.status != "ok" or result.spec is None:
            held = _tool_result(list(turn), "propose_holdings")
            if held is not None:  # the question follows what they hold
                return AIMessage(content=narrate.holdings_reply(held, result))
            return AIMessage(content=result.message, response_metadata={"status": result.status})
        return _call("propose_strategy", {"spec": result.spec}, note=result.message)

    def _after_tool(
        self,
        message: ToolMessage,
        human: str,
        tools: Sequence[str],
        turn: list[BaseMessage],
        previous: StrategySpec | None = None,
    ) -> AIMessage:
        result = result_of(message)
        tool = result.get("tool")
        if tool == "propose_strategy":
            if not result.get("ok"):
                return AIMessage(
                    content=narrate.invalid_spec_reply(result),
                    response_metadata={"status": "clarify"},
                )
            held = _tool_result(turn, "propose_holdings")
            can_preview = "preview_rebalance" in tools
            if can_preview and not (held is not None and held.get("ok")):
                return _call("preview_rebalance", {"spec": result["data"]["spec"]})
            # "I already hold 0.5 BTC ... preview it": not recorded yet, so no preview this turn
            reply = narrate.proposal_with_context(
                narrate.proposal_reply(result, _understanding(turn)),
                held,
                preview_asked=asks_preview(human),
                can_preview=can_preview,
            )
            return AIMessage(content=reply)
        if tool == "conversion_rate":
            goal = parse_goal(
                human, known_symbols=self.symbols, previous=previous, quotes=self.quotes
            )
            return self._with_rates(goal, human, previous, tools, turn)
        if tool == "propose_holdings":
            goal = parse_goal(
                human, known_symbols=self.symbols, previous=previous, quotes=self.quotes
            )
            if goal.status == "ok" and goal.spec is not None:  # the goal said more than holdings
                return self._goal_step(goal)
            if goal.rates_needed and "conversion_rate" in tools:
                return self._with_rates(goal, human, previous, tools, turn)
            return AIMessage(content=narrate.holdings_reply(result, goal))
        if tool == "propose_wallet":  # a chain to name or an address to fix: a question
            said = narrate.wallet_reply(result)
            if result.get("ok"):
                return AIMessage(content=said)
            return AIMessage(content=said, response_metadata={"status": "clarify"})
        if tool == "preview_rebalance":
            return AIMessage(content=narrate.preview_reply(result, _changes(turn)))
        if tool == "explain_decision":
            return AIMessage(content=narrate.explain_reply(result, human, self._symbols_in(human)))
        if tool == "market_sentiment":
            return AIMessage(content=narrate.sentiment_reply(result))
        if tool == "run_backtest":
            return AIMessage(content=narrate.backtest_reply(result))
        if tool == "search_knowledge":
            return AIMessage(content=narrate.knowledge_reply(result))
        return AIMessage(content=narrate.summary_reply(result))

    def _symbols_in(self, text: str) -> list[str]:
        found: list[str] = []
        for word in re.findall(r"[A-Za-z]+", text):
            sym = self.symbols.get(word.lower())
            if sym and sym not in found and (word.isupper() or len(word) > 3):
                found.append(sym)
        return found


def offline_model(brain: OfflineBrain) -> RuleChatModel:
    return RuleChatModel(respond=brain.respond, model_id=MODEL_ID)


def _current_turn(messages: Sequence[BaseMessage]) -> list[BaseMessage]:
    for i in range(len(messages) - 1, -1, -1):
        if isinstance(messages[i], HumanMessage):
            return list(messages[i:])
    return []


def _tool_results(turn: list[BaseMessage], tool: str) -> list[dict[str, Any]]:
    return [result_of(m) for m in turn if isinstance(m, ToolMessage) and m.name == tool]


def _tool_result(turn: list[BaseMessage], tool: str) -> dict[str, Any] | None:
    for m in turn:
        if isinstance(m, ToolMessage) and m.name == tool:
            return result_of(m)
    return None


def _changes(turn: list[BaseMessage]) -> list[str]:
    for m in turn:
        if isinstance(m, ToolMessage) and m.name == "propose_strategy":
            data = result_of(m).get("data") or {}
            changes = data.get("changes", [])
            return [change_phrase(FieldChange(c["path"], c["old"], c["new"])) for c in changes]
    return []


def _understanding(turn: list[BaseMessage]) -> str:
    """What the parser said it understood, carried on its propose_strategy call."""
    for m in turn:
        if isinstance(m, AIMessage) and any(c["name"] == "propose_strategy" for c in m.tool_calls):
            return str(m.content)
    return ""


def _call(name: str, args: dict[str, Any], note: str = "") -> AIMessage:
    return AIMessage(
        content=note,
        tool_calls=[
            {"name": name, "args": args, "id": f"call-{uuid4().hex[:8]}", "type": "tool_call"}
        ],
    )
