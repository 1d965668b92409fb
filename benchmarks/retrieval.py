"""Knowledge retrieval: quality (hit@1, hit@3) and speed of each embedder, offline.

For each embedder that is installed (hashed always; MiniLM and the hybrid with the ``ml``
extra) this builds a persistent index of the shipped notes in a temporary CoinPilot home, then
measures: the cold build (client, embedding, insert), a warm reopen (notes unchanged, nothing
re-embedded), query latency over every eval query, and hit@1 / hit@3 on the development cases
(``evals/retrieval/cases.jsonl``, used to choose the hashed embedder's settings) and on the
holdout cases (``holdout.jsonl``, written before any tuning and never tuned on).

References in the same run: a scikit-learn TF-IDF (fitted IDF, word unigrams and bigrams,
sublinear tf) ranking the same sections exactly (no index), and sentence-transformers encoding the
same sections with the same MiniLM model (our transformers path gives identical vectors).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from assistant.agent.prompts import resource_dir
from assistant.agent.retrieval import (
    KNOWLEDGE,
    HashedEmbedder,
    HybridEmbedder,
    KnowledgeBase,
    MiniLMEmbedder,
    RetrievalCase,
    load_cases,
    load_notes,
    minilm_available,
    note_documents,
    score_retrieval,
)
from assistant.agent.retrieval.embedders import Embedder

EVALS = Path(__file__).resolve().parents[1] / "evals" / "retrieval"
QUERY_ROUNDS = 5


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _measure(
    name: str, make: Callable[[], Embedder], dev: list[RetrievalCase], hold: list[RetrievalCase]
) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        t0 = time.perf_counter()
        kb = KnowledgeBase.open(home, embedder=make())
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = KnowledgeBase.open(home, embedder=make())
        reopen = time.perf_counter() - t0
        assert kb.reindexed and not again.reindexed
        queries = [c.query for c in dev + hold]
        kb.search(queries[0])  # first query pays lazy loads
        times = []
        for _ in range(QUERY_ROUNDS):
            for q in queries:
                t0 = time.perf_counter()
                kb.search(q, k=4)
                times.append(time.perf_counter() - t0)
        d, h = score_retrieval(kb, dev), score_retrieval(kb, hold)
        sections = kb.count(KNOWLEDGE)
    return (
        f"| {name} | {d.hit_at_1:.2f} | {d.hit_at_3:.2f} | {h.hit_at_1:.2f} | {h.hit_at_3:.2f} | "
        f"{build:.2f} | {reopen:.3f} | {statistics.median(times) * 1000:.1f} | "
        f"{_percentile(times, 0.95) * 1000:.1f} | {sections} |"
    )


def _tfidf_row(dev: list[RetrievalCase], hold: list[RetrievalCase]) -> str | None:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError:
        return None
    docs = note_documents(load_notes(resource_dir("knowledge")))
    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), stop_words="english")
    matrix = vectorizer.fit_transform([d.embedding_text() for d in docs])

    def hits(cases: list[RetrievalCase]) -> tuple[float, float]:
        h1 = h3 = 0
        for case in cases:
            scores = (matrix @ vectorizer.transform([case.query]).T).toarray().ravel()
            found: list[str] = []
            for i in np.argsort(-scores, kind="stable"):
                if docs[i].note_id not in found:
                    found.append(docs[i].note_id)
                if len(found) == 3:
                    break
            h1 += found[0] == case.expected
            h3 += case.expected in found
        return h1 / len(cases), h3 / len(cases)

    (d1, d3), (o1, o3) = hits(dev), hits(hold)
    name = "TF-IDF reference (sklearn, exact)"
    return f"| {name} | {d1:.2f} | {d3:.2f} | {o1:.2f} | {o3:.2f} | | | | | {len(docs)} |"


def _minilm_speed() -> str:
    texts = [d.embedding_text() for d in note_documents(load_notes(resource_dir("knowledge")))]
    ours = MiniLMEmbedder()
    ours.embed_many(texts[:2])  # load the model outside the timing
    t0 = time.perf_counter()
    ours.embed_many(texts)
    ours_s = time.perf_counter() - t0
    line = f"MiniLM embedding of {len(texts)} sections: ours {ours_s:.2f} s"
    try:
        from sentence_transformers import SentenceTransformer

        from assistant.agent.retrieval.minilm import _bundled_model_path
    except ImportError:
        return line + " (sentence-transformers not installed for the reference)"
    ref = SentenceTransformer(str(_bundled_model_path()), device="cpu")
    ref.encode(texts[:2])
    t0 = time.perf_counter()
    ref.encode(texts, batch_size=32, normalize_embeddings=True)
    ref_s = time.perf_counter() - t0
    return line + f", sentence-transformers {ref_s:.2f} s (ratio {ours_s / ref_s:.2f}x)"


def main() -> None:
    dev = load_cases(EVALS / "cases.jsonl")
    hold = load_cases(EVALS / "holdout.jsonl")
    print(f"{len(dev)} development cases, {len(hold)} holdout cases; k = 3 distinct notes\n")
    print(
        "| embedder | dev hit@1 | dev hit@3 | holdout hit@1 | holdout hit@3 | build s | "
        "reopen s | query median ms | query p95 ms | sections |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(_measure("hashed (default, no model)", HashedEmbedder, dev, hold), flush=True)
    if minilm_available():
        print(_measure("MiniLM (ml extra)", MiniLMEmbedder, dev, hold), flush=True)
        print(_measure("hybrid MiniLM + hashed (ml extra)", HybridEmbedder, dev, hold), flush=True)
    row = _tfidf_row(dev, hold)
    if row:
        print(row)
    if minilm_available():
        print("\n" + _minilm_speed())
    else:
        print("\nMiniLM rows skipped: the 'ml' extra is not installed.")


if __name__ == "__main__":
    main()
