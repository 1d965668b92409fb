"""Retrieval cases: a question and the note that must answer it (``evals/retrieval/*.jsonl``).

One JSON object per line: ``id``, ``query``, ``expected`` (a note id). The benchmark
(benchmarks/retrieval.py, through :mod:`assistant.agent.retrieval.evaluation`) and `coinpilot eval
retrieval` read the same files with this one loader.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.domain import DataError, read_file_text

from .goals import CASES_MAX_BYTES


@dataclass(frozen=True)
class RetrievalCase:
    case_id: str
    query: str
    expected: str


def load_retrieval_cases(path: Path) -> list[RetrievalCase]:
    """Cases from a JSONL file with ``id``, ``query`` and ``expected`` on every line."""
    cases: list[RetrievalCase] = []
    text = read_file_text(path, limit=CASES_MAX_BYTES, what="the case file")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            cases.append(RetrievalCase(str(row["id"]), str(row["query"]), str(row["expected"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(
                f"{path} line {number} is not a retrieval case ({exc!r}).",
                hint='Write one JSON object per line: {"id": ..., "query": ..., "expected": ...}.',
            ) from None
    if not cases:
        raise DataError(f"{path} holds no retrieval cases.", hint="Add at least one case.")
    return cases
