"""Decision records beside the notes: found by "why" questions, text from the record only."""

from __future__ import annotations

from assistant.agent.retrieval import (
    JOURNAL,
    KNOWLEDGE,
    HashedEmbedder,
    KnowledgeBase,
    decision_documents,
    find_decisions,
    sync_decisions,
)
from assistant.engine import describe
from tests.journal.journal_builders import at, make_decision, make_plan, make_spec


def test_decision_documents_carry_the_explain_lines_and_cite_the_decision_id() -> None:
    decision = make_decision(make_plan(make_spec("core")), "dec-7", created=at(1))
    (doc,) = decision_documents([decision])
    assert (doc.doc_id, doc.note_id, doc.kind) == ("dec-7", "dec-7", JOURNAL)
    assert doc.source_path == "journal:dec-7"
    assert doc.text == "\n".join(describe(decision))
    assert doc.heading == "initial rebalance of 'core' v1"


def test_a_why_question_finds_the_matching_decision_among_several() -> None:
    plan = make_plan(make_spec("core"))
    first = make_decision(plan, "dec-1", created=at(1))
    drift = make_decision(plan, "dec-2", created=at(2)).model_copy(
        update={"trigger": "drift", "trigger_detail": "SOL drifted +6.2% past the 5% threshold"}
    )
    kb = KnowledgeBase.open(None, embedder=HashedEmbedder())
    try:
        assert kb.index_documents(decision_documents([first, drift])) == 2
        hit = kb.search("why did you rebalance when SOL drifted?", k=1, kinds={JOURNAL})[0]
        assert hit.note_id == "dec-2"
        assert hit.citation() == "[dec-2: drift rebalance of 'core' v1]"
        notes_only = kb.search("why did you rebalance when SOL drifted?", k=4, kinds={KNOWLEDGE})
        assert all(p.kind == KNOWLEDGE for p in notes_only)
    finally:
        kb.close()


def test_decisions_are_indexed_once_and_only_this_journals_come_back() -> None:
    plan = make_plan(make_spec("core"))
    first = make_decision(plan, "dec-1", created=at(1))
    drift = make_decision(plan, "dec-2", created=at(2)).model_copy(
        update={"trigger": "drift", "trigger_detail": "SOL drifted +6.2% past the 5% threshold"}
    )
    other = make_decision(plan, "dec-9", created=at(3)).model_copy(
        update={"trigger": "drift", "trigger_detail": "SOL drifted +6.2% past the 5% threshold"}
    )
    kb = KnowledgeBase.open(None, embedder=HashedEmbedder())
    try:
        assert sync_decisions(kb, [first, other]) == 2
        assert sync_decisions(kb, [first, drift, other]) == 1  # only the new one is embedded
        assert kb.ids(JOURNAL) == {"dec-1", "dec-2", "dec-9"}
        found = find_decisions(kb, [first, drift], "the rebalance when SOL drifted", k=2)
        assert found[0] == "dec-2" and "dec-9" not in found  # dec-9 is another journal's
    finally:
        kb.close()
