"""The two value types of retrieval: a Document going into the index, a Passage coming out.

A Document is deliberately generic (an id, text to embed, what to show, where it came from) so
the journal can index decision summaries beside the knowledge notes without a new schema. Only
``str``/``int``/``float``/``bool`` metadata survives a round trip through chromadb.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Document", "Passage"]

#: The ``kind`` of documents built from ``knowledge/`` notes.
KNOWLEDGE = "knowledge"


@dataclass(frozen=True)
class Document:
    """One retrievable unit (a note section, a decision summary).

    ``doc_id`` must be unique within its ``kind``; indexing the same id again replaces it.
    ``note_id`` groups the units of one source (a note id, a decision id) so a search can limit
    how many passages it returns from one source.
    """

    doc_id: str
    note_id: str
    title: str
    heading: str
    text: str
    source_path: str
    kind: str = KNOWLEDGE
    tags: tuple[str, ...] = field(default=())

    def embedding_text(self) -> str:
        """What the embedder sees: the title and heading give a short section its context."""
        context = self.title if self.heading == self.title else f"{self.title}: {self.heading}"
        return f"{context}\n{self.text}"


@dataclass(frozen=True)
class Passage:
    """A search result: the section's text, where to cite it from, and its cosine similarity."""

    note_id: str
    title: str
    heading: str
    text: str
    score: float
    source_path: str
    kind: str = KNOWLEDGE

    def citation(self) -> str:
        """``[note_id]`` or ``[note_id: heading]``: what an answer cites."""
        return (
            f"[{self.note_id}]"
            if self.heading == self.title
            else f"[{self.note_id}: {self.heading}]"
        )
