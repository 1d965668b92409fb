"""What one agent turn shows in the chat: the session's events turned into typed items.

The translation runs in the worker thread, so the UI thread only lays out widgets (parsing a plan
is done before it reaches the screen). It never acts on an event: a preview becomes something to
show, and only the person's Confirm can turn it into orders.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.presentation.plan_tables import PlanView

from .backtest_view import BacktestView, backtest_view
from .formatting import args_summary, spec_lines
from .spec_changes import change_line
from .tool_lines import CARD_TOOLS, tool_line

if TYPE_CHECKING:
    from rich.console import RenderableType

    from assistant.agent.session import TurnEvent
    from assistant.domain import RebalancePlan


@dataclass(frozen=True)
class TextChunk:
    """Streamed reply text."""

    text: str


@dataclass(frozen=True)
class ToolOutcome:
    """A tool ran: its name, whether it worked, and a line for the person (or its problems)."""

    tool: str
    ok: bool
    summary: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class ToolArgs:
    """The arguments a tool was called with (they arrive after the results)."""

    tool: str
    summary: str


@dataclass(frozen=True)
class SpecProposal:
    """A validated spec, its diff against the previous version, and the validator's notes."""

    spec: dict[str, Any]
    changes: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def symbols(self) -> list[str]:
        universe = self.spec.get("universe") or {}
        return [*(universe.get("symbols") or []), str(self.spec.get("quote", ""))]

    def shown_text(self) -> str:
        """What the spec card shows, as plain text (the figures a reply need not repeat)."""
        lines = [f"v{self.spec.get('version')}", *(f"{k} {v}" for k, v in spec_lines(self.spec))]
        return "\n".join([*lines, *(change_line(c) for c in self.changes), *self.notes])


@dataclass(frozen=True)
class PlanPreview:
    """A sealed plan, and the plain text of its preview card (rendered here, off the UI thread)."""

    plan: RebalancePlan
    text: str = ""

    @property
    def symbols(self) -> list[str]:
        plan = self.plan
        coins = [*plan.allocation.weights, *(o.base for o in plan.orders)]
        return [*coins, *(u.symbol.split("/")[0] for u in plan.unexecutable), plan.quote]


@dataclass(frozen=True)
class BacktestShown:
    """A backtest ran: its charts and metrics, ready for the card."""

    view: BacktestView

    @property
    def symbols(self) -> list[str]:
        return [self.view.quote] if self.view.quote else []


@dataclass(frozen=True)
class HoldingsProposal:
    """'I already hold ...': holdings to record (asset, quantity, value rows) on ``account``."""

    rows: tuple[dict[str, Any], ...]
    account: str
    quote: str

    @property
    def symbols(self) -> list[str]:
        return [*(str(r["asset"]) for r in self.rows), self.quote]

    def shown_text(self) -> str:
        return "\n".join(f"{r['asset']} {r['quantity']} {r['value']}" for r in self.rows)


@dataclass(frozen=True)
class WalletProposal:
    """'Watch my wallet 0x...': a checked wallet (name, chain, address) the person may add."""

    name: str
    chain: str
    address: str


@dataclass(frozen=True)
class TurnEnd:
    status: str
    reply: str


@dataclass(frozen=True)
class TurnFailed:
    """The turn raised: ``message`` is already a sentence for a person."""

    message: str
    hint: str | None = None


ChatItem = (
    TextChunk
    | ToolOutcome
    | ToolArgs
    | SpecProposal
    | PlanPreview
    | BacktestShown
    | HoldingsProposal
    | WalletProposal
    | TurnEnd
    | TurnFailed
)


def translate(event: TurnEvent) -> list[ChatItem]:
    """The items one session event shows, in order."""
    if event.kind == "token":
        return [TextChunk(event.text)] if event.text else []
    if event.kind == "tool_call":
        if event.text in CARD_TOOLS:  # the card shows what the spec says
            return []
        return [ToolArgs(event.text, args_summary(event.text, event.data.get("args") or {}))]
    if event.kind == "final":
        return [TurnEnd(str(event.data.get("status", "answer")), event.text)]
    return result_items(event.text, event.data)


def result_items(tool: str, data: dict[str, Any]) -> list[ChatItem]:
    """The items one tool result shows: its line, and its card when it has one. A live turn and
    a reopened conversation (:mod:`.transcript`) both draw results through this."""
    ok = bool(data.get("ok"))
    payload = data.get("data") or {}
    summary = str(data.get("summary") or data.get("text") or "")
    out: list[ChatItem] = [
        ToolOutcome(
            tool=tool,
            ok=ok,
            summary=tool_line(tool, ok, summary, payload),
            problems=tuple(str(p) for p in data.get("problems") or ()),
        )
    ]
    if ok and tool == "propose_strategy" and isinstance(payload.get("spec"), dict):
        out.append(
            SpecProposal(
                spec=payload["spec"],
                changes=tuple(payload.get("changes") or ()),
                notes=tuple(str(n) for n in payload.get("notes") or ()),
            )
        )
    if ok and tool == "preview_rebalance" and isinstance(payload.get("plan"), dict):
        from .backend import plan_from  # pydantic models: parsed here, in the worker thread

        plan = plan_from(payload["plan"])
        out.append(PlanPreview(plan, plain_text(PlanView(plan))))
    if ok and tool == "propose_holdings" and isinstance(payload.get("holdings"), list):
        rows = tuple(dict(r) for r in payload["holdings"])
        out.append(HoldingsProposal(rows, str(payload["account"]), str(payload["quote"])))
    if ok and tool == "propose_wallet" and isinstance(payload.get("address"), str):
        out.append(
            WalletProposal(
                str(payload["name"]),
                str(payload["chain"]),
                payload["address"],
            )
        )
    if ok and tool == "run_backtest" and isinstance(payload.get("metrics"), dict):
        out.append(BacktestShown(backtest_view(payload)))
    return out


def plain_text(renderable: RenderableType, width: int = 200) -> str:
    """A rich renderable as the plain text it shows."""
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()
