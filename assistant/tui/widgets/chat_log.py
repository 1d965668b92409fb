"""The conversation: the person's messages, streamed replies, tool cards and notes, newest last.

Reply text is streamed into a Markdown block through ``Markdown.get_stream`` so a fast model does
not flood the UI; a card (tool, spec, preview) ends the current block and the next tokens open a
new one. When the turn ends, its reply blocks lose the sentences that only repeat a card's figures
(:mod:`assistant.tui.reply_text`); the full text stays as the block's tooltip. The log only lays
things out (:meth:`ChatLog.show` turns a turn's items into widgets): what a turn means, and what
a preview's buttons do, is decided by the pane and the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownStream

from assistant.presentation import ids

from ..reply_text import CardFacts, condense
from ..turn_items import (
    BacktestShown,
    ChatItem,
    HoldingsProposal,
    PlanPreview,
    SpecProposal,
    TextChunk,
    ToolArgs,
    ToolOutcome,
    TurnEnd,
    WalletProposal,
)
from .backtest_card import BacktestCard
from .holdings_card import HoldingsCard
from .preview_card import PreviewCard
from .spec_card import SpecCard
from .tool_card import ToolCard
from .wallet_card import WalletCard

if TYPE_CHECKING:
    from assistant.domain import RebalancePlan

NoteKind = Literal["info", "ok", "warning", "error"]


class ChatLog(VerticalScroll):
    DEFAULT_CSS = """
    ChatLog { height: 1fr; padding: 0 1 0 0; scrollbar-size-vertical: 1; }
    ChatLog .user {
        margin: 1 0 0 0;
        padding: 0 1;
        background: $boost;
        color: $text;
        text-style: bold;
    }
    ChatLog Markdown { margin: 1 0 0 0; padding: 0 1; }
    ChatLog .note { margin: 1 0 0 1; padding: 0 1; }
    ChatLog .note-ok { color: $success; }
    ChatLog .note-warning { color: $warning; }
    ChatLog .note-error { color: $error; }
    ChatLog .note-info { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._stream: MarkdownStream | None = None
        self._turn_text = ""
        self._blocks: list[tuple[Markdown, str]] = []  # this turn's reply blocks, full text
        self._tools: list[ToolCard] = []  # this turn's tool cards, waiting for their arguments
        self._facts = CardFacts()  # the figures this turn's cards show

    def _new_turn(self) -> None:
        self._turn_text = ""
        self._blocks, self._tools, self._facts = [], [], CardFacts()

    def on_mount(self) -> None:
        self.anchor()

    async def add_user(self, text: str) -> None:
        await self.end_stream()
        self._new_turn()
        await self.mount(Static(Text("› " + text), classes="user"))

    async def show(self, item: ChatItem) -> PreviewCard | None:
        """Lay out one item of the running turn; the preview card, when the item made one.

        A failed turn (:class:`TurnFailed`) is the pane's to show: it ends the turn."""
        if isinstance(item, TextChunk):
            await self.add_chunk(item.text)
        elif isinstance(item, ToolOutcome):
            tool = ToolCard(item.tool, item.ok, item.summary, item.problems)
            self._tools.append(tool)
            await self.add(tool)
        elif isinstance(item, ToolArgs):  # they arrive after the results
            waiting = (c for c in self._tools if c.tool == item.tool and not c.args)
            called = next(waiting, None)
            if called is not None:
                called.args = item.summary
        elif isinstance(item, SpecProposal):
            self._facts.add(item.shown_text(), item.symbols)
            await self.add(SpecCard(item.spec, item.changes, item.notes))
        elif isinstance(item, PlanPreview):
            # the hash itself, whatever way the card shows it (:mod:`assistant.presentation.ids`)
            self._facts.add(f"{item.text}\n{item.plan.plan_hash}", item.symbols)
            return await self.add_preview(item.plan)
        elif isinstance(item, BacktestShown):
            self._facts.add(item.view.shown_text(), item.symbols)
            await self.add(BacktestCard(item.view))
        elif isinstance(item, HoldingsProposal):
            self._facts.add(item.shown_text(), item.symbols)
            await self.add(HoldingsCard(list(item.rows), item.account, item.quote))
        elif isinstance(item, WalletProposal):  # an address is no figure to condense away:
            # the reply (read-only, the command) stays whole
            await self.add(WalletCard(item.name, item.chain, item.address))
        elif isinstance(item, TurnEnd):
            await self.end_turn(item.reply)
        return None

    async def add_preview(self, plan: RebalancePlan) -> PreviewCard:
        card = PreviewCard(plan)
        await self.add(card)
        return card

    async def add_chunk(self, text: str) -> None:
        """Append streamed reply text, opening a new Markdown block if none is open."""
        if self._stream is None:
            block = Markdown(classes="reply")
            await self.mount(block)
            self._stream = Markdown.get_stream(block)
            self._blocks.append((block, ""))
        self._turn_text += text
        block, so_far = self._blocks[-1]
        self._blocks[-1] = (block, so_far + text)
        await self._stream.write(text)

    async def end_stream(self) -> None:
        if self._stream is not None:
            stream, self._stream = self._stream, None
            await stream.stop()

    async def add(self, widget: Widget) -> None:
        await self.end_stream()
        await self.mount(widget)

    async def end_turn(self, reply: str) -> None:
        """Close the turn; show the final reply unless it was already streamed word for word.

        Sentences that only repeat figures the turn's cards show are dropped from its replies,
        and ids in them are shown the one way (:func:`assistant.presentation.ids.show_ids`).
        """
        await self.end_stream()
        if reply.strip() and reply.strip() not in self._turn_text:
            block = Markdown(reply, classes="reply")
            await self.mount(block)
            self._blocks.append((block, reply))
        for block, full in self._blocks:
            short = condense(full, self._facts) if self._facts else full.strip()
            short = ids.show_ids(short)  # an id the model wrote reads as the app's own do
            if not short:
                await block.remove()
            elif short != full.strip():
                await block.update(short)
                block.tooltip = full
        self._new_turn()

    async def note(self, text: str, kind: NoteKind = "info") -> None:
        """A line from the app, not the model (ids in it shown the one way, :mod:`..ids`)."""
        await self.add(Static(Text(ids.show_ids(text)), classes=f"note note-{kind}"))

    def post_note(self, text: str, kind: NoteKind = "info") -> None:
        """A note from outside a turn (e.g. an execution result); a running stream stays open."""
        self.mount(Static(Text(ids.show_ids(text)), classes=f"note note-{kind}"))

    async def clear_log(self) -> None:
        await self.end_stream()
        self._new_turn()
        await self.remove_children()
