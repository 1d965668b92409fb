"""The numpy model against scikit-learn as an oracle, and the shipped weights' provenance."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from assistant.signals.sentiment.features import Block, char_ngrams, normalize, word_ngrams
from assistant.signals.sentiment.lexicon import feature_names, lexicon_counts
from assistant.signals.sentiment.linear import fit_logistic
from assistant.signals.sentiment.model import linear_model
from assistant.signals.sentiment.pipeline import _our_label
from assistant.signals.sentiment.training import train_linear

TEXTS = [
    "Bitcoin hits record high as ETF inflows surge",
    "Exchange hacked: $40 million stolen overnight",
    "Developers debate a new method for block propagation",
    "Bitcoin miners sell as price falls",
]


def test_ngrams_match_scikit_learn_analyzers() -> None:
    words = TfidfVectorizer(ngram_range=(1, 2)).build_analyzer()
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    for text in TEXTS:
        assert sorted(word_ngrams(text)) == sorted(words(text))
        assert sorted(char_ngrams(text)) == sorted(chars(text))


def test_tfidf_weights_match_scikit_learn() -> None:
    docs = [word_ngrams(t) for t in TEXTS]
    block = Block.fit(docs, min_df=1)
    ours = block.transform(docs).toarray()
    reference = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    theirs = reference.fit_transform(TEXTS).toarray()
    order = [reference.vocabulary_[g] for g in sorted(block.vocabulary, key=block.vocabulary.get)]
    np.testing.assert_allclose(ours, theirs[:, order], atol=1e-12)


def test_logistic_fit_matches_scikit_learn_balanced_lbfgs() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 6))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0.3).astype(int) + (x[:, 2] > 1.0).astype(int)
    ours = fit_logistic(x, y, 3, c=0.7)
    reference = LogisticRegression(C=0.7, class_weight="balanced", max_iter=5000, tol=1e-10)
    reference.fit(x, y)
    np.testing.assert_allclose(ours.predict_proba(x), reference.predict_proba(x), atol=1e-4)


def test_lexicon_matches_whole_words_only() -> None:
    names = feature_names()
    values = np.expm1(lexicon_counts("Urban hackers banned: hack and ban"))
    counts = dict(zip(names, values, strict=True))
    assert counts["lex:security_incident"] == pytest.approx(2)  # hackers, hack
    assert counts["lex:restriction"] == pytest.approx(2)  # banned, ban (not "urban")
    assert counts["lex:money"] == 0


def test_typographic_quotes_and_spacing_are_normalized() -> None:
    assert normalize("Bitcoin’s  “big”\u00a0day") == 'Bitcoin\'s "big" day'


def test_third_party_model_labels_map_by_meaning_or_are_refused() -> None:
    assert _our_label("Bullish", {}) == "positive"
    assert _our_label("NEG", {}) == "negative"
    assert _our_label("LABEL_1", {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}) == "neutral"
    assert _our_label("toxic", {}) is None


def test_the_shipped_weights_are_what_the_training_code_makes(shared_data: Path) -> None:
    with (shared_data / "news" / "cryptolin_headlines.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    retrained = train_linear([r["headline"] for r in rows], [r["label"] for r in rows])
    sample = [r["headline"] for r in rows[::37]]
    np.testing.assert_allclose(
        retrained.predict_proba(sample), linear_model().predict_proba(sample), atol=1e-3
    )
