"""`coinpilot eval` refuses bad input with a specific message and exit status 2, writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["eval", "nosuch"], "neither a suite"),
        (["eval", "goals", "missing.jsonl"], "no case file"),
        (["eval", "compare", "only-one"], "two run folders"),
        (["eval", "compare", "a", "b"], "not an eval run folder"),
        (["eval", "safety", "--record", "tape.jsonl"], "for a language model"),
        (["eval", "safety", "--prompt-version", "v999"], "v999"),
        (["eval", "safety", "--model", "llama3.1:8b"], "names no server"),
    ],
)
def test_bad_input_is_a_specific_error(
    argv: list[str],
    says: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert says in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if p.name != "coinpilot-home"]  # no files written


@pytest.mark.parametrize("repeat", ["0", "x", "101"])
def test_repeat_must_be_a_small_whole_number(repeat: str) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["eval", "safety", "--repeat", repeat])
    assert stop.value.code == 2
