"""The crypto-news cue lexicon: groups of words and phrases, counted as whole words.

The groups (security incidents, enforcement, funding, launches...) live in ``lexicon.json`` beside
this module, so they can be read and reviewed without reading code. Each group is one feature of
the sentiment model: how many of its terms a headline contains. Matching is case-insensitive and
on word boundaries, so "ban" never fires inside "urban" and "ETH" never inside "method". This
module only counts; it never decides a label.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

import numpy as np

#: Money amounts ("$50 million", "$1.2B") are a group of their own: funding news carries them.
_MONEY = re.compile(r"\$\s?\d[\d,.]*\s?(?:k|m|b|bn|mn|million|billion|thousand)?\b", re.I)


@lru_cache(maxsize=1)
def lexicon_groups() -> dict[str, tuple[str, ...]]:
    """Group name -> terms, as shipped in ``lexicon.json``."""
    text = resources.files(__package__).joinpath("lexicon.json").read_text(encoding="utf-8")
    groups = json.loads(text)["groups"]
    return {name: tuple(terms) for name, terms in groups.items()}


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    compiled = []
    for terms in lexicon_groups().values():
        alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        compiled.append(re.compile(rf"(?<![\w$])(?:{alternatives})(?![\w])", re.I))
    return tuple(compiled)


def feature_names() -> list[str]:
    return [f"lex:{name}" for name in lexicon_groups()] + ["lex:money", "lex:question"]


def lexicon_counts(text: str) -> np.ndarray:
    """log(1 + count) per group, then money amounts and a question mark, as float64."""
    counts = [len(p.findall(text)) for p in _patterns()]
    counts.append(len(_MONEY.findall(text)))
    counts.append(1 if "?" in text else 0)
    return np.asarray(np.log1p(np.asarray(counts, dtype=float)), dtype=float)
