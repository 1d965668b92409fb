"""The journal as one timeline: every kind of record merged, newest first, one line each.

This is what ``coinpilot journal`` and the TUI's journal view show, so each summary is a sentence
a person can read without the payload, and each entry carries the ref to look the record up by.
Figures are written the way every surface writes them (:mod:`assistant.numbers`): fees to the
cent, prices to their significant digits, quantities exactly; the payload keeps the raw values.
It only reads; summaries are built from what was stored, never from live data.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from sqlalchemy import RowMapping, Select, Table, literal, select, union_all

from assistant.domain import UserInputError
from assistant.numbers import money, price, quantity

from . import codec
from .records import ENTRY_KINDS, EntryKind, JournalEntry
from .schema import (
    account_events,
    accounts,
    confirmations,
    decisions,
    deposits,
    fills,
    order_intents,
    order_results,
    plans,
    specs,
    watch_alerts,
)
from .store import Store

Row = RowMapping
Describe = Callable[[Row, dict[str, Any]], tuple[str, str]]  # -> (ref, summary)


def _account(row: Row, p: dict[str, Any]) -> tuple[str, str]:
    venue = "paper" if p["kind"] == "paper" else f"{p['exchange']}"
    if p.get("sandbox"):
        venue += " TESTNET"
    return row["name"], f"account {row['name']} added ({venue}, quote {p['quote']})"


def _spec(row: Row, p: dict[str, Any]) -> tuple[str, str]:
    source = f" from {row['source']}" if row["source"] else ""
    return row["content_hash"], f"spec {p['name']} v{p['version']} recorded{source}"


def _plan(row: Row, p: dict[str, Any]) -> tuple[str, str]:
    skipped = f", {len(p['unexecutable'])} cannot execute" if p["unexecutable"] else ""
    return row["plan_hash"], (
        f"plan {row['plan_hash'][:12]} for {p['spec_name']} v{p['spec_version']} "
        f"({p['trigger']}): {len(p['orders'])} orders{skipped}, "
        f"fees {money(p['total_fees'], p['quote'])}"
    )


def _confirmation(row: Row, p: dict[str, Any]) -> tuple[str, str]:
    message = f": {row['message']}" if row["message"] else ""
    return row["plan_hash"], f"plan {row['plan_hash'][:12]} {row['status']}{message}"


def _deposit(row: Row, p: dict[str, Any]) -> tuple[str, str]:
    note = f" ({row['note']})" if row["note"] else ""
    kind, asset = row["kind"], row["asset"]
    # Money put in or a plan's funding is cash (to the cent); imported holdings keep their digits.
    amount = (
        f"{quantity(row['amount'])} {asset}"
        if kind in ("import", "adjustment")
        else money(row["amount"], asset)
    )
    return f"{kind}-{row['id']}", f"{kind} {amount} into {row['account']}{note}"


def _intent(row: Row, p: dict[str, Any]) -> tuple[str, str]:
    return row["client_order_id"], (
        f"intent {p['side']} {quantity(p['quantity'])} {p['symbol']} for plan {p['plan_hash'][:12]}"
    )


def _order(row: Row, p: dict[str, Any]) -> tuple[str, str]:
    message = f" ({p['message']})" if p["message"] else ""
    return row["client_order_id"], (
        f"order {p['side']} {p['symbol']} {p['status']}: {quantity(p['filled'])} of "
        f"{quantity(p['requested'])}{message}"
    )


def _fill(row: Row, p: dict[str, Any]) -> tuple[str, str]:
    currency = p["fee_currency"]
    in_quote = str(p["symbol"]).endswith(f"/{currency}")  # else a base-asset fee: keep its digits
    fee = money(p["fee"], currency) if in_quote else f"{quantity(p['fee'])} {currency}"
    return row["client_order_id"], (
        f"fill {p['side']} {quantity(p['quantity'])} {p['symbol']} at {price(p['price'])} "
        f"(fee {fee})"
    )


def _decision(row: Row, p: dict[str, Any]) -> tuple[str, str]:
    return row["decision_id"], (
        f"decision {row['decision_id']}: {p['kind']} of {p['spec_name']} v{p['spec_version']} "
        f"({p['trigger']}: {p['trigger_detail']}), plan {p['plan_hash'][:12]}"
    )


def _event(row: Row, p: dict[str, Any]) -> tuple[str, str]:
    where = "every account" if row["account"] == "*" else f"account {row['account']}"
    message = f": {row['message']}" if row["message"] else ""
    return f"event-{row['id']}", f"{row['kind']} on {where}{message}"


def _alert(row: Row, p: dict[str, Any]) -> tuple[str, str]:
    """A watcher's alert: what it said, and where it could not be delivered."""
    failed = sorted(name for name, outcome in p.get("delivered", {}).items() if outcome != "sent")
    missed = f" (not delivered to {', '.join(failed)})" if failed else ""
    return f"alert-{row['id']}", f"alert {p['title']}: {p['body']}{missed}"


