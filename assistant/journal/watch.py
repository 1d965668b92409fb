"""The watcher's records: per-strategy settings, checks, alerts, heartbeats; the demo clock.

All append-only: a setting changed is a new row (the newest per strategy wins), a check or an
alert is written once. Reads are bounded and go through an index (``spec_name, at`` or ``at``),
so a journal holding a year of hourly checks on ten strategies reads as fast as a fresh one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from assistant.domain.watch import AlertRecord, CheckRecord, Heartbeat, WatchSettings

from . import codec
from .schema import (
    decisions,
    demo_clock,
    watch_alerts,
    watch_checks,
    watch_heartbeats,
    watch_settings,
)
from .store import Store

#: The most rows one listing returns.
_MAX_ROWS = 10_000


class WatchRecords(Store):
    # -- settings -------------------------------------------------------------------------------
    def record_watch_settings(self, settings: WatchSettings, at: datetime) -> None:
        when = codec.utc(at, "watch settings")
        with self._writing() as conn:
            self._insert(
                conn,
                watch_settings,
                spec_name=settings.spec_name,
                at=when,
                payload=codec.dump(settings),
            )

    def watch_settings(self, spec_name: str) -> WatchSettings | None:
        """The newest settings of ``spec_name``; None when the person never set any."""
        t = watch_settings.c
        query = (
            select(t.payload)
            .where(t.spec_name == spec_name)
            .order_by(t.at.desc(), t.id.desc())
            .limit(1)
        )
        with self._reading() as conn:
            payload = conn.execute(query).scalar_one_or_none()
        if payload is None:
            return None
        return codec.load(WatchSettings, payload, where=self.where, record="watch settings")

    # -- checks -----------------------------------------------------------------------------------
    def record_check(self, check: CheckRecord) -> None:
        when = codec.utc(check.at, "watch check")
        with self._writing() as conn:
            self._insert(
                conn,
                watch_checks,
                spec_name=check.spec_name,
                outcome=check.outcome,
                value=None if check.value is None else str(check.value),
                at=when,
                payload=codec.dump(check),
            )

    def checks(
        self, spec_name: str | None = None, *, limit: int = 50, since: datetime | None = None
    ) -> list[CheckRecord]:
        """The newest checks (of one strategy when named, after ``since`` when given)."""
        t = watch_checks.c
        query = select(t.id, t.payload)
        if spec_name is not None:
            query = query.where(t.spec_name == spec_name)
        if since is not None:
            query = query.where(t.at >= codec.utc(since, "since"))
        count = min(max(0, limit), _MAX_ROWS)
        query = query.order_by(t.at.desc(), t.id.desc()).limit(count)
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [
            codec.load(CheckRecord, payload, where=self.where, record=f"watch check #{row_id}")
            for row_id, payload in rows
        ]

    def check_values(self, spec_name: str, since: datetime) -> list[tuple[datetime, str]]:
        """``(at, value)`` of a strategy's valued checks since ``since``, oldest first.

        Reads the ``value`` column alone (no payload), so the risk rules stay cheap on a year
        of hourly checks.
        """
        t = watch_checks.c
        query = (
            select(t.at, t.value)
            .where(
                t.spec_name == spec_name, t.at >= codec.utc(since, "since"), t.value.is_not(None)
            )
            .order_by(t.at, t.id)
        )
        with self._reading() as conn:
            return [(at, str(value)) for at, value in conn.execute(query)]

    def decided_strategies(self) -> list[str]:
        """The names of every strategy with at least one executed decision (the watchable ones)."""
        query = select(decisions.c.spec_name).distinct().order_by(decisions.c.spec_name)
        with self._reading() as conn:
            return [str(name) for name in conn.execute(query).scalars()]

    # -- alerts -----------------------------------------------------------------------------------
    def record_alert(self, alert: AlertRecord) -> None:
        when = codec.utc(alert.at, "alert")
        with self._writing() as conn:
            self._insert(
                conn, watch_alerts, spec_name=alert.spec_name, at=when, payload=codec.dump(alert)
            )

    def alerts(self, limit: int = 20) -> list[AlertRecord]:
        t = watch_alerts.c
        count = min(max(0, limit), _MAX_ROWS)
        query = select(t.id, t.payload).order_by(t.at.desc(), t.id.desc()).limit(count)
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [
            codec.load(AlertRecord, payload, where=self.where, record=f"alert #{row_id}")
            for row_id, payload in rows
        ]

    # -- heartbeats -------------------------------------------------------------------------------
    def record_heartbeat(self, beat: Heartbeat) -> None:
        when = codec.utc(beat.at, "heartbeat")
        with self._writing() as conn:
            self._insert(
                conn,
                watch_heartbeats,
                instance=beat.instance,
                account=beat.account,
                at=when,
                payload=codec.dump(beat),
            )

    def latest_heartbeat(
        self, account: str | None = None, *, every_account: bool = False
    ) -> Heartbeat | None:
        """The newest beat: of ``account``'s watcher when named, of a round over every account
        when ``every_account``, else of any."""
        t = watch_heartbeats.c
        query = select(t.payload)
        if account is not None:
            query = query.where(t.account == account)
        elif every_account:
            query = query.where(t.account.is_(None))
        query = query.order_by(t.at.desc(), t.id.desc()).limit(1)
        with self._reading() as conn:
            payload = conn.execute(query).scalar_one_or_none()
        if payload is None:
            return None
        return codec.load(Heartbeat, payload, where=self.where, record="the latest heartbeat")

    # -- the demo clock ---------------------------------------------------------------------------
    def record_demo_offset(self, offset: timedelta, at: datetime, note: str) -> None:
        """Set how far the demo market's clock runs ahead of the wall clock (whole seconds)."""
        when = codec.utc(at, "demo clock")
        seconds = int(offset.total_seconds())
        with self._writing() as conn:
            self._insert(conn, demo_clock, offset_seconds=seconds, note=note, at=when)

    def demo_offset(self) -> timedelta:
        """How far the demo clock runs ahead of the wall clock; zero when it never moved."""
        t = demo_clock.c
        query = select(t.offset_seconds).order_by(t.id.desc()).limit(1)
        with self._reading() as conn:
            seconds = conn.execute(query).scalar_one_or_none()
        return timedelta(seconds=int(seconds or 0))

    def demo_clock_moves(self) -> int:
        with self._reading() as conn:
            return int(conn.execute(select(func.count()).select_from(demo_clock)).scalar_one())
