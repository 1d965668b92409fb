"""Shared fixtures. Every test runs with its own COINPILOT_HOME and no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from tests import network_guard

# Property tests are deterministic: the same examples on every run and every machine (a failure
# seen once is seen again). Per-test settings may raise max_examples; they inherit this.
settings.register_profile("coinpilot", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("coinpilot")

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def pytest_configure(config: pytest.Config) -> None:
    """Block the network for the whole run (each xdist worker configures itself)."""
    config.add_cleanup(network_guard.install())


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "coinpilot-home"
    monkeypatch.setenv("COINPILOT_HOME", str(home))
    for var in (
        "COINPILOT_LLM_BASE_URL",
        "COINPILOT_LLM_MODEL",
        "COINPILOT_LLM_API_KEY",
        "OPENAI_API_KEY",
        "COINPILOT_MARKET",
        "COINPILOT_JOURNAL_URL",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # The fast, dependency-free embedder, whether or not the `ml` extra is installed here.
    monkeypatch.setenv("COINPILOT_EMBEDDER", "hashed")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    return home


@pytest.fixture
def shared_data() -> Path:
    """The real market data beside the repo; tests that need it skip when it is absent."""
    if not (SHARED_DATA / "market" / "daily" / "BTC.csv").exists():
        pytest.skip(f"../shared/data is absent ({SHARED_DATA}); this test needs the real data")
    return SHARED_DATA
