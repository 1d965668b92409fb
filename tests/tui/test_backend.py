"""The backend the app's workers share: opened off the UI thread, safe to call from several."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from assistant.engine import Services
from assistant.tui.backend import open_backend
from tests.tui.helpers import decide


def test_workers_can_read_the_in_memory_journal_at_the_same_time(services: Services) -> None:
    """The journal screen loads and explains in two workers while the portfolio refreshes."""
    decision_id = decide(services)
    backend = open_backend(services)
    calls = [backend.entries, backend.decision_rows, lambda: backend.explain(decision_id)] * 20
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda call: call(), calls))
    assert all(results)


def test_handed_in_services_stay_open_when_the_backend_closes(services: Services) -> None:
    backend = open_backend(services)
    assert backend.session.info.label == "offline parser (not an LLM)"
    assert backend.market_label == "demo · SIMULATED"
    backend.close()
    assert services.journal.decisions() == []  # still usable: the test owns it
