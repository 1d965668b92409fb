"""``coinpilot`` with no arguments opens the app; without a terminal it says so instead."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.launcher import main


def test_no_arguments_without_a_terminal_explains_instead_of_crashing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 2
    assert "needs a terminal" in capsys.readouterr().err


def test_importing_the_app_does_not_import_the_engine_or_the_agent() -> None:
    """First paint must not wait for pandas, SQLAlchemy or LangChain: they load in a worker."""
    code = (
        "import sys, assistant.tui;"
        "slow = ('assistant.engine', 'assistant.agent', 'assistant.domain', 'langchain', 'pandas',"
        "'sqlalchemy', 'pydantic');"
        "print(','.join(m for m in slow if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_market_option_without_a_command_opens_the_app_on_that_market(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from assistant import launcher

    opened: list[str | None] = []
    monkeypatch.setattr(launcher, "run_app", lambda market=None: opened.append(market) or 0)
    assert launcher.main(["--market", "ccxt:binance"]) == 0
    assert launcher.main(["--market=csv:/data"]) == 0
    assert opened == ["ccxt:binance", "csv:/data"]
