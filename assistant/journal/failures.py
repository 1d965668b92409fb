"""Turn database driver errors into :class:`JournalError` messages a person can act on.

A locked or damaged journal is an everyday event (a second CoinPilot window, a disk that filled up,
a file copied half-way), so each gets a sentence that names the file and says what to do. This
module only classifies errors; it must never retry, repair or delete anything.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from assistant.domain import JournalError, JournalUnavailableError

_LOCKED = ("database is locked", "database table is locked", "lock timeout")
_CORRUPT = (
    "file is not a database",
    "database disk image is malformed",
    "malformed database schema",
    "file is encrypted",
)
_CANNOT_OPEN = ("unable to open database file",)
_UNREACHABLE = ("could not connect", "connection refused")
_FULL = ("database or disk is full", "disk i/o error", "no space left on device")


def locked(where: str) -> JournalError:
    return JournalUnavailableError(
        f"the journal {where} is locked by another CoinPilot process; close it and retry."
    )


def corrupt(where: str, detail: str) -> JournalError:
    return JournalError(
        f"the journal {where} is damaged or is not a CoinPilot journal ({detail}); "
        "nothing was changed.",
        hint=(
            f"Move it aside (for example rename it to {where}.broken) and CoinPilot starts a "
            "fresh journal; keep the moved file if you need its history."
        ),
    )


def translate(exc: DBAPIError, where: str) -> JournalError:
    """The :class:`JournalError` that explains ``exc``, a driver error on the journal ``where``."""
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    lowered = detail.lower()
    if any(marker in lowered for marker in _LOCKED):
        return locked(where)
    if any(marker in lowered for marker in _CORRUPT):
        return corrupt(where, detail)
    if any(marker in lowered for marker in _CANNOT_OPEN):
        return JournalError(
            f"cannot open the journal {where} ({detail}).",
            hint="Check that its folder exists and is writable, and that it is not a folder.",
        )
    if any(marker in lowered for marker in _UNREACHABLE):
        return JournalUnavailableError(
            f"cannot open the journal {where}: its server cannot be reached ({detail}).",
            hint="Check that the database server runs and accepts connections.",
        )
    if any(marker in lowered for marker in _FULL):
        return JournalUnavailableError(
            f"the journal {where} could not be written: the disk is full or failing ({detail}).",
            hint="Nothing from this step was saved; free some disk space, then retry.",
        )
    if "append-only" in lowered:
        return JournalError(
            f"the journal {where} refused to change a record ({detail}); "
            "journal records are never updated or deleted."
        )
    return JournalError(
        f"the journal {where} failed: {detail}.",
        hint="Nothing from this step was saved; retry, and report it if it happens again.",
    )
