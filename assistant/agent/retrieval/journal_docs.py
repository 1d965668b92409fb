"""Decision records as retrievable Documents, so "why" questions can find the right decision.

The text is exactly what ``explain_decision`` would say about the record (``engine.describe``),
so a search hit never carries a reason the record does not hold. Retrieval only *finds* a
decision; the agent still answers from the explain tool's record and cites its id. The explain
tool searches through :func:`find_decisions` when a question describes an earlier decision
instead of naming it (``assistant.agent.factory`` injects it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from assistant.domain import Decision
from assistant.engine import describe

from .documents import Document

if TYPE_CHECKING:
    from .knowledge_base import KnowledgeBase

__all__ = ["JOURNAL", "decision_documents", "find_decisions", "sync_decisions"]

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


def sync_decisions(kb: KnowledgeBase, decisions: Sequence[Decision]) -> int:
    """Index the decisions the index does not hold yet (a record never changes); how many."""
    held = kb.ids(JOURNAL)
    new = [d for d in decisions if d.decision_id not in held]
    return kb.index_documents(decision_documents(new)) if new else 0


def find_decisions(
    kb: KnowledgeBase, decisions: Sequence[Decision], query: str, k: int
) -> list[str]:
    """Ids of the ``decisions`` that best match ``query``, best first (at most ``k``).

    Only ids among ``decisions`` come back: an index shared by several journals (one home, two
    journal URLs) may hold decisions this journal does not have.
    """
    sync_decisions(kb, decisions)
    known = {d.decision_id for d in decisions}
    hits = kb.search(query, min(50, k + 5), kinds={JOURNAL}, max_per_note=1)
    return [h.note_id for h in hits if h.note_id in known][:k]
