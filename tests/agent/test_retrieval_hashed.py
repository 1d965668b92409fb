"""The default offline embedding: deterministic, unit length, and topical."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from assistant.agent.retrieval import HashedEmbedder, hashed_vector
from assistant.domain import ConfigError


def test_hashed_vectors_are_unit_length_float32_of_the_configured_size() -> None:
    vectors = HashedEmbedder(dim=256)(["Hierarchical Risk Parity", "stablecoins depeg"])
    for v in vectors:
        assert isinstance(v, np.ndarray)
        assert v.shape == (256,)
        assert v.dtype == np.float32
        assert float(np.linalg.norm(v)) == pytest.approx(1.0, abs=1e-6)


def test_related_texts_score_higher_than_unrelated_ones() -> None:
    query = hashed_vector("how often should I rebalance?")
    related = hashed_vector("Rebalancing on a calendar or when drift passes a threshold.")
    unrelated = hashed_vector("USDC traded below its dollar peg in March 2023.")
    assert float(query @ related) > float(query @ unrelated) + 0.1


def test_word_forms_meet_through_character_ngrams() -> None:
    base = hashed_vector("volatility")
    assert float(base @ hashed_vector("volatile")) > float(base @ hashed_vector("stablecoin"))


def test_stopword_only_and_empty_texts_still_embed_to_finite_unit_vectors() -> None:
    for text in ("", "what is it?", "   "):
        v = hashed_vector(text)
        assert np.all(np.isfinite(v))
        assert float(np.linalg.norm(v)) == pytest.approx(1.0, abs=1e-6)


def test_hashed_embedding_is_the_same_in_another_process() -> None:
    code = (
        "from assistant.agent.retrieval.hashed import hashed_vector;"
        "print(','.join(f'{x:.7f}' for x in hashed_vector('What is HRP? Ward linkage.', dim=64)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    other = np.array([float(x) for x in out.split(",")])
    here = hashed_vector("What is HRP? Ward linkage.", dim=64)
    np.testing.assert_allclose(other, here, atol=1e-6)


def test_config_round_trips_and_rebuilds_an_identical_embedder() -> None:
    original = HashedEmbedder(dim=128, ngram_range=(2, 4), weights=(1.0, 0.0, 0.3))
    rebuilt = HashedEmbedder.build_from_config(original.get_config())
    assert rebuilt.get_config() == original.get_config()
    assert HashedEmbedder.name() == "coinpilot-hashed"
    assert original.default_space() == "cosine"
    np.testing.assert_array_equal(original.embed("fees"), rebuilt.embed("fees"))


def test_out_of_range_settings_or_an_old_index_version_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="out of range"):
        HashedEmbedder(dim=4)
    with pytest.raises(ConfigError, match="out of range"):
        HashedEmbedder(ngram_range=(5, 3))
    with pytest.raises(ConfigError, match="Delete the chroma folder"):
        HashedEmbedder.build_from_config({"version": 0})
