"""KnowledgeBase over chromadb: search, persistence, reindexing, journal documents, no network."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.agent.prompts import resource_dir
from assistant.agent.retrieval import (
    KNOWLEDGE,
    Document,
    HashedEmbedder,
    KnowledgeBase,
    load_cases,
    score_retrieval,
)
from assistant.domain import DataError, UserInputError

CASES = Path(__file__).resolve().parents[2] / "evals" / "retrieval" / "cases.jsonl"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    base = KnowledgeBase.open(None, embedder=HashedEmbedder())
    yield base
    base.close()


def _decision(doc_id: str, text: str) -> Document:
    return Document(
        doc_id=doc_id,
        note_id=doc_id,
        title=f"Decision {doc_id}",
        heading=f"Decision {doc_id}",
        text=text,
        source_path=f"journal:{doc_id}",
        kind="journal",
    )


def test_what_is_hrp_returns_the_hrp_note_first_with_its_citation(kb: KnowledgeBase) -> None:
    passages = kb.search("what is HRP?", k=4)
    assert 1 <= len(passages) <= 4
    top = passages[0]
    assert top.note_id == "hrp"
    assert top.source_path == "hrp.md"
    assert top.title == "Hierarchical Risk Parity (HRP)"
    steps = kb.search("correlation distance, quasi-diagonal order and recursive bisection", k=1)
    assert (steps[0].note_id, steps[0].heading) == ("hrp", "The four steps")
    assert "sqrt((1 - rho) / 2)" in steps[0].text
    assert top.citation() == "[hrp]"
    scores = [p.score for p in passages]
    assert scores == sorted(scores, reverse=True)
    assert all(-1.0 <= s <= 1.0 for s in scores)


def test_search_limits_passages_per_note(kb: KnowledgeBase) -> None:
    one_each = kb.search("Hierarchical Risk Parity linkage bisection", k=5, max_per_note=1)
    ids = [p.note_id for p in one_each]
    assert len(ids) == len(set(ids)) == 5
    two_each = kb.search("Hierarchical Risk Parity linkage bisection", k=5, max_per_note=2)
    assert max(sum(p.note_id == n for p in two_each) for n in ids) <= 2


def test_empty_query_returns_nothing_and_bad_k_is_refused(kb: KnowledgeBase) -> None:
    assert kb.search("   ") == []
    with pytest.raises(UserInputError, match="1 <= k <= 50"):
        kb.search("fees", k=0)


def test_hashed_embedder_meets_the_retrieval_eval_floor(kb: KnowledgeBase) -> None:
    cases = load_cases(CASES)
    assert len(cases) >= 25
    score = score_retrieval(kb, cases)
    assert score.hit_at_3 >= 0.85, score.misses
    assert score.hit_at_1 >= 0.70, score.misses


def test_journal_documents_are_searchable_beside_notes_and_filterable_by_kind() -> None:
    kb = KnowledgeBase.open(None, embedder=HashedEmbedder())
    try:
        notes = kb.count(KNOWLEDGE)
        written = kb.index_documents(
            [
                _decision("d-1", "Rebalanced because SOL drifted +6.2% past the 5% threshold."),
                _decision("d-2", "Initial allocation of the strategy core-hrp with HRP weights."),
            ]
        )
        assert written == 2
        assert kb.count("journal") == 2
        assert kb.count(KNOWLEDGE) == notes
        top = kb.search("why did SOL drift past the threshold", k=1, kinds={"journal"})[0]
        assert (top.note_id, top.kind, top.source_path) == ("d-1", "journal", "journal:d-1")
        only_notes = kb.search("SOL drifted past the threshold", k=4, kinds={KNOWLEDGE})
        assert all(p.kind == KNOWLEDGE for p in only_notes)
        kb.index_documents([_decision("d-1", "Replaced summary about a calendar trigger.")])
        assert kb.count("journal") == 2
        kb.remove("journal", ["d-2"])
        assert kb.count("journal") == 1
        kb.remove("journal")
        assert kb.count("journal") == 0
        assert kb.count(KNOWLEDGE) == notes
    finally:
        kb.close()


def test_duplicate_document_ids_in_one_call_are_refused() -> None:
    kb = KnowledgeBase.open(None, embedder=HashedEmbedder())
    try:
        with pytest.raises(UserInputError, match="more than once"):
            kb.index_documents([_decision("d-1", "a"), _decision("d-1", "b")])
        assert kb.count("journal") == 0
    finally:
        kb.close()


def test_in_memory_knowledge_bases_do_not_share_documents() -> None:
    first = KnowledgeBase.open(None, embedder=HashedEmbedder())
    second = KnowledgeBase.open(None, embedder=HashedEmbedder())
    try:
        first.index_documents([_decision("d-9", "only in the first index")])
        assert first.count("journal") == 1
        assert second.count("journal") == 0
    finally:
        first.close()
        second.close()


def test_persistent_index_is_reused_until_a_note_changes(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(resource_dir("knowledge"), notes)
    home = tmp_path / "home"
    first = KnowledgeBase.open(home, embedder=HashedEmbedder(), notes_dir=notes)
    assert first.reindexed
    count = first.count(KNOWLEDGE)
    assert (home / "chroma").is_dir()

    again = KnowledgeBase.open(home, embedder=HashedEmbedder(), notes_dir=notes)
    assert not again.reindexed
    assert again.count(KNOWLEDGE) == count

    (notes / "zz_new.md").write_text(
        "---\nid: zz_new\ntitle: Quokka rebalancing\ntags: [test]\n---\n# Quokka rebalancing\n\n"
        "Quokkas rebalance their burrows every full moon.\n",
        encoding="utf-8",
    )
    changed = KnowledgeBase.open(home, embedder=HashedEmbedder(), notes_dir=notes)
    assert changed.reindexed
    assert changed.count(KNOWLEDGE) == count + 1
    assert changed.search("quokka burrows", k=1)[0].note_id == "zz_new"


def test_a_different_embedder_config_gets_its_own_collection(tmp_path: Path) -> None:
    home = tmp_path / "home"
    KnowledgeBase.open(home, embedder=HashedEmbedder(dim=512))
    other = KnowledgeBase.open(home, embedder=HashedEmbedder(dim=256))
    assert other.reindexed
    assert other.search("what is HRP?", k=1)[0].note_id == "hrp"


def test_indexing_and_searching_make_no_network_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network is disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    kb = KnowledgeBase.open(tmp_path / "home", embedder="hashed")
    kb.index_documents([_decision("d-7", "Calendar rebalance after 30 days.")])
    assert kb.search("is USDT safe to hold as cash", k=2)[0].note_id == "stablecoins"
    assert kb.search("calendar rebalance after 30 days", k=1, kinds={"journal"})[0].note_id == "d-7"
    assert attempts == []


def test_a_corrupt_index_file_is_a_data_error_that_says_to_delete_it(tmp_path: Path) -> None:
    chroma = tmp_path / "home" / "chroma"
    chroma.mkdir(parents=True)
    (chroma / "chroma.sqlite3").write_bytes(b"this is not a database" * 200)
    with pytest.raises(DataError, match="Delete the chroma folder"):
        KnowledgeBase.open(tmp_path / "home", embedder="hashed")


def _at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run ``calls`` in threads released together; their results, or the exceptions they raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_opening_one_persistent_index_from_several_threads_at_once_is_safe(
    tmp_path: Path,
) -> None:
    """The app's warm-up and a first question used to open <home>/chroma together and crash."""
    for attempt in range(3):
        home = tmp_path / f"home-{attempt}"
        opened = _at_once([lambda h=home: KnowledgeBase.open(h, embedder="hashed")] * 3)
        errors = [r for r in opened if isinstance(r, Exception)]
        assert errors == []
        for kb in opened:
            assert isinstance(kb, KnowledgeBase)
            assert kb.search("what is HRP?", k=1)[0].note_id == "hrp"
        assert sum(kb.reindexed for kb in opened) == 1  # type: ignore[union-attr]


def test_lazy_knowledge_warm_up_and_a_first_search_at_once_open_the_index_once(
    tmp_path: Path,
) -> None:
    from assistant.agent.factory import LazyKnowledge

    lazy = LazyKnowledge(tmp_path / "home", "hashed")
    warm, found = _at_once([lazy.open, lambda: lazy("what is HRP?", 1)])
    assert isinstance(warm, KnowledgeBase), warm
    assert isinstance(found, list) and found[0]["note_id"] == "hrp", found
    assert lazy.open() is warm


def test_a_chromadb_failure_of_any_kind_is_a_data_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chromadb

    def broken(**kwargs: Any) -> Any:
        raise KeyError(str(tmp_path / "home" / "chroma"))

    monkeypatch.setattr(chromadb, "PersistentClient", broken)
    with pytest.raises(DataError, match="KeyError"):
        KnowledgeBase.open(tmp_path / "home", embedder="hashed")
