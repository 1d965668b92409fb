"""An eval run written to a folder: per-case JSONL, summary JSON, Markdown, JUnit XML and HTML.

- ``cases.jsonl``: one line per case and repeat, with the whole transcript (what the person saw,
  the model's own text, every tool call and refusal, the narration check, tokens, cost, seconds);
- ``summary.json``: per set, the pass rate against its floor, errors, skips, latency and cost;
- ``report.md``: the same for a pull request or a terminal, with every failure and its reasons;
- ``junit.xml``: one test case per eval case and repeat, for CI dashboards;
- ``report.html``: one self-contained page (no scripts, no external files) with each failing
  case's transcript folded open.

`coinpilot eval compare` reads ``summary.json`` and ``cases.jsonl`` back (:mod:`.compare`).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from .runner import CaseResult, EvalRun

FILES = ("cases.jsonl", "summary.json", "report.md", "junit.xml", "report.html")


def write_run(run: EvalRun, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "cases.jsonl").open("w", encoding="utf-8") as f:
        for s in run.sets:
            for r in s.results:
                f.write(json.dumps(r.to_dict(), default=str, ensure_ascii=False) + "\n")
    (folder / "summary.json").write_text(
        json.dumps(run.summary(), indent=2, default=str), encoding="utf-8"
    )
    (folder / "report.md").write_text(markdown(run), encoding="utf-8")
    (folder / "junit.xml").write_text(junit(run), encoding="utf-8")
    (folder / "report.html").write_text(html_report(run), encoding="utf-8")
    return [folder / name for name in FILES]


def _row(s: dict[str, Any]) -> str:
    extra = f", hit@3 {s['hit_at_3']:.0%}" if "hit_at_3" in s else ""
    return (
        f"| {s['set']} | {s['role']} | {s['passed']}/{s['total']} | {s['score']:.1%}{extra} | "
        f"{s['threshold']:.0%} | {'met' if s['met'] else '**NOT MET**'} | {s['errors']} | "
        f"{s['skipped']} | {s['median_ms']:.0f} | {s['input_tokens'] + s['output_tokens']} | "
        f"{s['cost']:.4f} |"
    )


def markdown(run: EvalRun) -> str:
    summary = run.summary()
    lines = [
        f"# Eval run: {run.subject}",
        "",
        f"Prompt version {run.prompt_version}, {run.repeat} repeat(s), started {run.started}, "
        f"{run.seconds:.1f} s. Overall: {'all floors met' if run.met else 'a floor is NOT met'}.",
        "",
        "| set | role | passed | pass rate | floor | | errors | skipped | median ms | tokens "
        "| cost |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        *(_row(s) for s in summary["sets"]),
    ]
    for s in run.sets:
        bad = [r for r in s.results if r.verdict in ("fail", "error")]
        if not bad:
            continue
        lines += ["", f"## {s.case_set.label}: {len(bad)} not passed", ""]
        for r in bad:
            lines.append(f"- **{r.verdict.upper()} {r.case_id}** (repeat {r.repeat}): {r.text}")
            lines += [f"  - {p}" for p in r.problems]
    return "\n".join(lines) + "\n"


def junit(run: EvalRun) -> str:
    suites = ET.Element("testsuites", name=f"coinpilot eval {run.subject}")
    for s in run.sets:
        node = ET.SubElement(
            suites,
            "testsuite",
            name=s.case_set.label,
            tests=str(len(s.results)),
            failures=str(s.count("fail")),
            errors=str(s.count("error")),
            skipped=str(s.count("skip")),
            time=f"{sum(r.seconds for r in s.results):.3f}",
        )
        for r in s.results:
            case = ET.SubElement(
                node,
                "testcase",
                classname=s.case_set.label,
                name=f"{r.case_id}[{r.repeat}]",
                time=f"{r.seconds:.3f}",
            )
            detail = "\n".join(r.problems)
            if r.verdict == "fail":
                ET.SubElement(case, "failure", message=_first(r)).text = detail
            elif r.verdict == "error":
                ET.SubElement(case, "error", message=_first(r)).text = detail
            elif r.verdict == "skip":
                ET.SubElement(case, "skipped", message=_first(r))
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _first(r: CaseResult) -> str:
    return r.problems[0][:300] if r.problems else ""


_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}"
    ".fail{color:#b00}.pass{color:#070}.error{color:#a60}pre{white-space:pre-wrap;"
    "background:#f6f6f6;padding:.5em}"
)


def html_report(run: EvalRun) -> str:
    e = html.escape
    summary = run.summary()
    rows = "".join(
        f"<tr><td>{e(s['set'])}</td><td>{e(s['role'])}</td><td>{s['passed']}/{s['total']}</td>"
        f"<td>{s['score']:.1%}</td><td>{s['threshold']:.0%}</td>"
        f"<td class={'pass' if s['met'] else 'fail'}>{'met' if s['met'] else 'NOT MET'}</td>"
        f"<td>{s['errors']}</td><td>{s['skipped']}</td><td>{s['median_ms']:.0f}</td></tr>"
        for s in summary["sets"]
    )
    details = []
    for s in run.sets:
        for r in s.results:
            if r.verdict not in ("fail", "error"):
                continue
            turns = (r.transcript or {}).get("turns", [])
            shown = "".join(
                f"<p><b>person:</b> {e(t['person'])}<br><b>status:</b> {e(t['status'])}<br>"
                f"<b>shown:</b></p><pre>{e(t['reply'])}</pre>"
                f"<p><b>tool calls:</b> {e(json.dumps(t['tool_calls'], default=str))}</p>"
                f"<p><b>refused:</b> {e('; '.join(t['refused']))}</p>"
                for t in turns
            )
            details.append(
                f"<details><summary class={r.verdict}>{e(r.verdict.upper())} "
                f"{e(s.case_set.label)} {e(r.case_id)} [{r.repeat}]: {e(r.text[:120])}</summary>"
                f"<ul>{''.join(f'<li>{e(p)}</li>' for p in r.problems)}</ul>{shown}</details>"
            )
    return (
        "<!doctype html><html><head><meta charset=utf-8>"
        f"<title>coinpilot eval {e(run.subject)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Eval run: {e(run.subject)}</h1><p>Prompt version {e(run.prompt_version)}, "
        f"{run.repeat} repeat(s), started {e(run.started)}, {run.seconds:.1f} s.</p>"
        "<table><tr><th>set</th><th>role</th><th>passed</th><th>pass rate</th><th>floor</th>"
        f"<th></th><th>errors</th><th>skipped</th><th>median ms</th></tr>{rows}</table>"
        f"<h2>Not passed</h2>{''.join(details) or '<p>None.</p>'}</body></html>\n"
    )
