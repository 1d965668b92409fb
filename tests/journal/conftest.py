"""Fixtures for journal tests: a fresh file-backed journal per test, with a short busy timeout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.journal import Journal


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "home" / "journal.db"


@pytest.fixture
def journal(journal_path: Path) -> Iterator[Journal]:
    with Journal.open(f"sqlite:///{journal_path}", busy_timeout=0.2) as opened:
        yield opened
