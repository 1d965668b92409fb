"""decision_rows(): the decisions list's pages, read without decoding each decision whole."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from assistant.domain import JournalError
from assistant.journal import Journal
from tests.journal.journal_builders import at, make_decision, make_plan, make_spec


def _decisions(journal: Journal, count: int) -> list[str]:
    """``count`` decisions on two specs, a minute apart (two share a minute), oldest first."""
    ids = []
    for n in range(count):
        spec = make_spec(name="core" if n % 2 else "satellite", version=1 + n % 3)
        plan = make_plan(spec, created=at(60 * n), note=str(n))
        journal.record_plan(plan)
        decision_id = f"dec-20261120-{n:04d}"
        journal.record_decision(make_decision(plan, decision_id, created=at(60 * min(n, 5))))
        ids.append(decision_id)
    return ids


def test_rows_show_what_the_whole_decisions_show(journal: Journal) -> None:
    _decisions(journal, 7)
    rows = journal.decision_rows(50)
    whole = journal.decisions(50)
    assert [
        (r.decision_id, r.created_at, r.spec_name, r.spec_version, r.trigger) for r in rows
    ] == [(d.decision_id, d.created_at, d.spec_name, d.spec_version, d.trigger) for d in whole]
    assert len({r.spec_version for r in rows}) == 3  # read from each record, not a constant


def test_pages_follow_each_other_without_gaps_or_repeats(journal: Journal) -> None:
    ids = _decisions(journal, 12)  # decisions 5..11 share one timestamp: ties break by id
    pages, older_than = [], None
    while True:
        page = journal.decision_rows(5, older_than=older_than)
        if not page:
            break
        pages.append([r.decision_id for r in page])
        older_than = page[-1].decision_id
    assert [len(p) for p in pages] == [5, 5, 2]
    assert (
        [i for page in pages for i in page]
        == [d.decision_id for d in journal.decisions(50)]
        == ids[::-1]
    )


def test_no_decision_is_an_empty_page(journal: Journal) -> None:
    assert journal.decision_rows(10) == []
    assert journal.decision_rows(10, older_than="dec-nothing") == []


@pytest.mark.parametrize(
    "payload", ["not json", '{"spec_version": 1}', '{"spec_version": "one", "trigger": "drift"}']
)
def test_a_damaged_decision_is_named(tmp_path: Path, payload: str) -> None:
    file = tmp_path / "j.db"
    with Journal.open(f"sqlite:///{file}") as journal:
        _decisions(journal, 1)
    with closing(sqlite3.connect(file)) as conn, conn:  # damaged behind the journal's back
        conn.execute("DROP TRIGGER decisions_no_update")
        conn.execute("UPDATE decisions SET payload = ?", (payload,))
    with (
        Journal.open(f"sqlite:///{file}") as journal,
        pytest.raises(JournalError, match="decision dec-20261120-0000"),
    ):
        journal.decision_rows(10)
