"""Bad specs, configs and COINPILOT_* values through the real CLI: exit 2, a sentence, no change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import assistant.config

from .helpers import SPEC, cli_json


def _no_journal(home: Path) -> bool:
    return not (home / "journal.db").exists()


def test_a_deeply_nested_spec_is_a_spec_error_not_a_recursion_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 100_000 + "]" * 100_000)
    code, err = cli_json(capsys, "spec-check", str(deep))
    assert code == 2 and err["error"] == "invalid_spec"
    assert "nests arrays or tables too deeply" in err["message"]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_spec_that_is_not_a_regular_file_is_refused_without_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    spec = tmp_path / "spec.toml"
    if kind == "fifo":
        os.mkfifo(spec)
    elif kind == "dev-zero":
        spec.symlink_to("/dev/zero")
    else:
        spec.mkdir()
    code, err = cli_json(capsys, "plan", str(spec))
    assert code == 2 and err["error"] == "invalid_spec"
    assert ("not a regular file" if kind != "folder" else "is a folder") in err["message"]


def test_a_spec_with_a_byte_order_mark_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = tmp_path / "bom.toml"
    spec.write_bytes(b"\xef\xbb\xbf" + SPEC.encode())
    code, checked = cli_json(capsys, "spec-check", str(spec))
    assert code == 0 and checked["ok"]


def test_true_is_not_a_number_in_a_spec(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = tmp_path / "bool.toml"
    spec.write_text(SPEC.replace("max_weight = 0.6", "max_weight = true"))
    code, err = cli_json(capsys, "spec-check", str(spec))
    assert code == 2
    assert "'constraints.max_weight': must be a number, not true or false" in err["message"]


def test_a_config_file_that_is_a_folder_is_a_config_error(
    capsys: pytest.CaptureFixture[str], _isolated_home: Path
) -> None:
    (_isolated_home / "config.toml").mkdir(parents=True)
    code, err = cli_json(capsys, "portfolio")
    assert code == 2 and err["error"] == "config"
    assert "config.toml is a folder" in err["message"]


def test_a_config_value_that_is_a_bool_where_a_number_goes_is_refused(
    capsys: pytest.CaptureFixture[str], _isolated_home: Path
) -> None:
    _isolated_home.mkdir()
    (_isolated_home / "config.toml").write_text("demo_seed = true\n")
    code, err = cli_json(capsys, "portfolio")
    assert code == 2 and "demo_seed" in err["message"] and "not true or false" in err["message"]
    assert _no_journal(_isolated_home)


def test_news_feeds_that_are_not_json_are_a_config_error_for_every_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, _isolated_home: Path
) -> None:
    monkeypatch.setenv("COINPILOT_NEWS_FEEDS", "https://decrypt.co/feed")
    code, err = cli_json(capsys, "portfolio")
    assert code == 2 and err["error"] == "config"
    assert "COINPILOT_NEWS_FEEDS is not valid JSON" in err["message"]
    assert _no_journal(_isolated_home)


@pytest.mark.parametrize(
    ("home", "says"),
    [
        ("/dev/null", "is not a folder"),
        ("{tmp}/missing/parent/home", "its parent folder"),
        ("{tmp}/" + "x" * 300, "the name is too long"),
        ("{tmp}/file", "is not a folder"),
    ],
)
def test_an_unusable_coinpilot_home_is_a_config_error_with_a_hint(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    home: str,
    says: str,
) -> None:
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("COINPILOT_HOME", home.format(tmp=tmp_path))
    code, err = cli_json(capsys, "portfolio")
    assert code == 2 and err["error"] == "config"
    assert says in err["message"] and "COINPILOT_HOME" in err["message"] + err["hint"]
    assert not (tmp_path / "missing").exists()


def test_an_empty_coinpilot_home_is_an_error_not_the_real_data_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    default = tmp_path / "per-user-data"
    monkeypatch.setattr(assistant.config, "default_home", lambda: default)
    monkeypatch.setenv("COINPILOT_HOME", "")
    code, err = cli_json(capsys, "portfolio")
    assert code == 2 and "COINPILOT_HOME is set but empty" in err["message"]
    assert str(default) in err["hint"]
    assert not default.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_coinpilot_home_is_refused(
    capsys: pytest.CaptureFixture[str], _isolated_home: Path
) -> None:
    _isolated_home.mkdir()
    _isolated_home.chmod(0o500)
    try:
        code, err = cli_json(capsys, "portfolio")
    finally:
        _isolated_home.chmod(0o700)
    assert code == 2 and "not writable" in err["message"]


ENTRY_POINT = "from assistant.launcher import main; raise SystemExit(main())"


def test_the_real_command_prints_no_traceback_for_bad_input(tmp_path: Path) -> None:
    """Through the console script's entry point in a fresh interpreter, as a person runs it."""
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 50_000 + "]" * 50_000)
    env = {**os.environ, "COINPILOT_HOME": ""}
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from assistant.launcher import main; raise SystemExit(main())",
            "spec-check",
            str(deep),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "COINPILOT_HOME is set but empty" in run.stderr


def test_a_huge_value_is_quoted_short_in_the_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = tmp_path / "long.toml"
    spec.write_text(f'name = "{"x" * 50_000}"\n' + SPEC.replace('name = "probe"\n', ""))
    code, err = cli_json(capsys, "spec-check", str(spec))
    assert code == 2 and "'name'" in err["message"] and len(err["message"]) < 400


def test_a_config_file_may_not_move_the_home_it_lives_in(
    capsys: pytest.CaptureFixture[str], _isolated_home: Path, tmp_path: Path
) -> None:
    _isolated_home.mkdir()
    (_isolated_home / "config.toml").write_text(f'home = "{tmp_path / "elsewhere"}"\n')
    code, err = cli_json(capsys, "portfolio")
    assert code == 2 and "sets 'home'" in err["message"] and "COINPILOT_HOME" in err["hint"]


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_headline_and_eval_case_files_go_through_the_same_reader(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "input.txt"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    code, err = cli_json(capsys, "sentiment", "--file", str(path))
    assert code == 2 and err["error"] == "invalid_input"
    code, err = cli_json(capsys, "eval", "goals", str(path))
    assert code == 2 and err["error"] == "invalid_input"


def test_an_eval_market_list_that_is_not_json_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "cases.jsonl").write_text('{"goal": "BTC monthly", "status": "ok"}\n')
    (tmp_path / "market.json").write_text("[[[")
    code, err = cli_json(capsys, "eval", "goals", str(tmp_path / "cases.jsonl"))
    assert code == 2 and "is not a market list" in err["message"]
