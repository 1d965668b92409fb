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


def load(model: type[M], text: str, *, where: str, overrides: dict[str, Any] | None = None) -> M:
    """Validate stored JSON into ``model``; a row that no longer validates is a damaged journal."""
    try:
        data = load_data(text)
        if overrides:
            data.update(overrides)
        return model.model_validate(data)
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise JournalError(
            f"a {model.__name__} stored in the journal {where} no longer reads back ({first}).",
            hint="The file was changed outside CoinPilot; restore it from a backup.",
        ) from None


def load_data(text: str) -> dict[str, Any]:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("the stored payload is not a JSON object")
    return data


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


def parse_decimal(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise JournalError(f"the stored {what} {text!r} is not a number.") from None
    return value


def now() -> datetime:
    return datetime.now(UTC)
