"""Running eval suites: every case of every set, K times, through a subject; nothing ever aborts.

The subject is passed in (:class:`Subject`): the CLI wires the assistant
(:class:`assistant.agent.eval_subject.AgentSubject`), tests may wire anything. A case ends one of
four ways: ``pass``, ``fail`` (the answer is wrong, with the reasons), ``error`` (the subject could
not answer: a provider error, a timeout, a cassette miss; the run goes on to the next case) or
``skip`` (the case cannot be scored on this market). A set's pass rate counts errors against it:
an outage must never raise a score.

Each result keeps the case's transcript, tokens, cost and seconds, so a failure can be read and
two runs compared without running anything again (:mod:`.reports`, :mod:`.compare`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from .cases import ConversationCase, load_conversation_cases
from .goals import GoalCase, cannot_run, check_answer, load_goal_cases
from .retrieval import RetrievalCase, load_retrieval_cases
from .scoring import CaseError, score_conversation
from .suites import CaseSet
from .transcript import Transcript

Verdict = Literal["pass", "fail", "error", "skip"]


class Subject(Protocol):
    """What answers the cases: a model with its prompts, or the harness around a scripted one."""

    @property
    def label(self) -> str: ...

    def listed(self) -> set[str]: ...

    def goal(self, case: GoalCase) -> tuple[dict[str, Any], Transcript]: ...

    def conversation(self, case: ConversationCase) -> Transcript: ...

    def retrieve(self, query: str, k: int = 3) -> list[str]: ...


@dataclass
class CaseResult:
    set: str  # "safety/dev"
    case_id: str
    repeat: int
    verdict: Verdict
    text: str  # the case's input, for a person reading the report
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    title: str = ""
    transcript: dict[str, Any] | None = None
    answer: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class SetResult:
    case_set: CaseSet
    results: list[CaseResult] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)  # e.g. retrieval hit@3

    def count(self, verdict: Verdict) -> int:
        return sum(r.verdict == verdict for r in self.results)

    @property
    def scored(self) -> int:
        return len(self.results) - self.count("skip")

    @property
    def score(self) -> float:
        return self.count("pass") / self.scored if self.scored else 0.0

    @property
    def met(self) -> bool:
        return self.scored > 0 and self.score >= self.case_set.threshold - 1e-12

    def consistent(self) -> float:
        """Share of cases that passed on every repeat (pass^k), over cases scored."""
        by_case: dict[str, list[bool]] = {}
        for r in self.results:
            if r.verdict != "skip":
                by_case.setdefault(r.case_id, []).append(r.verdict == "pass")
        return sum(all(v) for v in by_case.values()) / len(by_case) if by_case else 0.0

    def summary(self) -> dict[str, Any]:
        seconds = sorted(r.seconds for r in self.results if r.verdict != "skip")
        p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))] if seconds else 0.0
        cs = self.case_set
        return {
            "set": cs.label,
            "suite": cs.suite,
            "name": cs.name,
            "role": cs.role,
            "file": str(cs.path),
            "total": self.scored,
            "cases": len({r.case_id for r in self.results}),
            "passed": self.count("pass"),
            "failed": self.count("fail"),
            "errors": self.count("error"),
            "skipped": self.count("skip"),
            "score": round(self.score, 4),
            "pass_all_repeats": round(self.consistent(), 4),
            "threshold": cs.threshold,
            "met": self.met,
            "median_ms": round(1000 * seconds[len(seconds) // 2], 2) if seconds else 0.0,
            "p95_ms": round(1000 * p95, 2),
            "input_tokens": sum(r.input_tokens for r in self.results),
            "output_tokens": sum(r.output_tokens for r in self.results),
            "cost": round(sum(r.cost for r in self.results), 6),
            **{k: round(v, 4) for k, v in self.metrics.items()},
        }


@dataclass
class EvalRun:
    subject: str
    prompt_version: str
    repeat: int
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    sets: list[SetResult] = field(default_factory=list)
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)  # cassette hits, embedder...

    @property
    def met(self) -> bool:
        return bool(self.sets) and all(s.met for s in self.sets)

    def summary(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "prompt_version": self.prompt_version,
            "repeat": self.repeat,
            "started": self.started,
            "seconds": round(self.seconds, 2),
            "met": self.met,
            "sets": [s.summary() for s in self.sets],
            **self.extra,
        }


Progress = Callable[[str, int, int, CaseResult | None], None]


def run_sets(
    sets: list[CaseSet],
    subject: Subject,
    *,
    repeat: int = 1,
    prompt_version: str = "current",
    progress: Progress | None = None,
) -> EvalRun:
    """Every case of ``sets``, ``repeat`` times each; ``progress`` hears of each case done."""
    run = EvalRun(subject.label, prompt_version, repeat)
    start = time.perf_counter()
    listed: set[str] | None = None
    for case_set in sets:
        out = SetResult(case_set)
        jobs = _jobs(case_set)
        if case_set.kind == "goal" and listed is None:
            listed = subject.listed()
        total = len(jobs) * repeat
        if progress:
            progress(case_set.label, 0, total, None)
        done = 0
        for n in range(repeat):
            for job in jobs:
                result = job(subject, n, listed or set())
                out.results.append(result)
                done += 1
                if progress:
                    progress(case_set.label, done, total, result)
        if case_set.kind == "retrieval":
            hits = [r for r in out.results if r.verdict != "skip"]
            out.metrics["hit_at_3"] = (
                sum(bool(r.answer and r.answer.get("hit_at_3")) for r in hits) / len(hits)
                if hits
                else 0.0
            )
        run.sets.append(out)
    run.seconds = time.perf_counter() - start
    return run


Job = Callable[[Subject, int, set[str]], CaseResult]


def _jobs(case_set: CaseSet) -> list[Job]:
    label = case_set.label
    if case_set.kind == "goal":
        return [_goal_job(label, c) for c in load_goal_cases(case_set.path)]
    if case_set.kind == "retrieval":
        return [_retrieval_job(label, c) for c in load_retrieval_cases(case_set.path)]
    return [_conversation_job(label, c) for c in load_conversation_cases(case_set.path)]


def _goal_job(label: str, case: GoalCase) -> Job:
    def job(subject: Subject, n: int, listed: set[str]) -> CaseResult:
        result = CaseResult(label, case.id, n, "pass", case.goal)
        reason = cannot_run(case, listed)
        if reason:
            result.verdict, result.problems = "skip", [reason]
            return result
        start = time.perf_counter()
        try:
            answer, transcript = subject.goal(case)
        except Exception as exc:
            return _errored(result, exc, start)
        result.seconds = time.perf_counter() - start
        result.answer = answer
        _account(result, transcript)
        try:
            result.problems = check_answer(case, **answer)
        except Exception as exc:
            result.problems = [f"the answer does not check: {exc}"]
        result.verdict = "fail" if result.problems else "pass"
        return result

    return job


def _conversation_job(label: str, case: ConversationCase) -> Job:
    def job(subject: Subject, n: int, listed: set[str]) -> CaseResult:
        result = CaseResult(label, case.id, n, "pass", " / ".join(case.turns), title=case.title)
        start = time.perf_counter()
        try:
            transcript = subject.conversation(case)
        except Exception as exc:
            return _errored(result, exc, start)
        result.seconds = time.perf_counter() - start
        _account(result, transcript)
        try:
            result.problems = score_conversation(case.expect, transcript)
        except CaseError as exc:
            result.verdict, result.problems = "error", [str(exc)]
            return result
        result.verdict = "fail" if result.problems else "pass"
        return result

    return job


def _retrieval_job(label: str, case: RetrievalCase) -> Job:
    def job(subject: Subject, n: int, listed: set[str]) -> CaseResult:
        result = CaseResult(label, case.case_id, n, "pass", case.query)
        start = time.perf_counter()
        try:
            found = subject.retrieve(case.query, 3)
        except Exception as exc:
            return _errored(result, exc, start)
        result.seconds = time.perf_counter() - start
        result.answer = {"found": found, "hit_at_3": case.expected in found}
        if found[:1] != [case.expected]:
            result.verdict = "fail"
            result.problems = [f"first note {found[:1]}, expected {case.expected!r} (got {found})"]
        return result

    return job


def _errored(result: CaseResult, exc: BaseException, start: float) -> CaseResult:
    result.seconds = time.perf_counter() - start
    result.verdict = "error"
    hint = getattr(exc, "hint", None)
    result.problems = [f"{type(exc).__name__}: {exc}" + (f" ({hint})" if hint else "")]
    return result


def _account(result: CaseResult, transcript: Transcript) -> None:
    totals = transcript.totals()
    result.input_tokens = totals["input_tokens"]
    result.output_tokens = totals["output_tokens"]
    result.cost = totals["cost"]
    result.transcript = transcript.to_dict()
