"""`coinpilot demo`: the plain-terminal walk through the core, beside the chat app."""

from __future__ import annotations

import io

import pytest

from assistant.launcher import main


def test_demo_previews_a_plan_and_never_trades_without_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["demo"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # rich wraps long lines
    assert "Run `coinpilot` with no arguments for the chat app" in out
    assert "not built" not in out
    assert "not confirming" in out
