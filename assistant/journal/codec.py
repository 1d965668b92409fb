"""How domain objects become journal rows and back, without losing a digit.

Models are stored as ``model_dump(mode="json")`` text (Decimals as strings, datetimes ISO 8601
with their offset) and read back with ``model_validate``, so a plan read from the journal hashes
exactly as it did when it was shown. Dict order is kept as written (hashes sort keys themselves).
This module must never round, coerce or "fix" a value on its way through.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.domain import JournalError

M = TypeVar("M", bound=BaseModel)


def dump(model: BaseModel) -> str:
    return dump_data(model.model_dump(mode="json"))


def dump_data(data: Any) -> str:
    try:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (ValueError, TypeError) as exc:
        raise JournalError(
            f"refusing to record a value the journal cannot keep as JSON ({exc}); "
            "NaN, infinities and objects other than JSON data are refused."
        ) from None


def load(
    model: type[M],
    text: str,
    *,
    where: str,
    record: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> M:
    """Validate stored JSON into ``model``; a row that no longer validates is a damaged journal.

    ``record`` names the row for the person who has to find it (e.g. "plan 3fa2b1c0d9e8").
    """
    name = record or f"a {model.__name__}"
    try:
        data = load_data(text, where=where, record=name)
        if overrides:
            data.update(overrides)
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in first["loc"]) or "the record"
        raise damaged(name, where, f"{field}: {first['msg']}") from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise damaged(name, where, _first_line(exc)) from None


def load_data(text: str, *, where: str = "", record: str = "a record") -> dict[str, Any]:
    """A stored JSON object; anything else is a :class:`JournalError` naming ``record``."""
    try:
        data = json.loads(text)
    except (ValueError, TypeError, RecursionError) as exc:
        raise damaged(record, where, _first_line(exc)) from None
    if not isinstance(data, dict):
        raise damaged(record, where, "the stored payload is not a JSON object")
    return data


def damaged(record: str, where: str, detail: str) -> JournalError:
    """The error for a stored record that no longer reads back; nothing is changed by it."""
    place = f"the journal {where}" if where else "the journal"
    return JournalError(
        f"{record} stored in {place} no longer reads back ({detail}); nothing was changed.",
        hint="The file was changed outside CoinPilot; restore it from a backup.",
    )


def _first_line(exc: BaseException) -> str:
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return text if len(text) <= 160 else text[:157] + "..."


def utc(at: datetime, what: str) -> datetime:
    """``at`` in UTC; a naive datetime is refused because its zone cannot be known."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise JournalError(
            f"the {what} timestamp {at.isoformat()} has no time zone.",
            hint="Pass an aware datetime, for example datetime.now(UTC).",
        )
    return at.astimezone(UTC)


def decimal_text(value: Decimal, what: str) -> str:
    """A finite Decimal as exact text; NaN and infinities are refused."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise JournalError(f"the {what} {value!r} is not a finite Decimal.")
    return str(value)


def parse_decimal(text: str, what: str, *, where: str = "") -> Decimal:
    """A stored amount; text that is not a finite number is a damaged record (``what`` names it)."""
    try:
        value = Decimal(text)
    except (InvalidOperation, TypeError, ValueError):
        raise damaged(what, where, f"{str(text)[:40]!r} is not a number") from None
    if not value.is_finite():
        raise damaged(what, where, f"{text!r} is not a finite number")
    return value


def now() -> datetime:
    return datetime.now(UTC)
