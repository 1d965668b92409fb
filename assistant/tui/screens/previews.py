"""What a screen with order previews does with them: confirm, cancel, expire, refresh.

A preview becomes orders one way only: the person presses Confirm (or ctrl+y), the confirm dialog
opens with focus on Cancel, and only its Confirm runs ``execute_plan`` in a worker. A preview that
expired does not open that dialog: it says so and offers a fresh preview of the same strategy,
which trades nothing. Refusals are shown as the engine words them, plus what to press here; never
a CLI command. Nothing the model says reaches this path.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import on, work
from textual.screen import Screen

from assistant.presentation import ids

from ..crash import logged
from ..modals.confirm import ConfirmModal
from ..modals.expired import ExpiredModal
from ..widgets.preview_card import PreviewCard
from ..widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from assistant.domain import Decision, RebalancePlan
    from assistant.engine import PortfolioStatus

    from ..backend import Backend
    from ..widgets.chat_pane import ChatPane

REFRESH_HINT = "Press Refresh preview on it (or ctrl+y) for a fresh one."


class PreviewScreen(Screen[None]):
    """A screen whose chat holds previews; subclasses provide ``chat`` and ``show_status``."""

    def __init__(self) -> None:
        super().__init__()
        self.backend: Backend | None = None
        self._preview: PreviewCard | None = None  # the newest preview, open or not

    @property
    def chat(self) -> ChatPane:
        raise NotImplementedError

    def show_status(self, status: PortfolioStatus) -> None:
        raise NotImplementedError

    def _card(self, plan_hash: str) -> PreviewCard | None:
        return next((c for c in self.query(PreviewCard) if c.plan.plan_hash == plan_hash), None)

    def _activity(self, activity: str) -> None:
        self.post_message(StatusBar.Activity(activity))

    # -- expiry -----------------------------------------------------------------------------------

    def watch_expiry(self, card: PreviewCard) -> None:
        """Mark ``card`` expired when its plan does, by the engine's clock."""
        if self.backend is not None:
            left = (card.plan.expires_at - self.backend.now()).total_seconds()
            self.set_timer(max(left, 0.0) + 0.5, partial(self._expired, card))

    def _expired(self, card: PreviewCard) -> bool:
        """True (and the card says so) when ``card``'s plan has expired."""
        if self.backend is None or self.backend.now() <= card.plan.expires_at:
            return card.expired
        card.expire()
        self.refresh_bindings()
        return True

    # -- the person's buttons and keys ------------------------------------------------------------

    @on(PreviewCard.ConfirmRequested)
    def _confirm_requested(self, event: PreviewCard.ConfirmRequested) -> None:
        card = self._card(event.plan_hash)
        if card is not None:
            self._ask_confirm(card)

    @on(PreviewCard.Dismissed)
    def _dismissed(self, event: PreviewCard.Dismissed) -> None:
        card = self._card(event.plan_hash)
        if card is not None and card.is_open:
            card.close("Cancelled. Nothing was traded.")
        self.refresh_bindings()

    @on(PreviewCard.RefreshRequested)
    def _refresh_requested(self, event: PreviewCard.RefreshRequested) -> None:
        card = self._card(event.plan_hash)
        if card is not None and card.expired and self.backend is not None:
            self._refresh_preview(self.backend, card)

    def action_confirm_preview(self) -> None:
        card = self._preview
        if card is None or not (card.is_open or card.expired):
            self.notify("There is no open preview to confirm; describe a goal first.")
            return
        self._ask_confirm(card)

    def _ask_confirm(self, card: PreviewCard) -> None:
        backend = self.backend
        if backend is None:
            return
        if self._expired(card):
            self._offer_refresh(backend, card)
            return
        if not card.is_open:
            return

        modal = ConfirmModal(card.plan, backend.settings.mode)

        async def answered(yes: bool | None) -> None:
            if yes:
                self._activity("executing…")
                self._execute(backend, card, modal.typed)
            else:
                await self.chat.log_view.note(
                    f"Not confirmed: plan {ids.show_id(card.plan.plan_hash)} was not executed and "
                    "nothing was traded."
                )

        self.app.push_screen(modal, answered)

    def _offer_refresh(self, backend: Backend, card: PreviewCard) -> None:
        def answered(yes: bool | None) -> None:
            if yes and card.expired:
                self._refresh_preview(backend, card)

        self.app.push_screen(ExpiredModal(card.plan), answered)

    # -- workers ----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="execute")
    def _execute(self, backend: Backend, card: PreviewCard, typed: str | None) -> None:
        """``typed``: the phrase the person typed in the dialog (a live plan), checked again."""
        from assistant.domain import CoinPilotError, PlanError

        try:
            decision, status = backend.execute(card.plan.plan_hash, typed)
        except CoinPilotError as exc:
            final = isinstance(exc, PlanError)  # expired, superseded, changed: never retryable
            self.app.call_from_thread(self._refused, card, exc.message, exc.hint, final)
        except Exception as exc:  # never a traceback in the UI
            where = logged(exc, backend.settings.home, "execute")
            message = f"Executing failed unexpectedly: {where}"
            self.app.call_from_thread(self._refused, card, message, None, False)
        else:
            self.app.call_from_thread(self._executed, card, decision, status)

    def _executed(self, card: PreviewCard, decision: Decision, status: PortfolioStatus) -> None:
        filled = sum(1 for r in decision.results if r.status == "filled")
        where = venue(card.plan)
        card.close(f"Executed {where}: decision {ids.show_id(decision.decision_id, 'decision')}.")
        self.show_status(status)
        self.refresh_bindings()
        self.chat.log_view.post_note(
            f"Executed plan {ids.show_id(decision.plan_hash)} {where}: {filled} of "
            f"{len(decision.results)} orders filled. Decision "
            f"{ids.show_id(decision.decision_id, 'decision')} is in the "
            'journal: ask "why did you rebalance?" or open it with ctrl+j.',
            "ok",
        )
        self._activity("ready")

    def _refused(self, card: PreviewCard, message: str, hint: str | None, final: bool) -> None:
        if final and self._expired(card):  # it expired while the dialog was open
            hint = REFRESH_HINT
        elif final:
            card.close(message)
        self.refresh_bindings()
        self.chat.log_view.post_note(message + (f" {hint}" if hint else ""), "error")
        self.notify(message, title="Not executed", severity="error")
        self._activity("ready")

    @work(thread=True, exclusive=True, group="execute")
    def _refresh_preview(self, backend: Backend, card: PreviewCard) -> None:
        from assistant.domain import CoinPilotError

        self.app.call_from_thread(self._activity, "previewing…")
        try:
            plan = backend.refresh(card.plan)
        except CoinPilotError as exc:
            self.app.call_from_thread(self._refresh_failed, exc.message)
        except Exception as exc:  # never a traceback in the UI
            self.app.call_from_thread(
                self._refresh_failed, logged(exc, backend.settings.home, "refresh preview")
            )
        else:
            self.app.call_from_thread(self._refreshed, card, plan)

    def _refreshed(self, card: PreviewCard, plan: RebalancePlan) -> None:
        note = (
            f"Fresh preview of '{plan.spec_name}' v{plan.spec_version} at current prices "
            f"(plan {ids.show_id(card.plan.plan_hash)} had expired)."
        )
        self.call_later(self.chat.add_preview, plan, note)
        self._activity("ready")

    def _refresh_failed(self, message: str) -> None:
        self.chat.log_view.post_note(f"No fresh preview: {message}", "error")
        self.notify(message, title="No fresh preview", severity="error")
        self._activity("ready")


def venue(plan: RebalancePlan) -> str:
    """``in paper mode`` for a paper account, ``LIVE on binance-main`` for an exchange one."""
    if plan.account_badge == "PAPER":
        return "in paper mode"
    return f"{plan.account_badge} on {plan.account}"
