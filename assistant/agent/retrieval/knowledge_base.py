"""KnowledgeBase: the knowledge notes (and any other Documents) in a chromadb collection.

``KnowledgeBase.open(home)`` keeps a persistent index under ``<home>/chroma``; with ``home=None``
the index lives in memory for this process (tests, one-shot commands). The notes are re-embedded
only when their content hash changes, so a start with unchanged notes costs one metadata read.
Each embedder (name and config) gets its own collection, so switching between MiniLM and the
hashed embedder never mixes vectors of different models.

Opening is serialized for the whole process: chromadb keeps one shared "system" per persistent
path and is not safe when two threads create or tear down clients on the same path at once (the
app's warm-up and the first knowledge question used to collide: ``KeyError: '<home>/chroma'``).
Opening twice is harmless: the second open finds the index current and reuses it.

This module must never make a network call: telemetry is off, and every collection is given an
explicit embedding function (chromadb's default one downloads a model). It must never let a
failure of chromadb escape as anything but a :class:`DataError` that says what to do.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection as ChromaCollection
from chromadb.config import Settings

from assistant.agent.prompts import resource_dir
from assistant.domain import CoinPilotError, DataError, UserInputError

from .documents import KNOWLEDGE, Document, Passage
from .embedders import Embedder, make_embedder
from .notes import corpus_hash, load_notes, note_documents

__all__ = ["KnowledgeBase"]

_PREFIX: Final = "coinpilot"
_HASH_KEY: Final = "knowledge_hash"
_BATCH: Final = 512
#: Held while any index is opened or brought up to date (see the module docstring).
_OPENING: Final = threading.Lock()


class KnowledgeBase:
    """Semantic search over knowledge notes and indexed documents. Build with :meth:`open`."""

    def __init__(
        self,
        client: ClientAPI,
        collection: ChromaCollection,
        embedder: Embedder,
        *,
        ephemeral: bool,
        reindexed: bool,
    ) -> None:
        self._client = client
        self._collection = collection
        self.embedder = embedder
        self.ephemeral = ephemeral
        #: True when :meth:`open` (re)embedded the notes, False when the stored index was current.
        self.reindexed = reindexed

    @classmethod
    def open(
        cls,
        home: Path | None,
        *,
        embedder: Embedder | str | None = None,
        notes_dir: Path | None = None,
    ) -> KnowledgeBase:
        """Open (and bring up to date) the index of ``notes_dir`` (default: the shipped notes).

        ``embedder`` is an embedding function, or a choice for :func:`make_embedder`
        ("auto", "hybrid", "minilm", "hashed"); None means ``$COINPILOT_EMBEDDER`` or "auto".
        """
        ef = make_embedder(embedder) if embedder is None or isinstance(embedder, str) else embedder
        with _OPENING:
            return cls._open(home, ef, notes_dir or resource_dir("knowledge"))

    @classmethod
    def _open(cls, home: Path | None, ef: Embedder, notes_dir: Path) -> KnowledgeBase:
        settings = Settings(anonymized_telemetry=False, allow_reset=False)
        name = _collection_name(ef)
        where = "memory" if home is None else str(Path(home) / "chroma")
        with _chroma_errors(f"The knowledge index in {where} could not be opened"):
            if home is None:
                client: ClientAPI = chromadb.EphemeralClient(settings=settings)
                name = f"{name}-{uuid.uuid4().hex[:12]}"  # ephemeral clients share one process
            else:
                path = Path(home) / "chroma"
                path.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(path), settings=settings)
            collection = client.get_or_create_collection(
                name,
                embedding_function=ef,  # type: ignore[arg-type]
                configuration={"hnsw": {"space": "cosine"}},
            )
        kb = cls(client, collection, ef, ephemeral=home is None, reindexed=False)
        kb.reindexed = kb.sync_notes(notes_dir)
        return kb

    def sync_notes(self, notes_dir: Path) -> bool:
        """Re-embed the notes if their content changed since the last index; True if it did."""
        notes = load_notes(notes_dir)
        digest = corpus_hash(notes)
        meta = dict(self._collection.metadata or {})
        if meta.get(_HASH_KEY) == digest:
            return False
        with _chroma_errors("The knowledge notes could not be indexed"):
            self._collection.delete(where={"kind": KNOWLEDGE})
            self.index_documents(note_documents(notes))
            meta[_HASH_KEY] = digest
            self._collection.modify(metadata=meta)
        return True

    def index_documents(self, docs: Sequence[Document]) -> int:
        """Add ``docs``, replacing any with the same kind and doc_id; returns how many."""
        ids = [_chroma_id(d) for d in docs]
        if len(set(ids)) != len(ids):
            raise UserInputError(
                "index_documents got the same kind and doc_id more than once.",
                hint="Give every document of one kind a unique doc_id.",
            )
        with _chroma_errors("Documents could not be added to the knowledge index"):
            for start in range(0, len(docs), _BATCH):
                batch = docs[start : start + _BATCH]
                self._collection.upsert(
                    ids=ids[start : start + _BATCH],
                    documents=[d.embedding_text() for d in batch],
                    metadatas=[_metadata(d) for d in batch],
                )
        return len(docs)

    def remove(self, kind: str, doc_ids: Collection[str] | None = None) -> None:
        """Remove the documents of ``kind`` (all of them, or only ``doc_ids``)."""
        if doc_ids is None:
            self._collection.delete(where={"kind": kind})
        elif doc_ids:
            self._collection.delete(ids=[f"{kind}:{d}" for d in doc_ids])

    def ids(self, kind: str) -> set[str]:
        """The doc_ids of every document of ``kind`` in the index."""
        with _chroma_errors("The knowledge index could not be read"):
            stored = self._collection.get(where={"kind": kind}, include=[])["ids"]
        return {i.removeprefix(f"{kind}:") for i in stored}

    def count(self, kind: str | None = None) -> int:
        if kind is None:
            return int(self._collection.count())
        return len(self._collection.get(where={"kind": kind}, include=[])["ids"])

    def search(
        self,
        query: str,
        k: int = 4,
        *,
        kinds: Collection[str] | None = None,
        max_per_note: int = 2,
    ) -> list[Passage]:
        """The ``k`` passages most similar to ``query``, best first, at most ``max_per_note`` each.

        ``kinds`` limits the search to documents of those kinds (e.g. {"knowledge"}); None
        searches everything indexed.
        """
        if not 1 <= k <= 50 or max_per_note < 1:
            raise UserInputError(
                f"search needs 1 <= k <= 50 and max_per_note >= 1 (got k={k}, "
                f"max_per_note={max_per_note}).",
                hint="Ask for a handful of passages, e.g. k=4.",
            )
        total = self.count()
        if not query.strip() or total == 0:
            return []
        where: Any = None
        if kinds is not None:
            kind_list = sorted(kinds)
            where = {"kind": kind_list[0]} if len(kind_list) == 1 else {"kind": {"$in": kind_list}}
        with _chroma_errors("The knowledge index could not be searched"):
            result = self._collection.query(
                query_texts=[query],
                n_results=min(total, max(4 * k * max_per_note, 16)),
                where=where,
                include=["metadatas", "distances"],
            )
        metas = (result.get("metadatas") or [[]])[0]
        distances = (result.get("distances") or [[]])[0]
        passages: list[Passage] = []
        per_note: dict[str, int] = {}
        for meta, distance in zip(metas, distances, strict=True):
            note_id = str(meta["note_id"])
            if per_note.get(note_id, 0) >= max_per_note:
                continue
            per_note[note_id] = per_note.get(note_id, 0) + 1
            passages.append(_passage(meta, float(distance)))
            if len(passages) == k:
                break
        return passages

    def close(self) -> None:
        """Drop an in-memory index (a persistent one stays on disk for the next start)."""
        if self.ephemeral:
            self._client.delete_collection(self._collection.name)


@contextmanager
def _chroma_errors(what: str) -> Iterator[None]:
    """chromadb and storage failures as a DataError; our own errors pass through unchanged.

    Any exception, not only chromadb's own classes: its internals also fail with KeyError and
    AttributeError, and a surface must get a sentence it can show, not a traceback.
    """
    try:
        yield
    except CoinPilotError:
        raise
    except Exception as exc:
        raise DataError(
            f"{what} ({type(exc).__name__}: {exc}).",
            hint="Delete the chroma folder in your CoinPilot home; it is rebuilt on start.",
        ) from None


def _collection_name(ef: Embedder) -> str:
    config = json.dumps(ef.get_config(), sort_keys=True)
    tag = hashlib.sha256(f"{ef.name()}|{config}".encode()).hexdigest()[:10]
    return f"{_PREFIX}-{ef.name()}-{tag}"


def _chroma_id(doc: Document) -> str:
    return f"{doc.kind}:{doc.doc_id}"


def _metadata(doc: Document) -> dict[str, str | int | float | bool]:
    return {
        "note_id": doc.note_id,
        "title": doc.title,
        "heading": doc.heading,
        "text": doc.text,
        "source_path": doc.source_path,
        "kind": doc.kind,
        "tags": ",".join(doc.tags),
    }


def _passage(meta: Any, distance: float) -> Passage:
    return Passage(
        note_id=str(meta["note_id"]),
        title=str(meta["title"]),
        heading=str(meta["heading"]),
        text=str(meta["text"]),
        score=1.0 - distance,
        source_path=str(meta["source_path"]),
        kind=str(meta["kind"]),
    )
