"""The settings screen's writer: it edits only its own keys and never writes a secret."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.domain import ConfigError
from assistant.tui.config_file import update_config

EXISTING = """# my settings
demo_seed = 11
llm_model = "old-model"

[extra]
note = "kept"
"""


def test_update_keeps_comments_tables_and_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(EXISTING)
    update_config(path, {"llm_model": "llama3.1:8b", "market": "demo", "llm_base_url": None})
    text = path.read_text()
    assert text.startswith("# my settings\n")
    data = tomllib.loads(text)
    assert data["demo_seed"] == 11
    assert data["llm_model"] == "llama3.1:8b"
    assert data["market"] == "demo"
    assert data["extra"] == {"note": "kept"}
    assert text.index('market = "demo"') < text.index("[extra]")  # top level, not in the table


def test_none_removes_a_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(EXISTING)
    update_config(path, {"llm_model": None})
    assert "llm_model" not in tomllib.loads(path.read_text())


def test_written_file_loads_as_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COINPILOT_HOME", str(tmp_path))
    update_config(
        tmp_path / "config.toml", {"market": "demo", "mode": "paper", "llm_model": 'a "q"'}
    )
    settings = load_settings()
    assert settings.market == "demo" and settings.llm_model == 'a "q"'


@pytest.mark.parametrize("key", ["llm_api_key", "exchange_secret", "demo_seed"])
def test_refuses_secrets_and_keys_it_does_not_manage(tmp_path: Path, key: str) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError):
        update_config(path, {key: "x"})
    assert not path.exists()


def test_a_broken_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("market = [unclosed\n")
    with pytest.raises(ConfigError, match="nothing was written"):
        update_config(path, {"llm_model": "x"})
    assert path.read_text() == "market = [unclosed\n"
