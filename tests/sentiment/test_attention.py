"""The attention heads of the ``minilm`` model: numpy inference, fitting (ml extra), shipped."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.signals.sentiment.attention import (
    HIDDEN,
    SEEDS,
    TOKEN_LAYERS,
    AttentionEnsemble,
    AttentionHead,
)
from assistant.signals.sentiment.embedding import EMBEDDING_SIZE, minilm_available
from assistant.signals.sentiment.stored import (
    ATTENTION_FILE,
    attention_from_dict,
    attention_to_dict,
    read_weights,
)

D_TOK = len(TOKEN_LAYERS) * HIDDEN


def _head(query: np.ndarray, rng: np.random.Generator) -> AttentionHead:
    coef = rng.normal(size=(EMBEDDING_SIZE + D_TOK, 3)) * 0.05
    return AttentionHead(query, 0.0, coef, rng.normal(size=3))


def _unit_layers(x: np.ndarray) -> np.ndarray:
    blocks = x.reshape(len(TOKEN_LAYERS), HIDDEN)
    return np.asarray((blocks / np.linalg.norm(blocks, axis=1, keepdims=True)).ravel())


def test_a_zero_query_pools_every_token_equally() -> None:
    rng = np.random.default_rng(0)
    tokens = [rng.normal(size=(7, D_TOK)), rng.normal(size=(3, D_TOK))]
    pooled = _head(np.zeros(D_TOK), rng).pool(tokens)
    for row, states in zip(pooled, tokens, strict=True):
        np.testing.assert_allclose(row, _unit_layers(states.mean(axis=0)))


def test_the_query_picks_the_token_it_points_at() -> None:
    rng = np.random.default_rng(1)
    marker = rng.normal(size=D_TOK)
    states = np.vstack([rng.normal(size=(5, D_TOK)) * 0.1, marker])
    pooled = _head(marker * 10, rng).pool([states])
    np.testing.assert_allclose(pooled[0], _unit_layers(marker), atol=1e-6)


def test_the_ensemble_averages_its_heads_and_survives_its_file_format() -> None:
    rng = np.random.default_rng(2)
    heads = tuple(_head(rng.normal(size=D_TOK) * 0.01, rng) for _ in range(3))
    ensemble = AttentionEnsemble(heads)
    sentence = rng.normal(size=(2, EMBEDDING_SIZE))
    tokens = [rng.normal(size=(4, D_TOK)), rng.normal(size=(9, D_TOK))]
    proba = ensemble.predict_proba(sentence, tokens)
    expected = sum(h.predict_proba(sentence, tokens) for h in heads) / 3
    np.testing.assert_allclose(proba, expected)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    again = attention_from_dict(attention_to_dict(ensemble))
    np.testing.assert_allclose(again.predict_proba(sentence, tokens), proba, atol=1e-6)


def test_heads_that_read_other_layers_are_refused() -> None:
    from assistant.domain import DataError

    data = attention_to_dict(AttentionEnsemble(()))
    data["token_layers"] = [0, 1, 2]
    with pytest.raises(DataError, match="attention heads"):
        attention_from_dict(data)


def test_the_shipped_heads_load_with_numpy_alone_and_have_the_right_shapes() -> None:
    ensemble = attention_from_dict(read_weights(ATTENTION_FILE))
    assert len(ensemble.heads) == SEEDS
    for head in ensemble.heads:
        assert head.query.shape == (D_TOK,)
        assert head.coef.shape == (EMBEDDING_SIZE + D_TOK, 3)


@pytest.mark.slow
@pytest.mark.skipif(not minilm_available(), reason="needs the ml extra (torch)")
def test_fitting_learns_a_class_carried_by_one_token_and_is_seeded() -> None:
    from assistant.signals.sentiment.attention import fit_attention_head

    rng = np.random.default_rng(3)
    directions = rng.normal(size=(3, D_TOK))
    labels = np.arange(240) % 3
    tokens = []
    for label in labels:
        states = rng.normal(size=(int(rng.integers(4, 12)), D_TOK))
        states[rng.integers(len(states))] += 3 * directions[label]
        tokens.append(states)
    sentence = rng.normal(size=(len(labels), EMBEDDING_SIZE)) * 0.01
    head = fit_attention_head(sentence[:180], tokens[:180], labels[:180], seed=0)
    predicted = head.predict_proba(sentence[180:], tokens[180:]).argmax(axis=1)
    assert (predicted == labels[180:]).mean() > 0.9
    same = fit_attention_head(sentence[:180], tokens[:180], labels[:180], seed=0)
    np.testing.assert_array_equal(same.coef, head.coef)


@pytest.mark.slow
@pytest.mark.skipif(not minilm_available(), reason="needs the ml extra (torch, transformers)")
def test_the_minilm_model_averages_ngrams_head_and_attention_heads() -> None:
    from assistant.signals.sentiment import load_model
    from assistant.signals.sentiment.model import MiniLMSentiment, linear_model

    texts = ["Exchange hacked, $50 million stolen", "Startup raises $30 million seed round"]
    model = load_model("minilm")
    assert isinstance(model, MiniLMSentiment)
    sentence, tokens = model.embedder.features(texts, TOKEN_LAYERS)
    assert [t.shape[1] for t in tokens] == [D_TOK, D_TOK]
    expected = (
        linear_model().predict_proba(texts)
        + model.head.predict_proba(sentence)
        + model.attention.predict_proba(sentence, tokens)
    ) / 3
    np.testing.assert_allclose(model.predict_proba(texts), expected, rtol=1e-6)
