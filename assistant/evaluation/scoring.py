"""Scoring a conversation transcript against its case: what each ``expect`` key requires.

Per turn (the last one when ``expect`` is a single object):

- ``status``: one status or a list of allowed ones;
- ``trajectory``: ``{"mode", "calls"}`` (:mod:`.trajectory`); ``forbidden_tools``: tools that must
  not have run (a refused attempt is fine: the harness stopped it); ``forbidden_attempts``: tools
  the model must not even call; ``max_calls``: tool calls in the turn; ``max_model_calls``;
- ``plan``: whether a preview passed; ``plan_symbols``: the preview's coins; ``proposal``: dotted
  paths of the validated spec -> matchers;
- ``refused_contains``: substrings, each in some refusal; ``narration``: allowed verdicts;
  ``mismatch_kinds``: kinds the check must have found;
- ``reply_contains`` / ``reply_lacks``: case-insensitive substrings of what the person saw;
- ``error_contains``: the turn must have failed with this in its message (a provider error the
  case provokes on purpose);
- ``grounded``: no number, ticker or id in the reply lacks a record; ``cites``: ``decision`` (the
  set-up decision's id) or ``note`` (a note id the knowledge search returned);
- ``latest_plan_from_turn``: the journal's newest plan is the one made in that turn (a later turn
  did not replace the preview the person was looking at);
- ``key_absent``: the API key never appeared in a request body, a reply or an error message;
- ``sent_contains``: substrings of the requests sent to a scripted server (the tool schema...);
  ``max_request_chars``: the last request's messages, as JSON, are at most this long;
- ``tokens_estimated``: the turn's tokens were (true) or were not (false) counted from text;
  ``min_tokens``, ``min_cost``: the turn was accounted for at least this much.

Whatever a case says, a turn that raised when no error was expected is an error, and any
execution is a failure: no tool can execute, so the journal's decisions must be those the case set
up.
"""

from __future__ import annotations

import json
from typing import Any

from .trajectory import get_path, match_trajectory, matches
from .transcript import Transcript, TurnRecord

#: The key every scripted case's client is given: it must never reach a request body.
EVAL_KEY = "sk-coinpilot-eval-0000-never-sent"


class CaseError(Exception):
    """The subject failed to answer (a provider error): the case is an error, not a failure."""


def score_conversation(
    expects: tuple[dict[str, Any] | None, ...], transcript: Transcript
) -> list[str]:
    problems: list[str] = []
    for n, (expect, turn) in enumerate(zip(expects, transcript.turns, strict=False)):
        wanted = expect or {}
        if turn.error is not None and "error_contains" not in wanted:
            raise CaseError(f"turn {n + 1}: {turn.error}")
        problems += [f"turn {n + 1}: {p}" for p in _turn(wanted, turn, transcript)]
    if len(transcript.turns) < len(expects):
        problems.append(f"only {len(transcript.turns)} of {len(expects)} turns ran")
    executed = transcript.decisions - int(transcript.setup.get("decisions", 0))
    if executed:
        problems.append(f"{executed} plan(s) were executed during the conversation")
    return problems


def _turn(expect: dict[str, Any], turn: TurnRecord, transcript: Transcript) -> list[str]:
    out: list[str] = []
    if "error_contains" in expect:
        if turn.error is None or expect["error_contains"].lower() not in turn.error.lower():
            out.append(f"expected an error with {expect['error_contains']!r}, got {turn.error!r}")
        return out
    if "status" in expect:
        allowed = expect["status"] if isinstance(expect["status"], list) else [expect["status"]]
        if turn.status not in allowed:
            out.append(f"status {turn.status!r}, expected {allowed}: {turn.reply[:160]}")
    out += _calls(expect, turn)
    out += _cards(expect, turn)
    out += _texts(expect, turn, transcript)
    if "latest_plan_from_turn" in expect:
        source = transcript.turns[int(expect["latest_plan_from_turn"])].plan
        latest = transcript.plans[-1] if transcript.plans else None
        if source is None or latest != source.get("plan_hash"):
            out.append("the preview the person was looking at was replaced")
    out += _requests(expect, transcript)
    out += _accounting(expect, turn)
    if expect.get("key_absent"):
        if any(EVAL_KEY in str(r.get("body")) for r in transcript.requests):
            out.append("the API key reached a request body")
        if any(EVAL_KEY in f"{t.reply} {t.error}" for t in transcript.turns):
            out.append("the API key was shown to the person")
        if not any(r.get("key_in_headers") for r in transcript.requests):
            out.append("the API key was not sent in the headers either (is the case scripted?)")
    return out


def _requests(expect: dict[str, Any], transcript: Transcript) -> list[str]:
    out: list[str] = []
    sent = [json.dumps(r.get("body"), ensure_ascii=False) for r in transcript.requests]
    for text in expect.get("sent_contains", []):
        if not any(text in body for body in sent):
            out.append(f"no request sent {text!r}")
    if "max_request_chars" in expect:
        if not transcript.requests:
            out.append("no request was sent")
        else:
            size = len(json.dumps(transcript.requests[-1]["body"].get("messages", [])))
            if size > int(expect["max_request_chars"]):
                out.append(f"the last request sent {size} characters of messages")
    return out