def _columns(row: Row, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: row[name].isoformat() if name == "at" else row[name] for name in names}


#: The most entries one call returns (far more than any screen shows).
MAX_ENTRIES = 1_000_000

_SOURCES: dict[EntryKind, tuple[Table, Describe]] = {
    "account": (accounts, _account),
    "spec": (specs, _spec),
    "plan": (plans, _plan),
    "confirmation": (confirmations, _confirmation),
    "deposit": (deposits, _deposit),
    "intent": (order_intents, _intent),
    "order": (order_results, _order),
    "fill": (fills, _fill),
    "decision": (decisions, _decision),
    "event": (account_events, _event),
    "alert": (watch_alerts, _alert),
}
_NO_PAYLOAD: dict[str, tuple[str, ...]] = {
    "confirmation": ("plan_hash", "status", "message", "at"),
    "deposit": ("asset", "amount", "note", "at", "account", "kind", "plan_hash"),
}


class Timeline(Store):
    def entries(self, limit: int = 50, kinds: set[str] | None = None) -> list[JournalEntry]:
        """The newest ``limit`` records of the given kinds (all kinds when None), newest first."""
        wanted = set(ENTRY_KINDS) if kinds is None else set(kinds)
        unknown = wanted - set(ENTRY_KINDS)
        if unknown:
            raise UserInputError(
                f"unknown journal entry kind {', '.join(sorted(unknown))}; "
                f"choose from {', '.join(ENTRY_KINDS)}"
            )
        if limit <= 0:
            return []
        limit = min(limit, MAX_ENTRIES)  # SQLite's LIMIT is a 64-bit integer
        # Two passes, so the cost follows ``limit`` and not the journal's size: first the kind
        # and id of the newest ``limit`` rows of all kinds, merged by the database (each kind's
        # newest rows through its index on ``at``: only ``limit`` keys reach Python); then the
        # payloads of only the rows that made the cut.
        chosen = _newest(tuple(sorted(wanted, key=ENTRY_KINDS.index)), limit)
        with self._reading() as conn:
            keys = conn.execute(chosen).all()
            ids: dict[EntryKind, list[int]] = {}
            for rank, row_id in keys:
                ids.setdefault(ENTRY_KINDS[rank], []).append(row_id)
            rows: dict[tuple[EntryKind, int], JournalEntry] = {}
            for kind, wanted_ids in ids.items():
                table, describe = _SOURCES[kind]
                for start in range(0, len(wanted_ids), 500):  # bound the IN list
                    batch = wanted_ids[start : start + 500]
                    query = select(table).where(table.c.id.in_(batch))
                    for row in conn.execute(query).mappings():
                        rows[(kind, row["id"])] = self._entry(kind, row, describe)
        return [rows[(ENTRY_KINDS[rank], row_id)] for rank, row_id in keys]

    def _entry(self, kind: EntryKind, row: Row, describe: Describe) -> JournalEntry:
        """One timeline line; a stored row it cannot be made from names itself in the error."""
        record = f"{kind} #{row['id']}"
        if kind in _NO_PAYLOAD:
            payload = _columns(row, _NO_PAYLOAD[kind])
        else:
            payload = codec.load_data(row["payload"], where=self.where, record=record)
        try:
            ref, summary = describe(row, payload)
            return JournalEntry(kind=kind, at=row["at"], ref=ref, summary=summary, payload=payload)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            missing = f"no field {exc}" if isinstance(exc, KeyError) else type(exc).__name__
            raise codec.damaged(record, self.where, missing) from None


@functools.lru_cache(maxsize=64)  # built once per (kinds, limit): building costs a row's worth
def _newest(kinds: tuple[EntryKind, ...], limit: int) -> Select[Any]:
    """``(rank of the kind, row id)`` of the newest ``limit`` rows of ``kinds``, newest first;
    records that share a timestamp list later pipeline steps first (see ``ENTRY_KINDS``)."""
    parts = []
    for kind in kinds:
        table = _SOURCES[kind][0]
        newest = (
            select(
                literal(ENTRY_KINDS.index(kind)).label("rank"),
                table.c.id.label("row_id"),
                table.c.at.label("at"),
                table.c.recorded_at.label("recorded_at"),
            )
            .order_by(table.c.at.desc(), table.c.recorded_at.desc(), table.c.id.desc())
            .limit(limit)
            .subquery()
        )
        parts.append(select(newest))
    merged = union_all(*parts).subquery()
    return (
        select(merged.c.rank, merged.c.row_id)
        .order_by(
            merged.c.at.desc(),
            merged.c.recorded_at.desc(),
            merged.c.rank.desc(),
            merged.c.row_id.desc(),
        )
        .limit(limit)
    )
