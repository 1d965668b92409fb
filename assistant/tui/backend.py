"""What the app talks to: the engine's services and one agent session, opened off the UI thread.

The app imports this module only inside a worker, after the first paint: importing the engine and
the agent (pandas, scipy, SQLAlchemy, LangChain) takes seconds. Every engine call the app makes goes
through here, so the widgets stay free of business logic. Nothing here may execute a plan on its
own: :meth:`Backend.execute` runs only when the person pressed Confirm.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from assistant.agent.session import AgentSession
from assistant.config import CONFIG_FILENAME, Settings, load_settings
from assistant.domain import Decision, PlanError, RebalancePlan, Wallet
from assistant.engine import (
    Explanation,
    PortfolioStatus,
    Services,
    WalletReport,
    add_wallet,
    execute_plan,
    explain_decision,
    list_wallets,
    plan_rebalance,
    portfolio_status,
    wallet_balances,
)
from assistant.journal import ChatMessage, ConversationSummary, DecisionRow, JournalEntry
from assistant.presentation import ids

if TYPE_CHECKING:
    from assistant.engine.performance import Performance

SessionFactory = Callable[[Services], AgentSession]


def default_session(services: Services) -> AgentSession:
    from assistant.agent.factory import open_session

    return open_session(services)


@dataclass
class Backend:
    services: Services
    session: AgentSession
    owns_services: bool = True  # False when a test handed the services in

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def market_label(self) -> str:
        market = self.services.market
        return f"{market.name} · SIMULATED" if market.simulated else market.name

    def status(self) -> PortfolioStatus:
        return portfolio_status(self.services)

    def wallets(self, quote: str) -> WalletReport | None:
        """The watched wallets read and priced in ``quote``; None when none are watched (then
        nothing is read and the portfolio pane shows the paper account alone)."""
        if not list_wallets(self.services):
            return None
        return wallet_balances(self.services, quote=quote)

    def add_wallet(self, name: str, chain: str, address: str) -> Wallet:
        """Watch a wallet: the engine's ``add_wallet``, the CLI's checks; bad input adds nothing."""
        return add_wallet(self.services, name, chain, address)

    def execute(self, plan_hash: str, typed: str | None = None) -> tuple[Decision, PortfolioStatus]:
        """The confirmation gate, then the plan's account as it now stands. ``typed``: the
        confirmation phrase the person typed, which a live account needs."""
        decision = execute_plan(self.services, plan_hash, typed=typed)
        return decision, portfolio_status(self.services, account=decision.account)

    def record_holdings(self, holdings: dict[str, str]) -> tuple[str, PortfolioStatus]:
        """The person pressed Record holdings: write them on the conversation's strategy's paper
        account (an import, journaled), and return the account and how it now stands."""
        from assistant.engine import add_holdings, holdings_account

        account = holdings_account(self.services, self.session.strategy_name)
        add_holdings(self.services, holdings, account, "typed in the chat, recorded in the app")
        return account, portfolio_status(self.services, account=account)

    def now(self) -> datetime:
        """The engine's clock: what "expired" is measured against."""
        return self.services.clock.now()

    def refresh(self, plan: RebalancePlan) -> RebalancePlan:
        """A fresh preview of the strategy an expired ``plan`` was made for, at current prices,
        on the same account.

        Only while that strategy is still the latest version: a preview of an older one could
        never be confirmed (the engine refuses plans of a changed spec).
        """
        spec = self.services.journal.latest_spec(plan.spec_name)
        if spec is None or spec.content_hash() != plan.spec_hash:
            raise PlanError(
                f"The strategy '{plan.spec_name}' changed since plan "
                f"{ids.show_id(plan.plan_hash)}; its newest preview is the one to confirm."
            )
        return plan_rebalance(
            self.services,
            spec,
            model_id=plan.model_id,
            prompt_version=plan.prompt_version,
            account=plan.account,
        )

    def reconcile_on_start(self) -> list[tuple[str, str, bool]]:
        """The reconciliation gate on every exchange account, once per session (see
        ``assistant.engine.reconciliation``): ``(account, what it found, ok)``."""
        from assistant.engine import reconcile_on_start

        return reconcile_on_start(self.services)

    def explain(self, decision_id: str | None) -> Explanation:
        return explain_decision(self.services, decision_id)

    def decision_rows(self, limit: int = 50, older_than: str | None = None) -> list[DecisionRow]:
        """A page of the decisions list (see ``Journal.decision_rows``)."""
        return self.services.journal.decision_rows(limit, older_than=older_than)

    def entries(self, limit: int = 100) -> list[JournalEntry]:
        return self.services.journal.entries(limit)

    def performance(self) -> Performance | None:
        """The paper account against BTC and equal weight; None before any execution."""
        from assistant.engine.performance import account_performance

        status = self.status()
        return account_performance(self.services, status.quote, status.account)

    # -- conversations: the journal keeps them, the session goes on with one -----------------------

    @property
    def conversation_id(self) -> str:
        return self.session.conversation_id

    def conversations(self, limit: int = 100) -> list[ConversationSummary]:
        return self.services.journal.conversations(limit)

    def resume(self, conversation_id: str) -> list[ChatMessage]:
        """Go on with a kept conversation; its messages, for the chat to show again."""
        said = self.services.journal.messages(conversation_id)
        self.session.switch_conversation(conversation_id, [(m.role, m.content) for m in said])
        return said

    def executed(self, plan_hashes: list[str]) -> dict[str, Decision]:
        """The decision each of these plans ended in, for those that were executed: a reopened
        conversation's preview card then says so instead of offering Confirm again."""
        journal = self.services.journal
        found = {h: journal.decision_for_plan(h) for h in dict.fromkeys(plan_hashes)}
        return {h: d for h, d in found.items() if d is not None}

    def continue_from(self, old: Backend) -> None:
        """Services were re-opened (settings): the chat on screen goes on under the same id."""
        self.session.switch_conversation(old.conversation_id)
        self.session.history = list(old.session.history)

    def new_conversation(self) -> None:
        self.session.switch_conversation()

    def forget(self, conversation_id: str) -> int:
        """Delete a conversation's messages (decisions and orders stay); a forgotten current
        conversation is replaced by a new one, so its next message is not filed under it."""
        gone = self.services.journal.forget_conversation(conversation_id)
        if conversation_id == self.conversation_id:
            self.new_conversation()
        return gone

    def close(self) -> None:
        if self.owns_services:
            self.services.close()


