"""Fuzz: strategy specs as TOML files and as JSON data (what a model proposes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.domain import SpecError, StrategySpec, parse_spec, parse_spec_toml
from assistant.engine import load_spec_file

from .fuzzing import fuzz, mutate, nasty, outcome
from .helpers import SPEC

TOML_VALUE = st.one_of(
    nasty,
    st.sampled_from(
        ["true", "[true]", "{a = 1}", "[[1]]", '"x"', "-0.5", "1e400", "[" * 60 + "]" * 60]
    ),
)
KEYS = [
    "capital", "version", "name", "quote", "objective", "lookback_days", "universe.symbols",
    "universe.top_n", "constraints.max_weight", "constraints.min_weight",
    "constraints.cash_reserve",
    "rebalance.drift_threshold", "rebalance.every_days", "risk.stop_loss", "execution.mode",
]  # fmt: skip


@st.composite
def spec_texts(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["mutate", "value", "nest", "random"]))
    if kind == "mutate":
        return draw(mutate(SPEC))
    if kind == "value":
        key = draw(st.sampled_from(KEYS))
        section, _, field = key.rpartition(".")
        line = f"{field} = {draw(TOML_VALUE)}\n"
        return line + SPEC if not section else SPEC + f"[{section}]\n{line}"
    if kind == "nest":
        depth = draw(st.integers(min_value=1, max_value=3000))
        return "a = " + "[" * depth + "]" * depth
    return draw(st.text(max_size=300))


def _valid(result: Any) -> None:
    assert isinstance(result, StrategySpec | SpecError), result


@fuzz(80)
@given(spec_texts())
def test_fuzz_spec_toml_gives_a_spec_or_a_spec_error(text: str) -> None:
    _valid(outcome(lambda: parse_spec_toml(text, source="fuzz.toml")))


@pytest.fixture(scope="module")
def spec_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-specs") / "spec.toml"


@fuzz(40)
@given(st.binary(max_size=400) | spec_texts().map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_fuzz_spec_files_are_read_or_refused_and_left_unchanged(
    spec_file: Path, data: bytes
) -> None:
    spec_file.write_bytes(data)
    _valid(outcome(lambda: load_spec_file(spec_file)))
    assert spec_file.read_bytes() == data


JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@fuzz(120)
@given(st.sampled_from(KEYS), JSON, st.booleans())
def test_fuzz_spec_json_gives_a_spec_or_a_spec_error(
    key: str, value: Any, round_trip: bool
) -> None:
    data: dict[str, Any] = {
        "name": "fuzz",
        "universe": {"symbols": ["BTC", "ETH"]},
        "rebalance": {"drift_threshold": 0.05},
    }
    section, _, field = key.rpartition(".")
    (data.setdefault(section, {}) if section else data)[field] = value
    if round_trip:  # as a model's tool call arrives: JSON text, parsed
        data = json.loads(json.dumps(data, allow_nan=True))
    _valid(outcome(lambda: parse_spec(data, source="fuzz")))
