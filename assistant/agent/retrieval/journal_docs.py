"""Decision records as retrievable Documents, so "why" questions can find the right decision.

The text is exactly what ``explain_decision`` would say about the record (``engine.describe``),
so a search hit never carries a reason the record does not hold. Retrieval only *finds* a
decision; the agent still answers from the explain tool's record and cites its id.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.domain import Decision
from assistant.engine import describe

from .documents import Document

__all__ = ["JOURNAL", "decision_documents"]

#: The ``kind`` of documents built from journal decision records.
JOURNAL = "journal"


def decision_documents(decisions: Iterable[Decision]) -> list[Document]:
    """One Document per decision, keyed by its decision id (re-indexing replaces it)."""
    return [
        Document(
            doc_id=d.decision_id,
            note_id=d.decision_id,
            title=f"Decision {d.decision_id}",
            heading=f"{d.trigger} rebalance of '{d.spec_name}' v{d.spec_version}",
            text="\n".join(describe(d)),
            source_path=f"journal:{d.decision_id}",
            kind=JOURNAL,
            tags=(d.trigger, d.objective),
        )
        for d in decisions
    ]
