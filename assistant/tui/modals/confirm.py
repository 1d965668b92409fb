"""The last question before any order: "execute exactly this plan?", with focus on Cancel.

It shows the exact orders, fees and what cannot execute for one plan hash, and answers True only
when the person presses Confirm (or ``y``). Enter on the default focus cancels, Escape and ``n``
cancel. A plan on an exchange account is unmistakable: a red LIVE banner (yellow TESTNET), and
Confirm stays disabled until the person has typed the plan's confirmation phrase
(``LIVE 3 orders 1,234.56 USDT``), which is then kept in :attr:`ConfirmModal.typed` for the
engine to check again; ``y`` does nothing there. Executing is the caller's job; this dialog only
asks.

The banner, the question, the phrase and the buttons stay in view at any terminal size; only the
plan between them scrolls (the whole dialog used to scroll, and with focus on Cancel the question
scrolled away).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from assistant.presentation.badges import BADGE_MEANS
from assistant.presentation.plan_tables import PlanView

if TYPE_CHECKING:
    from assistant.domain import RebalancePlan

#: What stays in view whatever the plan's length (the plan scrolls between them).
_FIXED = "#live-banner, #testnet-banner, #question, #type-this, #typed, .buttons"


class ConfirmModal(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal #dialog {
        width: 96;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        padding: 1 2;
        border: thick $warning;
        background: $surface;
    }
    ConfirmModal.-live #dialog { border: thick $error; }
    ConfirmModal.-narrow #dialog { padding: 0 1; }
    ConfirmModal #question { text-style: bold; margin-bottom: 1; }
    ConfirmModal #plan { height: auto; }
    ConfirmModal .buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmModal Button { margin-left: 2; }
    ConfirmModal #live-banner {
        background: $error; color: $text; text-style: bold; padding: 0 1; margin-bottom: 1;
    }
    ConfirmModal #testnet-banner {
        background: $warning; color: $background; padding: 0 1; margin-bottom: 1;
    }
    ConfirmModal #type-this { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Confirm", id="confirm-yes", tooltip="Execute this plan"),
        Binding("n", "answer(False)", "Cancel", id="confirm-no", tooltip="Do nothing"),
        Binding("escape", "answer(False)", "Cancel", show=False, id="confirm-escape"),
    ]

    AUTO_FOCUS = "#cancel"

    def __init__(self, plan: RebalancePlan, mode: str = "paper") -> None:
        super().__init__()
        self.plan = plan
        self.mode = mode
        #: What the person typed (live plans); None for a paper plan or before it matches.
        self.typed: str | None = None
        self.phrase = _phrase(plan)
        if plan.account_badge == "LIVE":
            self.add_class("-live")

    def compose(self) -> ComposeResult:
        plan = self.plan
        count = len(plan.orders)
        badge = plan.account_badge
        with Vertical(id="dialog"):
            if badge in ("LIVE", "TESTNET"):
                yield Static(
                    f" {badge}: account {plan.account}{BADGE_MEANS[badge]} ",
                    id=f"{badge.lower()}-banner",
                    markup=False,
                )
            where = f"on {plan.account} ({badge})"
            if badge == "PAPER":
                where = f"in {self.mode.upper()} mode"
            yield Static(
                Text(
                    f"Execute exactly this plan {where}? "
                    f"{count} order{'s' if count != 1 else ''} will be sent.",
                ),
                id="question",
            )
            with VerticalScroll(id="plan"):
                yield Static(PlanView(plan, with_weights=False, full_hash=True), id="body")
            if self.phrase is not None:
                yield Static(Text(f"Type exactly: {self.phrase}"), id="type-this")
                yield Input(placeholder=self.phrase, id="typed")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (n)", id="cancel", variant="primary")
                yield Button(
                    "Confirm (y)" if self.phrase is None else "Confirm",
                    id="confirm",
                    variant="error" if badge == "LIVE" else "warning",
                    disabled=self.phrase is not None,
                )

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Give the plan what the screen leaves after the fixed parts.

        CSS cannot say "the rest of an auto-height dialog", so it is measured here.
        """
        dialog = self.query_one("#dialog")
        fixed = sum(w.outer_size.height + w.styles.margin.height for w in self.query(_FIXED))
        room = int(self.size.height * 0.9) - fixed - dialog.styles.gutter.height
        self.query_one("#plan").styles.max_height = max(3, room)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A live plan is confirmed by typing its phrase, never by the y key.
        return not (action == "answer" and self.phrase is not None and parameters != (False,))

    def action_answer(self, yes: bool) -> None:
        if yes and not self._typed_ok():
            return
        self.dismiss(yes)

    @on(Input.Changed, "#typed")
    def _typing(self, event: Input.Changed) -> None:
        self.query_one("#confirm", Button).disabled = not self._typed_ok()

    @on(Input.Submitted, "#typed")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._typed_ok():
            self.dismiss(True)

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        if self._typed_ok():
            self.dismiss(True)

    def _typed_ok(self) -> bool:
        if self.phrase is None:
            return True
        typed = " ".join(self.query_one("#typed", Input).value.split())
        if typed != self.phrase:
            self.typed = None
            return False
        self.typed = typed
        return True

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(False)


def _phrase(plan: RebalancePlan) -> str | None:
    """The phrase to type for a plan on an exchange account; None for a paper plan."""
    if plan.account_badge == "PAPER":
        return None
    from assistant.engine import confirmation_phrase

    return confirmation_phrase(plan)
