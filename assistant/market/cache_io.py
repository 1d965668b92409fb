"""Crash-safe file writes for the local cache: a whole file is replaced atomically or not at all.

A write goes to a temporary file in the same folder, is flushed to disk, then renamed over the
target (``os.replace`` is atomic on POSIX and Windows). A crash leaves either the old file or the
new one, plus at worst a stray ``.tmp`` file, never half of each. Nothing here decides *what* to
write, and nothing here may delete a file that holds data.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_root(home: Path) -> Path:
    """Where cached market data lives: ``$COINPILOT_HOME/cache`` (live markets and the history)."""
    return home / "cache"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open folders; the rename is still atomic there
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, creating its folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def append_bytes(path: Path, data: bytes) -> None:
    """Append ``data`` and flush it to disk; a crash mid-way leaves a torn last line to repair."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def safe_component(text: str) -> str:
    """A file-name-safe form of an exchange id or symbol (``BTC/USDT`` -> ``BTC-USDT``)."""
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in text.strip())
    cleaned = cleaned.strip(".") or "_"
    return cleaned
