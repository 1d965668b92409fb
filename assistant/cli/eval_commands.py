"""`coinpilot eval`: run the eval suites on a model and prompt version, and compare two runs.

    coinpilot eval [SUITE|FILE ...] [--model offline|NAME] [--prompt-version V] [--repeat K]
                   [--out DIR] [--record CASSETTE | --replay CASSETTE] [--json] [--verbose]
    coinpilot eval compare RUN_A RUN_B

The suites ship with the package (``evals/``: goals, trajectories, safety, grounding, retrieval);
with no suite named, all run. A run writes its folder (cases.jsonl, summary.json, report.md,
junit.xml, report.html) and exits 1 when a set misses its floor (thresholds.toml in its suite),
so CI can gate on it. ``--model NAME`` uses the OpenAI-compatible server configured by
COINPILOT_LLM_BASE_URL and the key from COINPILOT_LLM_API_KEY; ``--record`` keeps its answers in
a cassette that ``--replay`` answers from later with no server at all.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.evaluation.runner import CaseResult, EvalRun


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "eval",
        parents=[common],
        help="score a model and prompt on the eval suites, or compare two runs",
        description="Suites: goals, trajectories, safety, grounding, retrieval (default: all). "
        "`coinpilot eval compare RUN_A RUN_B` compares two run folders.",
    )
    p.add_argument(
        "suites",
        nargs="*",
        metavar="SUITE",
        help="suites to run, each optionally followed by its own .jsonl case files; "
        "or: compare RUN_A RUN_B",
    )
    p.add_argument("--model", default="offline", help="offline (default), or a model name")
    p.add_argument("--prompt-version", default=None, help="system prompt version, e.g. v2")
    p.add_argument("--repeat", type=_positive, default=1, help="run every case K times")
    p.add_argument("--out", type=Path, default=None, help="run folder (default: under home)")
    tape = p.add_mutually_exclusive_group()
    tape.add_argument("--record", type=Path, help="record the model's answers to this cassette")
    tape.add_argument("--replay", type=Path, help="answer from this cassette, no server")
    p.add_argument("--verbose", action="store_true", help="every reason of every failure")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_eval, needs_services=False)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number from 1 to 100")
    return value


def cmd_eval(args: argparse.Namespace, services: object) -> int:
    if args.suites[:1] == ["compare"]:
        return _compare(args)
    from assistant.agent.eval_subject import AgentSubject
    from assistant.agent.prompts import load_prompt
    from assistant.config import load_settings
    from assistant.domain import UserInputError
    from assistant.evaluation.reports import write_run
    from assistant.evaluation.runner import run_sets
    from assistant.evaluation.suites import discover

    from .output import print_json

    sets = discover(list(args.suites))
    settings = load_settings()
    no_server = not settings.llm_base_url and settings.llm_key() is None
    if args.model != "offline" and not args.replay and no_server:
        raise UserInputError(
            f"--model {args.model} names no server to ask: COINPILOT_LLM_BASE_URL is not set, "
            "and there is no OpenAI key for OpenAI's own.",
            hint="Set COINPILOT_LLM_BASE_URL (Ollama: http://localhost:11434/v1), or "
            "OPENAI_API_KEY; or --replay a cassette; or --model offline.",
        )
    if args.model == "offline" and (args.record or args.replay):
        raise UserInputError(
            "--record and --replay are for a language model; the offline parser is "
            "deterministic and needs no cassette.",
            hint="Add --model NAME.",
        )
    prompt = load_prompt("system", args.prompt_version)  # an unknown version fails here
    cassette = _cassette(args)
    subject = AgentSubject(
        settings,
        model=args.model,
        prompt_version=args.prompt_version,
        cassette=cassette,
        market=args.market,
    )
    progress = None if (args.quiet or args.json) else _progress
    run = run_sets(sets, subject, repeat=args.repeat, prompt_version=prompt.ref, progress=progress)
    if any(s.case_set.kind == "retrieval" for s in run.sets):
        run.extra["embedder"] = subject.embedder
    if cassette is not None:
        run.extra["cassette"] = {
            "path": str(cassette.path),
            "mode": cassette.mode,
            "hits": cassette.hits,
            "recorded": cassette.recorded,
        }
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = args.out or settings.home / "evals" / f"{stamp}-{_slug(args.model)}"
    written = write_run(run, folder)
    if args.json:
        print_json([s.summary() for s in run.sets])
    else:
        _print(run, args.verbose, written[0].parent)
    return 0 if run.met else 1


def _cassette(args: argparse.Namespace) -> Any:
    if not (args.record or args.replay):
        return None
    from assistant.agent.cassette import Cassette

    return Cassette(args.record, "record") if args.record else Cassette(args.replay, "replay")


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-." else "-" for c in text)[:40]


def _progress(label: str, done: int, total: int, result: CaseResult | None) -> None:
    """One line per set on a pipe; a counter that rewrites itself on a terminal."""
    failed = "" if result is None or result.verdict in ("pass", "skip") else " (" + result.case_id
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        mark = f" last: {result.verdict} {result.case_id}" if result else ""
        sys.stderr.write(f"\r{label}: {done}/{total}{mark}\033[K{end}")
    elif done == total:
        sys.stderr.write(f"{label}: {total} run\n")
    elif failed:
        sys.stderr.write(f"{label}: {done}/{total}, {result.verdict} {result.case_id}\n")  # type: ignore[union-attr]
    sys.stderr.flush()


def _print(run: EvalRun, verbose: bool, folder: Path) -> None:
    from .output import safe
    from .terminal import console

    def say(line: str) -> None:
        console.print(safe(line), markup=False)

    say(f"{run.subject}, prompt {run.prompt_version}, {run.repeat} repeat(s), {run.seconds:.1f} s")
    for s in run.sets:
        d = s.summary()
        extra = f", hit@3 {d['hit_at_3']:.0%}" if "hit_at_3" in d else ""
        say(
            f"{d['set']} ({d['role']}): {d['passed']}/{d['total']} passed ({d['score']:.0%}"
            f"{extra}); {d['errors']} errors, {d['skipped']} skipped; median {d['median_ms']:.0f} "
            f"ms; threshold {d['threshold']:.0%} {'met' if d['met'] else 'NOT MET'}"
        )
        for r in s.results:
            if r.verdict in ("fail", "error"):
                say(f"  {r.verdict.upper()} {r.case_id}: {r.text[:140]}")
                for p in r.problems if verbose else r.problems[:1]:
                    say(f"      {p[:600]}")
    say(f"Reports: {folder} (report.md, report.html, junit.xml, summary.json, cases.jsonl)")


def _compare(args: argparse.Namespace) -> int:
    from assistant.domain import UserInputError
    from assistant.evaluation.compare import compare_runs

    from .output import print_json, safe
    from .terminal import console

    if len(args.suites) != 3:
        raise UserInputError(
            "eval compare takes two run folders.", hint="coinpilot eval compare RUN_A RUN_B"
        )
    result = compare_runs(Path(args.suites[1]), Path(args.suites[2]))
    if args.json:
        print_json(result.to_dict())
    else:
        for line in result.lines():
            console.print(safe(line), markup=False)
    return 0
