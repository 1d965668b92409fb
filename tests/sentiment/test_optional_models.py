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
