"""Models that need the ml extra: skipped on a light install, checked when it is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain import ConfigError, NotAvailableError
from assistant.signals.sentiment import load_model, score_headlines
from assistant.signals.sentiment.embedding import minilm_available


def test_a_transformers_path_that_does_not_exist_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises((ConfigError, NotAvailableError)):
        load_model(model_path=tmp_path / "no-such-model")


def test_asking_for_transformers_without_a_path_is_refused() -> None:
    with pytest.raises(NotAvailableError, match="local model folder"):
        load_model("transformers")


@pytest.mark.slow
@pytest.mark.skipif(not minilm_available(), reason="needs the ml extra (torch, transformers)")
def test_the_minilm_model_scores_offline_like_the_linear_one_in_shape() -> None:
    model = load_model("minilm")
    scores = score_headlines(
        ["Exchange hacked, $50 million stolen", "Startup raises $30 million seed round"], model
    )
    assert [s.label for s in scores] == ["negative", "positive"]


def _tiny_classifier(folder: Path, labels: list[str]) -> Path:
    """A tiny, randomly initialised BERT classifier written to disk here (nothing downloaded)."""
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "bitcoin", "hack", "rally", "the"]
    folder.mkdir(parents=True)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    BertTokenizerFast(vocab_file=str(folder / "vocab.txt")).save_pretrained(folder)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=8,
        num_hidden_layers=1,
        num_attention_heads=1,
        intermediate_size=16,
        max_position_embeddings=64,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    return folder


@pytest.mark.slow
@pytest.mark.skipif(not minilm_available(), reason="needs the ml extra (torch, transformers)")
def test_a_local_transformers_classifier_is_used_through_the_pipeline(tmp_path: Path) -> None:
    folder = _tiny_classifier(tmp_path / "tiny", ["Bearish", "Neutral", "Bullish"])
    model = load_model(model_path=folder)
    assert model.name == "transformers:tiny"
    scores = score_headlines(["bitcoin rally", "the hack"], model)
    assert len(scores) == 2
    for score in scores:
        assert sum(score.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
        assert score.score == pytest.approx(
            score.probabilities["positive"] - score.probabilities["negative"]
        )


@pytest.mark.slow
@pytest.mark.skipif(not minilm_available(), reason="needs the ml extra (torch, transformers)")
def test_a_local_classifier_with_other_labels_is_refused(tmp_path: Path) -> None:
    folder = _tiny_classifier(tmp_path / "toxic", ["toxic", "clean"])
    with pytest.raises(ConfigError, match="do not map onto negative/neutral/positive"):
        load_model(model_path=folder)
