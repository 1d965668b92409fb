"""Opening a journal already at head needs no alembic: only the recorded revision is compared."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.journal import Journal, head_revision
from assistant.journal.migrate import HEAD_REVISION


def test_head_revision_constant_is_alembics_head() -> None:
    assert head_revision() == HEAD_REVISION, "a new migration script must update HEAD_REVISION"


def test_reopening_a_journal_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'journal.db'}"
    Journal.open(url).close()  # created and migrated: this one uses alembic
    code = (
        "import sys; from assistant.journal import Journal;"
        f"Journal.open({url!r}).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
