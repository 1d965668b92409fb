"""Two eval runs side by side: pass-rate changes per set, cases that changed, and significance.

Runs are compared from their folders (``summary.json`` and ``cases.jsonl``), so a run made
yesterday with another model or prompt version needs nothing run again. Per set: both pass rates,
the change, and a two-sided Fisher exact test on the (passed, not passed) counts of every scored
case and repeat: with ``--repeat`` runs this tells a real change from a model's noise. A p-value
says how surprising the difference would be if both runs shared one pass rate; it is reported,
never used to hide a change. Per case: each case whose share of passing repeats changed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.domain import UserInputError, read_file_text

RUN_MAX_BYTES = 512 << 20


@dataclass(frozen=True)
class SetChange:
    set: str
    a: tuple[int, int]  # passed, scored
    b: tuple[int, int]
    p_value: float

    @property
    def delta(self) -> float:
        return _rate(self.b) - _rate(self.a)


@dataclass(frozen=True)
class CaseChange:
    set: str
    case_id: str
    a: float  # share of repeats passed
    b: float
    problems_b: list[str]


@dataclass(frozen=True)
class Comparison:
    a: dict[str, Any]
    b: dict[str, Any]
    sets: list[SetChange]
    cases: list[CaseChange]
    only_a: list[str]
    only_b: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": {k: self.a.get(k) for k in ("subject", "prompt_version", "repeat", "started")},
            "b": {k: self.b.get(k) for k in ("subject", "prompt_version", "repeat", "started")},
            "sets": [
                {
                    "set": s.set,
                    "a": _rate(s.a),
                    "b": _rate(s.b),
                    "delta": round(s.delta, 4),
                    "p_value": round(s.p_value, 4),
                }
                for s in self.sets
            ],
            "cases": [vars(c) for c in self.cases],
            "only_a": self.only_a,
            "only_b": self.only_b,
        }

    def lines(self) -> list[str]:
        out = [
            f"A: {self.a.get('subject')} (prompt {self.a.get('prompt_version')}, "
            f"{self.a.get('repeat')} repeat(s))",
            f"B: {self.b.get('subject')} (prompt {self.b.get('prompt_version')}, "
            f"{self.b.get('repeat')} repeat(s))",
        ]
        for s in self.sets:
            out.append(
                f"{s.set}: {_rate(s.a):.1%} -> {_rate(s.b):.1%} ({s.delta:+.1%}; "
                f"Fisher p = {s.p_value:.3f}{', significant at 0.05' if s.p_value < 0.05 else ''})"
            )
        for c in self.cases:
            word = "now passes" if c.b > c.a else "now fails"
            out.append(f"  {c.set} {c.case_id}: {word} ({c.a:.0%} -> {c.b:.0%} of repeats)")
            out += [f"      {p}" for p in c.problems_b[:2]]
        if self.only_a or self.only_b:
            out.append(f"sets only in A: {self.only_a}; only in B: {self.only_b}")
        return out


def load_run(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    summary_path, cases_path = folder / "summary.json", folder / "cases.jsonl"
    if not summary_path.is_file() or not cases_path.is_file():
        raise UserInputError(
            f"{folder} is not an eval run folder (no summary.json and cases.jsonl).",
            hint="Give the folders `coinpilot eval` wrote (it prints where).",
        )
    try:
        summary = json.loads(read_file_text(summary_path, limit=RUN_MAX_BYTES, what="a summary"))
        text = read_file_text(cases_path, limit=RUN_MAX_BYTES, what="the cases")
        cases = [json.loads(line) for line in text.splitlines() if line.strip()]
    except ValueError as exc:
        raise UserInputError(f"{folder} holds a damaged run ({exc}).") from None
    return summary, cases


def compare_runs(folder_a: Path, folder_b: Path) -> Comparison:
    sum_a, cases_a = load_run(folder_a)
    sum_b, cases_b = load_run(folder_b)
    a_sets = {s["set"]: s for s in sum_a.get("sets", [])}
    b_sets = {s["set"]: s for s in sum_b.get("sets", [])}
    common = [name for name in a_sets if name in b_sets]
    changes = []
    for name in common:
        a = (int(a_sets[name]["passed"]), int(a_sets[name]["total"]))
        b = (int(b_sets[name]["passed"]), int(b_sets[name]["total"]))
        changes.append(SetChange(name, a, b, fisher_exact(a, b)))
    per_a, per_b = _per_case(cases_a), _per_case(cases_b)
    case_changes = [
        CaseChange(key[0], key[1], per_a[key][0], per_b[key][0], per_b[key][1])
        for key in sorted(per_a.keys() & per_b.keys())
        if key[0] in common and per_a[key][0] != per_b[key][0]
    ]
    return Comparison(
        sum_a,
        sum_b,
        changes,
        case_changes,
        sorted(set(a_sets) - set(b_sets)),
        sorted(set(b_sets) - set(a_sets)),
    )


def _per_case(rows: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[float, list[str]]]:
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("verdict") != "skip":
            grouped.setdefault((str(row["set"]), str(row["case_id"])), []).append(row)
    out = {}
    for key, runs in grouped.items():
        passed = sum(r["verdict"] == "pass" for r in runs) / len(runs)
        problems = next((list(r["problems"]) for r in runs if r["verdict"] != "pass"), [])
        out[key] = (passed, problems)
    return out


def _rate(counts: tuple[int, int]) -> float:
    return counts[0] / counts[1] if counts[1] else 0.0


def fisher_exact(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Two-sided Fisher exact p-value of passed/scored ``a`` against ``b`` (1.0 when empty)."""
    pa, na = a
    pb, nb = b
    passes, total = pa + pb, na + nb
    if total == 0 or na == 0 or nb == 0:
        return 1.0

    def prob(x: int) -> float:  # P(x passes in A | margins)
        return math.comb(na, x) * math.comb(nb, passes - x) / math.comb(total, passes)

    observed = prob(pa)
    low, high = max(0, passes - nb), min(na, passes)
    p = sum(q for x in range(low, high + 1) if (q := prob(x)) <= observed * (1 + 1e-9))
    return min(1.0, p)
