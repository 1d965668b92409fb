"""Retrieval for the agent: chromadb over the knowledge notes (and journal summaries), offline.

Public API::

    kb = KnowledgeBase.open(home, embedder=None)      # persistent under <home>/chroma; None: memory
    kb.search("what is HRP?", k=4) -> list[Passage]    # note_id, title, heading, text, score, ...
    kb.index_documents(decision_documents(decisions))  # journal records, kind="journal"
    find_decisions(kb, decisions, "the drift rebalance in March", k=3) -> ["d-...", ...]

Embeddings: MiniLM mixed with hashed n-grams when the ``ml`` extra is installed, else the hashed
n-gram embedding alone, which needs no model. Nothing here makes a network call. Only the agent
layer may import this package (it imports chromadb).
"""

from .documents import KNOWLEDGE, Document, Passage
from .embedders import EMBEDDER_ENV, Embedder, EmbedderChoice, make_embedder
from .evaluation import RetrievalCase, RetrievalScore, load_cases, score_retrieval
from .hashed import HashedEmbedder, hashed_vector
from .hybrid import HybridEmbedder
from .journal_docs import JOURNAL, decision_documents, find_decisions, sync_decisions
from .knowledge_base import KnowledgeBase
from .minilm import MiniLMEmbedder, minilm_available
from .notes import Note, corpus_hash, load_notes, note_documents, parse_note

__all__ = [
    "EMBEDDER_ENV",
    "JOURNAL",
    "KNOWLEDGE",
    "Document",
    "Embedder",
    "EmbedderChoice",
    "HashedEmbedder",
    "HybridEmbedder",
    "KnowledgeBase",
    "MiniLMEmbedder",
    "Note",
    "Passage",
    "RetrievalCase",
    "RetrievalScore",
    "corpus_hash",
    "decision_documents",
    "find_decisions",
    "hashed_vector",
    "load_cases",
    "load_notes",
    "make_embedder",
    "minilm_available",
    "note_documents",
    "parse_note",
    "score_retrieval",
    "sync_decisions",
]
