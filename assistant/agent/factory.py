"""Open an assistant session on a set of services: model, knowledge and decision search, budget.

The knowledge index is opened on the first search, not at start: embedding the notes can take
seconds (MiniLM) and most turns never need it. The same index holds the journal's decisions,
added on the first decision search and only the new ones after that. A surface may warm it up in
a background thread while the person types; the first search then waits for that same opening
instead of racing it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.domain import StrategySpec
from assistant.engine import Services
from assistant.journal import Journal
from tools import ALL_TOOLS, Tool

from .providers import open_provider
from .session import AgentSession

if TYPE_CHECKING:
    from .cassette import Cassette
    from .retrieval import KnowledgeBase


#: How many of the most recent decisions a decision search looks through.
DECISION_WINDOW = 500


class LazyKnowledge:
    """Knowledge search that opens (and if needed builds) the chromadb index on first use.

    Thread-safe and opened once: a warm-up thread and a question's search may both call
    :meth:`open`; one opens, the other waits and gets the same index. A failed open is not kept,
    so the next call tries again.
    """

    def __init__(self, home: Any, embedder: str = "auto", journal: Journal | None = None) -> None:
        self._home = home
        self._embedder = embedder
        self._journal = journal
        self._kb: KnowledgeBase | None = None
        self._lock = threading.Lock()

    def open(self) -> KnowledgeBase:
        with self._lock:
            if self._kb is None:
                from .retrieval import KnowledgeBase  # chromadb is slow to import: on demand

                self._kb = KnowledgeBase.open(self._home, embedder=self._embedder)
            return self._kb

    def __call__(self, query: str, k: int) -> list[dict[str, Any]]:
        return [
            {
                "note_id": p.note_id,
                "title": p.title,
                "heading": p.heading,
                "text": p.text,
                "score": p.score,
                "source": p.source_path,
            }
            for p in self.open().search(query, k, kinds={"knowledge"})
        ]

    def decisions(self, query: str, k: int) -> list[str]:
        """Ids of the journal's recent decisions that match ``query`` best (the explain tool's
        search for a decision a person describes instead of naming)."""
        if self._journal is None:
            return []
        from .retrieval import find_decisions

        recent = self._journal.decisions(DECISION_WINDOW)
        return find_decisions(self.open(), recent, query, k) if recent else []


def open_session(
    services: Services,
    settings: Settings | None = None,
    *,
    persistent_index: bool = True,
    tools: Sequence[Tool] = ALL_TOOLS,
    previous: StrategySpec | None = None,
    prompt_version: str | None = None,
    cassette: Cassette | None = None,
    knowledge: Callable[[str, int], list[dict[str, Any]]] | None = None,
) -> AgentSession:
    """A session; ``previous`` is the spec that edits ("make it quarterly") apply to.

    ``prompt_version`` picks the system prompt (default: the manifest's current one);
    ``cassette`` records or replays the LLM's answers and ``knowledge`` replaces the knowledge
    search (evals).
    """
    settings = settings or services.settings
    provider = open_provider(settings, services, previous=previous, cassette=cassette)
    lazy = LazyKnowledge(
        settings.home if persistent_index else None, settings.embedder, services.journal
    )
    return AgentSession(
        services,
        provider.model,
        provider.info,
        knowledge=knowledge or lazy,
        decisions=lazy.decisions,
        budget=provider.budget(settings),
        tools=tools,
        previous=previous,
        prompt_version=prompt_version,
        secrets=provider.secrets,
        endpoint=provider.endpoint,
        cancel_scope=provider.cancel,
        history_turns=settings.llm_history_turns,
    )
