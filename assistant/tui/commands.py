"""Command palette entries (ctrl+p) for the app's main actions.

Each entry runs the same action a key binding runs, so the palette is a discoverable index of the
keys, not a second way of doing things. Confirming here opens the confirm dialog; it never executes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import CoinPilotApp

EXAMPLE_GOAL = (
    "I have $5,000, moderate risk, BTC ETH SOL, nothing above 50%, rebalance when drift passes 5%"
)


class CoinPilotCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app = cast("CoinPilotApp", self.app)
        main = app.main
        yield "New chat", "Start an empty conversation (ctrl+n)", app.action_new_chat
        yield (
            "Conversations: open, start, delete",
            "The kept conversations (ctrl+b)",
            app.action_open_conversations,
        )
        yield "Journal: decisions and why", "Open the journal (ctrl+j)", app.action_open_journal
        yield (
            "Performance: against BTC and equal weight",
            "Returns and the equity chart (ctrl+g)",
            app.action_open_performance,
        )
        yield "Settings: model, market, mode", "Open settings (ctrl+s)", app.action_open_settings
        yield (
            "Confirm the latest preview…",
            "Opens the confirm dialog for the open preview (ctrl+y)",
            main.action_confirm_preview,
        )
        yield (
            "Watch a wallet (read-only)…",
            "Chain, public address and a name; shown under the portfolio",
            app.action_add_wallet,
        )
        yield "Stop the running answer", "Nothing is changed (escape)", main.action_stop
        yield "Refresh the portfolio", "Value it at current prices (ctrl+r)", main.action_refresh
        yield "Clear the chat", "Only the screen; the journal keeps everything", main.action_clear
        yield (
            "Example goal: $5,000, moderate, BTC ETH SOL",
            "Put an example goal in the prompt",
            lambda: main.suggest(EXAMPLE_GOAL),
        )
        yield (
            "Ask: why did you rebalance?",
            "Answered from the journal's decision record",
            lambda: main.ask("why did you rebalance?"),
        )

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
