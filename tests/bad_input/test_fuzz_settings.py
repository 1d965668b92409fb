"""Fuzz: config.toml and COINPILOT_* environment values."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.config import Settings, load_settings, prepare_home
from assistant.domain import ConfigError
from assistant.market import open_market

from .fuzzing import fuzz, mutate, nasty, outcome

FIELDS = [
    "journal_url", "market", "demo_seed", "plan_ttl_seconds", "max_price_move", "live_trading",
    "mode", "llm_base_url", "llm_model", "llm_api_key", "news_feeds", "sentiment_model",
    "sentiment_model_path", "embedder", "home", "unknown_key",
]  # fmt: skip
CONFIG = 'market = "demo"\ndemo_seed = 7\nplan_ttl_seconds = 300\nnews_feeds = ["a.xml"]\n'
TOML_VALUES = st.one_of(
    st.sampled_from(["true", "1", "-1", "1e400", "nan", '""', '"x"', "[]", '["a", 1]', "{a = 1}"]),
    nasty.map(lambda v: '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    nasty,
)


@st.composite
def configs(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(mutate(CONFIG))
    lines = [f"{draw(st.sampled_from(FIELDS))} = {draw(TOML_VALUES)}" for _ in range(3)]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-home")


@fuzz(60)
@given(configs())
def test_fuzz_config_files_give_settings_or_a_config_error_and_change_nothing(
    home: Path, text: str
) -> None:
    config = home / "config.toml"
    config.write_text(text, encoding="utf-8", errors="surrogatepass")
    before = sorted(p.name for p in home.iterdir())
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COINPILOT_HOME", str(home))
        result = outcome(load_settings)
    assert isinstance(result, Settings | ConfigError)
    assert sorted(p.name for p in home.iterdir()) == before  # no journal, no cache


ENV_VALUE = st.one_of(nasty, st.text(max_size=40)).filter(lambda v: "\x00" not in v)


@fuzz(60)
@given(st.sampled_from(FIELDS[:-2]), ENV_VALUE, ENV_VALUE)
def test_fuzz_environment_values_give_settings_or_a_config_error(
    home: Path, field: str, value: str, home_tail: str
) -> None:
    home_value = str(home / home_tail.replace("/", "_")) if home_tail.strip() else home_tail
    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith("COINPILOT_")]:
            mp.delenv(key)
        mp.setenv(f"COINPILOT_{field.upper()}", value)
        mp.setenv("COINPILOT_HOME", home_value)
        settings = outcome(load_settings)
        if isinstance(settings, Settings):
            outcome(lambda: prepare_home(settings.home))
            outcome(lambda: open_market(settings.market, seed=settings.demo_seed, home=home))
        else:
            assert isinstance(settings, ConfigError)
    if home_value != str(home) and home_value.strip():
        leftovers = [p for p in home.iterdir() if p.name not in ("config.toml",)]
        for path in leftovers:  # only prepare_home may create it, and only inside the tmp home
            assert path.parent == home
