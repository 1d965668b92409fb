"""Which account a plan or portfolio is on, drawn the same way on every surface.

PAPER is green, TESTNET yellow (the exchange's sandbox: no real money), LIVE red: a person must
never mistake an order on a real exchange account for a simulation, in the app's status bar, its
portfolio pane, the confirm dialog, or the CLI's preview.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from .text import safe

if TYPE_CHECKING:
    from assistant.domain import RebalancePlan

#: The colour of each account badge.
BADGE_STYLES = {
    "PAPER": "bold black on green",
    "LIVE": "bold white on red",
    "TESTNET": "bold black on yellow",
}
#: What each badge means, after the account's name.
BADGE_MEANS = {
    "PAPER": "",
    "LIVE": ": real orders, real money",
    "TESTNET": ": the exchange's testnet, no real money",
}


def badge_style(badge: str) -> str:
    return BADGE_STYLES.get(badge, BADGE_STYLES["PAPER"])


def badge_text(badge: str) -> Text:
    """`` LIVE `` in its colour."""
    return Text(f" {badge} ", style=badge_style(badge))


def account_line(plan: RebalancePlan) -> Text:
    """`` LIVE  account binance-main: real orders, real money`` for the top of a preview."""
    badge = plan.account_badge
    means = BADGE_MEANS.get(badge, "")
    return Text.assemble(
        badge_text(badge),
        (safe(f" account {plan.account}{means}"), "bold red" if badge == "LIVE" else ""),
    )