def open_backend(
    services: Services | None = None,
    session_factory: SessionFactory | None = None,
    settings: Settings | None = None,
    market: str | None = None,
) -> Backend:
    """Services (unless handed in) and an agent session on them, with the market warmed up."""
    owns = services is None
    if services is None:
        services = Services.open(settings or load_settings(), market=market)
    try:
        session = (session_factory or default_session)(services)
        services.market.markets()  # fail here, in the loading worker, if the market is broken
    except BaseException:
        if owns:
            services.close()
        raise
    return Backend(services=services, session=session, owns_services=owns)


def reopen(
    values: dict[str, Any], session_factory: SessionFactory | None = None
) -> tuple[Backend, PortfolioStatus, str]:
    """Open services with the settings screen's ``values``; only then save them to config.toml.

    A market or model that fails to open is reported and nothing is written, so a typo cannot
    leave a config file that stops the next start.
    """
    from .config_file import update_config

    settings = load_settings(**{k: v for k, v in values.items()})
    backend = open_backend(session_factory=session_factory, settings=settings)
    try:
        status = backend.status()
        path = settings.home / CONFIG_FILENAME
        update_config(path, values)
    except BaseException:
        backend.close()
        raise
    return backend, status, str(path)  # the real path, as a person would open it


def plan_from(data: dict[str, Any]) -> RebalancePlan:
    """The preview dict a tool returned, as the sealed plan it describes."""
    return RebalancePlan.model_validate(data)
