"""Headline text to a sparse feature row: word 1-2-grams, character 2-5-grams, lexicon groups.

Word and character n-grams are TF-IDF weighted (sublinear term frequency, smoothed IDF) and each
block is L2-normalised on its own, as scikit-learn's ``TfidfVectorizer`` does; the lexicon counts
are appended unscaled. The vocabulary and IDF come from training (:meth:`Featurizer.fit`) and ship
with the weights, so inference needs numpy and scipy only. Pure: text in, numbers out.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp

from .lexicon import feature_names, lexicon_counts

_WORD = re.compile(r"(?u)\b\w\w+\b")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalize(text: str) -> str:
    """NFKC, typographic quotes and dashes made plain, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


def word_ngrams(text: str) -> list[str]:
    tokens = _WORD.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def char_ngrams(text: str, low: int = 2, high: int = 5) -> list[str]:
    """Character n-grams inside each space-padded word (scikit-learn's ``char_wb``)."""
    grams: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) < n:
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


@dataclass
class Block:
    """One TF-IDF block: n-gram -> column, and the IDF of each column."""

    vocabulary: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, docs: Sequence[list[str]], min_df: int) -> Block:
        df: Counter[str] = Counter()
        for grams in docs:
            df.update(set(grams))
        kept = sorted(g for g, count in df.items() if count >= min_df)
        n = len(docs)
        idf = np.array([np.log((1 + n) / (1 + df[g])) + 1 for g in kept])
        return cls({g: i for i, g in enumerate(kept)}, idf)

    def transform(self, docs: Sequence[list[str]]) -> sp.csr_matrix:
        rows, cols, vals = [], [], []
        for r, grams in enumerate(docs):
            counts = Counter(g for g in grams if g in self.vocabulary)
            if not counts:
                continue
            idx = np.array([self.vocabulary[g] for g in counts])
            tf = 1 + np.log(np.fromiter(counts.values(), float, len(counts)))
            weights = tf * self.idf[idx]
            weights /= np.linalg.norm(weights)
            rows.extend([r] * len(idx))
            cols.extend(idx.tolist())
            vals.extend(weights.tolist())
        shape = (len(docs), len(self.vocabulary))
        return sp.csr_matrix((vals, (rows, cols)), shape=shape)


@dataclass
class Featurizer:
    words: Block
    chars: Block

    @classmethod
    def fit(cls, texts: Iterable[str], *, min_df: int = 2) -> Featurizer:
        clean = [normalize(t) for t in texts]
        return cls(
            Block.fit([word_ngrams(t) for t in clean], min_df),
            Block.fit([char_ngrams(t) for t in clean], min_df),
        )

    @property
    def size(self) -> int:
        return len(self.words.vocabulary) + len(self.chars.vocabulary) + len(feature_names())

    def transform(self, texts: Iterable[str]) -> sp.csr_matrix:
        clean = [normalize(t) for t in texts]
        lexicon = np.vstack([lexicon_counts(t) for t in clean]) if clean else None
        blocks = [
            self.words.transform([word_ngrams(t) for t in clean]),
            self.chars.transform([char_ngrams(t) for t in clean]),
            sp.csr_matrix(lexicon if lexicon is not None else (0, len(feature_names()))),
        ]
        return sp.hstack(blocks, format="csr")

    def to_dict(self) -> dict[str, Any]:
        def block(b: Block) -> dict[str, Any]:
            grams = sorted(b.vocabulary, key=b.vocabulary.__getitem__)
            return {"grams": grams, "idf": [round(float(x), 6) for x in b.idf]}

        return {"words": block(self.words), "chars": block(self.chars), "lexicon": feature_names()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Featurizer:
        def block(d: Mapping[str, Any]) -> Block:
            return Block({g: i for i, g in enumerate(d["grams"])}, np.asarray(d["idf"], float))

        if list(data["lexicon"]) != feature_names():
            raise ValueError("the weights were trained with a different lexicon; retrain them")
        return cls(block(data["words"]), block(data["chars"]))
