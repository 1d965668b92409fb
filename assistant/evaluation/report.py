"""Scores of an eval run: pass rate, failures with reasons, skipped cases and latency.

The pass rate is passed / cases run: a skipped case (its coins not listed on the market used)
counts neither way. A report with no case run scores 0, so it never meets a threshold.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any


@dataclass
class EvalReport:
    suite: str
    subject: str
    total: int = 0
    passed: int = 0
    failures: list[tuple[str, str, list[str]]] = field(default_factory=list)  # id, input, why
    skipped: list[tuple[str, str]] = field(default_factory=list)  # id, reason
    seconds: list[float] = field(default_factory=list)
    threshold: float = 1.0  # the pass rate this suite must reach

    @property
    def met(self) -> bool:
        return self.total > 0 and self.score >= self.threshold - 1e-12

    def add(self, case_id: str, text: str, problems: list[str], seconds: float) -> None:
        self.total += 1
        self.seconds.append(seconds)
        if problems:
            self.failures.append((case_id, text, problems))
        else:
            self.passed += 1

    @property
    def score(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def latency_ms(self) -> tuple[float, float]:
        """Median and p95 per case, in milliseconds."""
        if not self.seconds:
            return 0.0, 0.0
        times = sorted(self.seconds)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        return statistics.median(times) * 1000, p95 * 1000

    def to_dict(self) -> dict[str, Any]:
        median, p95 = self.latency_ms()
        return {
            "suite": self.suite,
            "subject": self.subject,
            "total": self.total,
            "passed": self.passed,
            "score": round(self.score, 4),
            "threshold": self.threshold,
            "met": self.met,
            "median_ms": round(median, 2),
            "p95_ms": round(p95, 2),
            "failures": [{"id": i, "input": t, "problems": p} for i, t, p in self.failures],
            "skipped": [{"id": i, "reason": r} for i, r in self.skipped],
        }

    def lines(self, verbose: bool = False) -> list[str]:
        median, p95 = self.latency_ms()
        out = [
            f"{self.suite} with {self.subject}: {self.passed}/{self.total} passed "
            f"({self.score:.0%}); per case median {median:.1f} ms, p95 {p95:.1f} ms"
            + (f"; {len(self.skipped)} skipped" if self.skipped else "")
            + f"; threshold {self.threshold:.0%} {'met' if self.met else 'NOT MET'}"
        ]
        for case_id, text, problems in self.failures:
            out.append(f"  FAIL {case_id}: {text}")
            out.extend(f"      {p}" for p in (problems if verbose else problems[:1]))
        for case_id, reason in self.skipped:
            out.append(f"  skip {case_id}: {reason}")
        return out
