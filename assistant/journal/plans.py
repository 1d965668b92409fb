"""Rebalance plans and the confirmations that executed or refused them.

A plan is stored exactly as shown, so reading it back gives a plan whose ``is_intact()`` holds;
the hash returned is the one in the indexed column, the one the person confirmed, so a payload
changed behind our back reads back as *not* intact and the engine refuses it.

A confirmation's life: ``started`` (once per plan: the execution began; written before any money
moves), then ``interrupted`` (any number of times: it stopped part-way), and finally one of
``executed`` or ``partial`` (once per plan, unique indexes); ``refused`` when the gate said no.
A plan started and not finished is *unfinished*: the engine resolves it before anything else
runs on its account. Nothing here decides whether a plan may run; the engine does.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from assistant.domain import JournalError, PlanError, RebalancePlan

from . import codec
from .schema import confirmations, plans
from .store import Store

_HEX = re.compile(r"^[0-9a-f]{8,64}$")
_STATUS = re.compile(r"^[a-z_]{1,32}$")
EXECUTED = "executed"
PARTIAL = "partial"
STARTED = "started"
FINISHED = (EXECUTED, PARTIAL)


def no_plan(plan_hash: str) -> PlanError:
    return PlanError(f"no plan with hash {plan_hash}; make a preview first, its hash is on it")


class PlanRecords(Store):
    def record_plan(self, plan: RebalancePlan) -> None:
        """Keep a sealed plan; recording the same plan again changes nothing."""
        if not plan.plan_hash:
            raise PlanError("refusing to record a plan without its hash; seal it (plan.sealed()).")
        if not plan.is_intact():
            raise PlanError(
                f"refusing to record plan {plan.plan_hash[:12]}: its hash does not match its "
                "content; make the plan again."
            )
        with self._writing() as conn:
            if self._plan_row(conn, plan.plan_hash) is not None:
                return
            self._insert(
                conn,
                plans,
                plan_hash=plan.plan_hash,
                spec_name=plan.spec_name,
                spec_version=plan.spec_version,
                spec_hash=plan.spec_hash,
                expires_at=codec.utc(plan.expires_at, "plan expiry"),
                at=codec.utc(plan.created_at, "plan creation"),
                payload=codec.dump(plan),
                account=plan.account,
            )

    def get_plan(self, plan_hash: str) -> RebalancePlan:
        """The plan with this hash, or with this unique prefix of at least 8 hex characters."""
        key = plan_hash.strip().lower()
        if not _HEX.match(key):
            raise PlanError(
                f"{plan_hash!r} is not a plan hash; use the hash the preview showed "
                "(at least its first 8 characters)."
            )
        query = select(plans.c.plan_hash, plans.c.payload)
        if len(key) == 64:
            query = query.where(plans.c.plan_hash == key)
        else:
            query = query.where(plans.c.plan_hash.startswith(key, autoescape=True))
        with self._reading() as conn:
            rows = conn.execute(query.limit(2)).all()
        if not rows:
            raise no_plan(plan_hash)
        if len(rows) > 1:
            raise PlanError(
                f"more than one plan starts with {plan_hash}; give more characters of the hash."
            )
        return self._plan(rows[0].plan_hash, rows[0].payload)

    def latest_plan(self, spec_name: str) -> RebalancePlan | None:
        """The most recently created plan for ``spec_name``."""
        query = (
            select(plans.c.plan_hash, plans.c.payload)
            .where(plans.c.spec_name == spec_name)
            .order_by(plans.c.at.desc(), plans.c.id.desc())
            .limit(1)
        )
        with self._reading() as conn:
            row = conn.execute(query).first()
        return None if row is None else self._plan(row.plan_hash, row.payload)

    def record_confirmation(self, plan_hash: str, status: str, message: str, at: datetime) -> None:
        """Keep what became of a confirm request (``status``: "executed", "refused", ...).

        A second ``started``, or a second ``executed``/``partial``, for one plan is refused.
        """
        if not _STATUS.match(status):
            raise JournalError(
                f"confirmation status {status!r} must be one short lowercase word, "
                "such as 'executed' or 'refused'."
            )
        when = codec.utc(at, "confirmation")
        with self._writing() as conn:
            account = conn.execute(
                select(plans.c.account).where(plans.c.plan_hash == plan_hash)
            ).scalar_one_or_none()
            if account is None:
                raise no_plan(plan_hash)
            if status in FINISHED:
                done = self._finished(conn, plan_hash)
                if done is not None:
                    stamp = done["at"].strftime("%Y-%m-%d %H:%M:%S")
                    raise PlanError(
                        f"plan {plan_hash[:12]} was already {_said(done['status'])} at {stamp} "
                        "UTC; a plan runs once, make a new preview."
                    )
            if status == STARTED and self._status(conn, plan_hash, (STARTED,)) is not None:
                raise PlanError(f"plan {plan_hash[:12]} has already started executing.")
            self._insert(
                conn,
                confirmations,
                plan_hash=plan_hash,
                status=status,
                message=message,
                at=when,
                account=account,
            )

    def confirmation_of(self, plan_hash: str) -> dict[str, Any] | None:
        """How a plan finished, executed or partial (plan_hash, status, message, at), if it did."""
        with self._reading() as conn:
            return self._finished(conn, plan_hash)

    def started_at(self, plan_hash: str) -> datetime | None:
        """When the plan's execution started, if it did."""
        with self._reading() as conn:
            row = self._status(conn, plan_hash, (STARTED,))
        return None if row is None else row["at"]

    def confirmations(self, plan_hash: str) -> list[dict[str, Any]]:
        """Every confirmation record of a plan, oldest first."""
        c = confirmations.c
        query = (
            select(c.plan_hash, c.status, c.message, c.at, c.account)
            .where(c.plan_hash == plan_hash)
            .order_by(c.id)
        )
        with self._reading() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def unfinished_plans(self, account: str | None = None) -> list[str]:
        """Plans whose execution started and never finished (of one account), oldest first."""
        c = confirmations.c
        finished = select(c.plan_hash).where(c.status.in_(FINISHED))
        query = select(c.plan_hash).where(c.status == STARTED, c.plan_hash.not_in(finished))
        if account is not None:
            query = query.where(c.account == account)
        with self._reading() as conn:
            return list(conn.execute(query.order_by(c.id)).scalars())

    def _finished(self, conn: Connection, plan_hash: str) -> dict[str, Any] | None:
        return self._status(conn, plan_hash, FINISHED)

    @staticmethod
    def _status(
        conn: Connection, plan_hash: str, statuses: tuple[str, ...]
    ) -> dict[str, Any] | None:
        c = confirmations.c
        query = (
            select(c.plan_hash, c.status, c.message, c.at)
            .where(c.plan_hash == plan_hash, c.status.in_(statuses))
            .order_by(c.id)
            .limit(1)
        )
        row = conn.execute(query).first()
        return None if row is None else dict(row._mapping)

    @staticmethod
    def _plan_row(conn: Connection, plan_hash: str) -> int | None:
        query = select(plans.c.id).where(plans.c.plan_hash == plan_hash)
        return conn.execute(query).scalar_one_or_none()

    def newest_plan(self, account: str | None = None) -> RebalancePlan | None:
        """The most recently created plan (on ``account`` when given)."""
        query = (
            select(plans.c.plan_hash, plans.c.payload)
            .order_by(plans.c.at.desc(), plans.c.id.desc())
            .limit(1)
        )
        if account is not None:
            query = query.where(plans.c.account == account)
        with self._reading() as conn:
            row = conn.execute(query).first()
        return None if row is None else self._plan(row.plan_hash, row.payload)

    def _plan(self, plan_hash: str, payload: str) -> RebalancePlan:
        return codec.load(
            RebalancePlan,
            payload,
            where=self.where,
            record=f"plan {plan_hash[:12]}",
            overrides={"plan_hash": plan_hash},
        )


def _said(status: str) -> str:
    return "executed" if status == EXECUTED else "recorded as partially executed"
