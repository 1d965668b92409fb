"""Which account a strategy runs on: the one it is bound to, one named, or its own paper account.

A strategy is bound to one account when it is first planned: the account named with
``--account``, else a paper account of its own (``paper-<strategy>``), funded with the spec's
capital on its first confirm, so two strategies never trade each other's coins and a $2,000
goal never spends a $10,000 account. Naming another account moves the strategy there (recorded);
an account runs one strategy at a time. Nothing is written here: :func:`choose_account` says
what to record, and planning records it together with the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain import (
    Account,
    PlanError,
    StrategySpec,
    UserInputError,
    check_account_name,
    paper_name_for,
)

from .services import Services


@dataclass(frozen=True)
class AccountChoice:
    account: Account
    #: The account does not exist yet: record it with the plan.
    create: bool = False
    #: The strategy is not bound to it yet: record the binding with this note.
    bind: str | None = None


def choose_account(services: Services, spec: StrategySpec, requested: str | None) -> AccountChoice:
    """The account ``spec`` plans on (see the module docstring); refuses a clash with a reason."""
    journal = services.journal
    bound = journal.account_of(spec.name)
    if requested is not None:
        name = check_account_name(requested)
        account = journal.get_account(name)
        choice = AccountChoice(account, bind=None if bound == name else _moved(bound, name))
    elif bound is not None:
        choice = AccountChoice(journal.get_account(bound))
    else:
        choice = _own_paper_account(services, spec)
    _check_fit(services, spec, choice)
    return choice


def _own_paper_account(services: Services, spec: StrategySpec) -> AccountChoice:
    journal = services.journal
    base = paper_name_for(spec.name)
    for n in range(1, 100):
        name = base if n == 1 else f"{base}-{n}"
        found = journal.find_account(name)
        if found is None:
            account = Account(
                name=name, kind="paper", quote=spec.quote, created_at=services.clock.now()
            )
            note = "its own paper account, funded with the spec's capital on the first confirm"
            return AccountChoice(account, create=True, bind=note)
        if not found.is_exchange and not journal.strategies_on(name):
            return AccountChoice(found, bind="its own paper account")
    raise UserInputError(
        f"strategy '{spec.name}' has no account and every paper-… name for it is taken.",
        hint="Name one with `--account NAME` (`coinpilot account add NAME --paper`).",
    )


def _check_fit(services: Services, spec: StrategySpec, choice: AccountChoice) -> None:
    account = choice.account
    if choice.bind is not None and not choice.create:
        others = [s for s in services.journal.strategies_on(account.name) if s != spec.name]
        if others:
            raise PlanError(
                f"account {account.name} runs the strategy '{others[0]}'; an account runs one "
                "strategy at a time, so the two never trade each other's coins.",
                hint=f"Give '{spec.name}' an account of its own (`coinpilot account add NAME "
                "--paper --capital N`), or move the other strategy first.",
            )
    if account.quote != spec.quote:
        raise PlanError(
            f"account {account.name} keeps its cash in {account.quote} and the spec's quote is "
            f"{spec.quote}.",
            hint="Use an account with the same quote currency, or change the spec's quote.",
        )
    mode = spec.execution.mode
    if mode == "live" and not account.is_exchange:
        raise PlanError(
            f"the spec asks for execution.mode = 'live' and {account.label} is a paper account.",
            hint="Plan it with --account NAME of an exchange account (`coinpilot account add NAME "
            '--exchange ID`), or set mode = "paper" in the spec\'s [execution] section.',
        )
    if mode != "live" and account.is_exchange:
        raise PlanError(
            f"{account.label} sends orders to an exchange and the spec says execution.mode = "
            "'paper'.",
            hint='Set mode = "live" in the spec\'s [execution] section to plan it on this account.',
        )


def _moved(bound: str | None, name: str) -> str:
    return "named with --account" if bound is None else f"moved from account {bound}"
