"""Retrieval quality: hit@1 and hit@3 of a KnowledgeBase on query -> expected-note cases.

Cases live in files (``evals/retrieval/cases.jsonl``), never in code. A hit@k counts a case when
the expected note is among the first k *distinct* notes returned. This module must never tune
anything: it only measures.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.domain import DataError

from .documents import KNOWLEDGE
from .knowledge_base import KnowledgeBase

__all__ = ["RetrievalCase", "RetrievalScore", "load_cases", "score_retrieval"]


@dataclass(frozen=True)
class RetrievalCase:
    case_id: str
    query: str
    expected: str


@dataclass(frozen=True)
class RetrievalScore:
    cases: int
    hit_at_1: float
    hit_at_3: float
    #: (case id, query, expected, the first three note ids returned) for every hit@1 miss.
    misses: tuple[tuple[str, str, str, tuple[str, ...]], ...]


def load_cases(path: Path) -> list[RetrievalCase]:
    """Cases from a JSONL file with ``id``, ``query`` and ``expected`` on every line."""
    cases: list[RetrievalCase] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            cases.append(RetrievalCase(str(row["id"]), str(row["query"]), str(row["expected"])))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DataError(
                f"{path} line {number} is not a retrieval case ({exc!r}).",
                hint='Write one JSON object per line: {"id": ..., "query": ..., "expected": ...}.',
            ) from None
    if not cases:
        raise DataError(f"{path} holds no retrieval cases.", hint="Add at least one case.")
    return cases


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
