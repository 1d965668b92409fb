"""Retrieval quality: hit@1 and hit@3 of a KnowledgeBase on query -> expected-note cases.

Cases live in files (``evals/retrieval/cases.jsonl``), never in code. A hit@k counts a case when
the expected note is among the first k *distinct* notes returned. This module must never tune
anything: it only measures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.evaluation.retrieval import RetrievalCase
from assistant.evaluation.retrieval import load_retrieval_cases as load_cases

from .documents import KNOWLEDGE
from .knowledge_base import KnowledgeBase

__all__ = ["RetrievalCase", "RetrievalScore", "load_cases", "score_retrieval"]


@dataclass(frozen=True)
class RetrievalScore:
    cases: int
    hit_at_1: float
    hit_at_3: float
    #: (case id, query, expected, the first three note ids returned) for every hit@1 miss.
    misses: tuple[tuple[str, str, str, tuple[str, ...]], ...]


def score_retrieval(kb: KnowledgeBase, cases: Sequence[RetrievalCase]) -> RetrievalScore:
    """hit@1 and hit@3 over ``cases``, searching knowledge notes only, one passage per note."""
    hits1 = hits3 = 0
    misses: list[tuple[str, str, str, tuple[str, ...]]] = []
    for case in cases:
        found = tuple(
            p.note_id for p in kb.search(case.query, k=3, kinds={KNOWLEDGE}, max_per_note=1)
        )
        hits1 += found[:1] == (case.expected,)
        hits3 += case.expected in found
        if found[:1] != (case.expected,):
            misses.append((case.case_id, case.query, case.expected, found))
    n = len(cases)
    return RetrievalScore(cases=n, hit_at_1=hits1 / n, hit_at_3=hits3 / n, misses=tuple(misses))
