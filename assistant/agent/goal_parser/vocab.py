"""Loads the parser's word lists from ``data/*.json`` once, and compiles their patterns.

Vocabulary is data, not code: adding a coin name, a period phrase or a refusal pattern means
editing a JSON file, never this module. Nothing here interprets a goal; it must never hold a word
list of its own.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from .text import whole_words


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed JSON file ``data/<name>.json`` (cached for the life of the process)."""
    text = resources.files(__package__).joinpath("data").joinpath(f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def pattern(name: str, *keys: str) -> re.Pattern[str]:
    """One whole-word pattern matching any phrase of the list at ``data/<name>.json[keys...]``."""
    node: Any = load(name)
    for key in keys:
        node = node[key]
    return whole_words(node if isinstance(node, str) else list(node))


@cache
def table(name: str, key: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """A label -> phrases mapping compiled to (pattern, label) pairs, one pattern per label."""
    mapping: dict[str, list[str]] = load(name)[key]
    return tuple((whole_words(phrases), label) for label, phrases in mapping.items())


@cache
def word_set(key: str) -> frozenset[str]:
    """A set of lowercase words from ``data/words.json``."""
    return frozenset(w.lower() for w in load("words")[key])
