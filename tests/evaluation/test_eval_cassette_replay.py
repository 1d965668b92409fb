"""A language model's eval run, recorded once and replayed with no server (CI replays).

The "real model" is the scripted OpenAI-compatible server on loopback, so the test runs offline;
the cassette sits in the HTTP transport under the real openai client, as it does for any model.
An error is never cached: the case that met an HTTP 500 while recording is an error again on
replay (a cassette miss), and the run goes on past it both times.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.agent.models.script_server import ScriptServer
from assistant.agent.models.script_steps import parse_script
from assistant.cli import main

CASES: list[dict[str, Any]] = [
    {"id": "hrp", "turns": ["what is HRP?"], "expect": {"cites": "note", "status": "answer"}},
    {"id": "outage", "turns": ["what is risk parity?"], "expect": {"status": "answer"}},
]
SCRIPT: list[dict[str, Any]] = [
    {"tool_calls": [{"name": "search_knowledge", "args": {"query": "HRP"}}]},
    {"text": "HRP clusters coins that move together (source: knowledge note 'hrp')."},
    {"error": 500},
]


def run(
    capsys: pytest.CaptureFixture[str], cases: Path, out: Path, *tape: str
) -> tuple[int, dict[str, Any]]:
    code = main(["eval", "grounding", str(cases), "--model", "m1", "--out", str(out), *tape])
    capsys.readouterr()
    rows = [json.loads(line) for line in (out / "cases.jsonl").read_text().splitlines()]
    return code, {r["case_id"]: r for r in rows}


def test_a_recorded_run_replays_without_the_server(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = tmp_path / "mine.jsonl"
    cases.write_text("".join(json.dumps(c) + "\n" for c in CASES))
    tape = tmp_path / "m1.cassette.jsonl"
    monkeypatch.setenv("COINPILOT_LLM_API_KEY", "proxy-token-123456")
    monkeypatch.setenv("COINPILOT_LLM_MAX_RETRIES", "0")
    with ScriptServer(parse_script(SCRIPT)) as server:
        monkeypatch.setenv("COINPILOT_LLM_BASE_URL", server.base_url)
        code, recorded = run(capsys, cases, tmp_path / "a", "--record", str(tape))
    assert code == 1  # the outage case is an error: the floor (every case) is not met
    assert recorded["hrp"]["verdict"] == "pass", recorded["hrp"]["problems"]
    assert recorded["outage"]["verdict"] == "error"
    assert "HTTP 500" in recorded["outage"]["problems"][0]
    kept = [json.loads(line) for line in tape.read_text().splitlines()]
    assert len(kept) == 2 and all(k["status"] == 200 for k in kept)  # the 500 was not cached
    assert "proxy-token-123456" not in tape.read_text()

    # the server is gone: only the cassette can answer
    code, replayed = run(capsys, cases, tmp_path / "b", "--replay", str(tape))
    assert replayed["hrp"]["verdict"] == "pass", replayed["hrp"]["problems"]
    hrp_a, hrp_b = recorded["hrp"]["transcript"], replayed["hrp"]["transcript"]
    assert hrp_a["turns"][0]["reply"] == hrp_b["turns"][0]["reply"]
    assert hrp_a["turns"][0]["tool_calls"] == hrp_b["turns"][0]["tool_calls"]
    assert replayed["outage"]["verdict"] == "error"
    assert "cassette has no answer" in replayed["outage"]["problems"][0]
    summary = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert summary["cassette"]["mode"] == "replay" and summary["cassette"]["hits"] == 2

    assert main(["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "--json"]) == 0
    diff = json.loads(capsys.readouterr().out)
    assert diff["cases"] == [] and diff["sets"][0]["delta"] == 0.0
