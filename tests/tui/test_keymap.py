"""keymap.toml: binding ids to keys, checked so a typo is reported instead of ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain import ConfigError
from assistant.tui.app import CoinPilotApp
from assistant.tui.keymap import binding_ids, load_keymap
from assistant.tui.screens.main import MainScreen

KNOWN = binding_ids(CoinPilotApp.BINDINGS, MainScreen.BINDINGS)


def test_every_app_binding_has_an_id_to_remap() -> None:
    assert {"journal", "settings", "quit", "cancel-answer", "confirm-preview"} <= KNOWN


def test_missing_file_means_default_keys(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "keymap.toml", KNOWN) == {}


def test_keys_are_read_and_trimmed(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('journal = " f2 "\n"confirm-preview" = "ctrl+o"\n')
    assert load_keymap(path, KNOWN) == {"journal": "f2", "confirm-preview": "ctrl+o"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('jurnal = "f2"\n', "unknown bindings: jurnal"),
        ("journal = 2\n", "no key for: journal"),
        ("journal = \n", "not valid TOML"),
    ],
)
def test_mistakes_are_reported(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_keymap(path, KNOWN)
