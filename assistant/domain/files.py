"""The one way CoinPilot reads a file a person named: regular files only, size-capped, UTF-8.

A path from a person (a spec, a CSV, ``config.toml``, a feed file, a list of headlines) can be a
folder, a FIFO that blocks forever, a link to ``/dev/zero`` that never ends, or a file far too big
to be what it claims. Every such path is refused *before* it is read: the type and size are
checked with ``stat`` first, the file is opened with ``O_NONBLOCK`` (so a FIFO swapped in after
the check cannot block) and re-checked on the open descriptor, and at most ``limit + 1`` bytes are
ever read. Text is UTF-8 with an optional byte-order mark (editors on Windows add one), or UTF-16
with its mark. The caller chooses the error class, so a spec problem stays a spec problem and a
CSV problem a data problem. This module lives in ``domain`` because every layer that reads a
person's files sits above it; it must never create, change or delete a file.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path

from .errors import CoinPilotError, UserInputError

#: The error to raise: a CoinPilotError class taking ``(message, hint=...)``.
ErrorType = type[CoinPilotError]

_CHUNK = 1 << 20
_O_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


def _refuse_kind(path: Path, mode: int, what: str, error: ErrorType) -> None:
    if stat.S_ISDIR(mode):
        raise error(f"{what} {path} is a folder, not a file.", hint="Give the path of a file.")
    if not stat.S_ISREG(mode):
        raise error(
            f"{what} {path} is not a regular file (it is a device, a pipe or a socket); "
            "CoinPilot only reads regular files.",
            hint="Save the content to a file and give that file's path.",
        )


def _too_big(path: Path, size: int, limit: int, what: str, error: ErrorType) -> CoinPilotError:
    return error(
        f"{what} {path} is {_size(size)}, more than the {_size(limit)} CoinPilot reads.",
        hint="Check that this is the file you meant; split it if it really is that large.",
    )


def _os_problem(path: Path, exc: OSError, what: str, error: ErrorType) -> CoinPilotError:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return error(f"{what} {path} does not exist.", hint="Check the path.")
    if exc.errno == errno.ENAMETOOLONG:
        return error(f"{what} {path}: the path is too long.", hint="Use a shorter path.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return error(f"{what} {path} cannot be read: permission denied.", hint="Check its rights.")
    return error(f"{what} {path} cannot be read ({exc.strerror or exc}).")


def read_file_bytes(
    path: str | Path, *, limit: int, what: str = "the file", error: ErrorType = UserInputError
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or ``error`` saying why not.

    ``what`` names the file in messages ("the spec", "the config file").
    """
    p = Path(path)
    try:
        before = os.stat(p)
        _refuse_kind(p, before.st_mode, what, error)
        if before.st_size > limit:
            raise _too_big(p, before.st_size, limit, what, error)
        fd = os.open(p, _O_FLAGS)
    except OSError as exc:
        raise _os_problem(p, exc, what, error) from None
    except ValueError:  # a NUL character in the path
        raise error(f"{what} {p!r} is not a valid path.", hint="Check the path.") from None
    try:
        _refuse_kind(p, os.fstat(fd).st_mode, what, error)  # swapped after the first check
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise _os_problem(p, exc, what, error) from None
    finally:
        os.close(fd)
    if total > limit:  # it grew while we read it
        raise _too_big(p, total, limit, what, error)
    return b"".join(chunks)


def decode_text(data: bytes, *, where: str, error: ErrorType = UserInputError) -> str:
    """UTF-8 (a leading byte-order mark dropped) or BOM-marked UTF-16, or ``error``."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex() or "end"
        raise error(
            f"{where} is not UTF-8 text (byte 0x{byte} on line {line}).",
            hint="Save it as UTF-8 in your editor.",
        ) from None


def read_file_text(
    path: str | Path, *, limit: int, what: str = "the file", error: ErrorType = UserInputError
) -> str:
    """:func:`read_file_bytes`, decoded by :func:`decode_text`."""
    data = read_file_bytes(path, limit=limit, what=what, error=error)
    return decode_text(data, where=f"{what} {Path(path)}", error=error)
