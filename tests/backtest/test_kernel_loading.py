"""numba takes about half a second to load, so only a backtest may load it: the app's services
(the agent session, its tools, the engine) must start without it."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _loaded_after(code: str) -> bool:
    probe = f"import sys\n{code}\nprint('numba' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.slow  # a fresh interpreter or the whole app: ~5 s alone on a busy 2-core machine
def test_starting_the_services_does_not_load_numba() -> None:
    assert not _loaded_after(
        "import assistant.agent.session, assistant.engine.backtesting, assistant.backtest"
    )


def test_the_first_backtest_loads_numba() -> None:
    """The probe above could pass because nothing ever loads numba; this one says it does."""
    assert _loaded_after(
        "from assistant.backtest import backtest_weights\n"
        "from tests.backtest.builders import random_walks\n"
        "backtest_weights({'C00': 0.5}, random_walks(2, 30), rule=None)"
    )