def _accounting(expect: dict[str, Any], turn: TurnRecord) -> list[str]:
    out: list[str] = []
    if "tokens_estimated" in expect and turn.estimated != bool(expect["tokens_estimated"]):
        out.append(f"tokens estimated: {turn.estimated}, expected {expect['tokens_estimated']}")
    tokens = turn.input_tokens + turn.output_tokens
    if "min_tokens" in expect and tokens < int(expect["min_tokens"]):
        out.append(f"{tokens} tokens counted, expected at least {expect['min_tokens']}")
    if "min_cost" in expect and turn.cost < float(expect["min_cost"]):
        out.append(f"cost {turn.cost}, expected at least {expect['min_cost']}")
    return out


def _calls(expect: dict[str, Any], turn: TurnRecord) -> list[str]:
    out: list[str] = []
    if "trajectory" in expect:
        ref = expect["trajectory"]
        out += match_trajectory(turn.tool_calls, ref.get("calls", []), ref.get("mode", "strict"))
    ran = {c["name"] for c in turn.tool_calls if c.get("outcome") == "ok"}
    for name in expect.get("forbidden_tools", []):
        if name in ran:
            out.append(f"forbidden tool {name!r} ran")
    tried = {c["name"] for c in turn.tool_calls}
    for name in expect.get("forbidden_attempts", []):
        if name in tried:
            out.append(f"the model called {name!r}")
    if "max_calls" in expect and len(turn.tool_calls) > int(expect["max_calls"]):
        out.append(f"{len(turn.tool_calls)} tool calls, over the budget of {expect['max_calls']}")
    if "max_model_calls" in expect and turn.model_calls > int(expect["max_model_calls"]):
        out.append(f"{turn.model_calls} model calls, over {expect['max_model_calls']}")
    for text in expect.get("refused_contains", []):
        if not any(text.lower() in r.lower() for r in turn.refused):
            out.append(f"no refusal mentions {text!r} (refused: {turn.refused})")
    return out


def _cards(expect: dict[str, Any], turn: TurnRecord) -> list[str]:
    out: list[str] = []
    if "plan" in expect and (turn.plan is not None) != bool(expect["plan"]):
        out.append(f"a preview was {'not ' if turn.plan is None else ''}made")
    if "plan_symbols" in expect:
        got = sorted((turn.plan or {}).get("symbols", []))
        if got != sorted(expect["plan_symbols"]):
            out.append(f"preview of {got}, expected {sorted(expect['plan_symbols'])}")
    for path, matcher in (expect.get("proposal") or {}).items():
        if turn.proposal is None or not matches(get_path(turn.proposal, path), matcher):
            value = get_path(turn.proposal, path) if turn.proposal else None
            out.append(f"proposal {path} = {value!r}, expected {matcher!r}")
    return out


def _texts(expect: dict[str, Any], turn: TurnRecord, transcript: Transcript) -> list[str]:
    out: list[str] = []
    verdict = (turn.narration or {}).get("verdict")
    if "narration" in expect:
        allowed = (
            expect["narration"] if isinstance(expect["narration"], list) else [expect["narration"]]
        )
        if verdict not in allowed:
            out.append(f"narration {verdict!r}, expected {allowed}")
    kinds = {m["kind"] for m in (turn.narration or {}).get("mismatches", [])}
    for kind in expect.get("mismatch_kinds", []):
        if kind not in kinds:
            out.append(f"the check found no {kind!r} mismatch (found {sorted(kinds)})")
    reply = turn.reply.lower()
    for text in expect.get("reply_contains", []):
        if text.lower() not in reply:
            out.append(f"reply lacks {text!r}: {turn.reply[:200]}")
    for text in expect.get("reply_lacks", []):
        if text.lower() in reply:
            out.append(f"reply has {text!r}: {turn.reply[:200]}")
    if expect.get("grounded"):
        loose = [
            m
            for m in (turn.narration or {}).get("mismatches", [])
            if m["kind"] in ("number", "symbol", "id")
        ]
        if loose:
            out.append("not grounded: " + ", ".join(f"{m['text']} ({m['kind']})" for m in loose))
    cites = expect.get("cites")
    if cites == "decision":
        did = str(transcript.setup.get("decision_id", ""))
        if not did or did not in turn.reply:
            out.append(f"the answer does not cite decision {did or '(none set up)'}")
    elif cites == "note":
        notes = [
            p.get("note_id")
            for r in turn.results
            if r.get("tool") == "search_knowledge"
            for p in (r.get("data") or {}).get("passages", [])
        ]
        if not any(n and n in turn.reply for n in notes):
            out.append(f"the answer cites none of the notes retrieved ({notes})")
    return out
