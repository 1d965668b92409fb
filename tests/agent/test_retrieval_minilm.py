"""MiniLM through transformers (the ``ml`` extra): skipped when it is not installed."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.agent.prompts import resource_dir
from assistant.agent.retrieval import (
    HashedEmbedder,
    HybridEmbedder,
    KnowledgeBase,
    MiniLMEmbedder,
    minilm_available,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not minilm_available(), reason="the 'ml' extra is not installed"),
]


@pytest.fixture(scope="module")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def test_minilm_gives_unit_vectors_that_rank_a_paraphrase_first(minilm: MiniLMEmbedder) -> None:
    vectors = minilm.embed_many(
        [
            "split my money evenly between the coins",
            "Equal weight puts the same fraction of money into each asset.",
            "Exchange API keys should never allow withdrawals.",
        ]
    )
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.1


def test_minilm_matches_sentence_transformers(minilm: MiniLMEmbedder) -> None:
    st = pytest.importorskip("sentence_transformers")
    from assistant.agent.retrieval.minilm import _bundled_model_path

    texts = ["what is HRP?", "stablecoins can lose their peg " * 40]
    reference = st.SentenceTransformer(str(_bundled_model_path()), device="cpu")
    expected = reference.encode(texts, normalize_embeddings=True)
    np.testing.assert_allclose(minilm.embed_many(texts), expected, atol=1e-5)


def test_hybrid_index_answers_what_is_hrp(minilm: MiniLMEmbedder, tmp_path: Path) -> None:
    notes = tmp_path / "notes"  # a few notes keep MiniLM's share of the test short
    notes.mkdir()
    for name in ("hrp", "equal_weight", "stablecoins", "api_key_safety", "risk_parity"):
        shutil.copy(resource_dir("knowledge") / f"{name}.md", notes)
    embedder = HybridEmbedder(hashed=HashedEmbedder(), minilm=minilm)
    kb = KnowledgeBase.open(None, embedder=embedder, notes_dir=notes)
    try:
        assert kb.search("what is HRP?", k=3)[0].note_id == "hrp"
        assert kb.search("split my money evenly", k=3, max_per_note=1)[0].note_id == "equal_weight"
    finally:
        kb.close()
