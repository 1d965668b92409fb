"""Conversation and retrieval cases: one JSON object per line of ``evals/<suite>/*.jsonl``.

A conversation case (trajectories, safety, grounding):

- ``id``, ``title``; ``turns``: the person's messages, in order;
- ``script`` (optional): per turn, the list of replies a scripted adversary sends (see
  ``assistant.agent.models.script_steps``), spoken by a loopback OpenAI-compatible server through
  the real client; without one, the model under test answers;
- ``dialect`` (openai, ollama, vllm), ``streaming``, ``settings`` (``llm_*`` overrides such as a
  short timeout) for scripted cases;
- ``setup``: ``decision`` (a spec planned and executed first, so "why" has a record), ``news``
  (headlines served as the news feed), ``knowledge`` (passages a knowledge search returns),
  ``cancel_after`` (seconds after which each turn is cancelled, as Escape does);
- ``expect``: what the last turn must show, or a list with one entry (or null) per turn; the keys
  are listed in :mod:`.scoring`.

Retrieval cases are read by :mod:`.retrieval`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.domain import UserInputError, read_file_text

from .goals import CASES_MAX_BYTES


@dataclass(frozen=True)
class ConversationCase:
    id: str
    turns: tuple[str, ...]
    expect: tuple[dict[str, Any] | None, ...]  # one per turn
    title: str = ""
    script: tuple[tuple[dict[str, Any], ...], ...] | None = None
    dialect: str = "openai"
    streaming: bool = True
    settings: dict[str, Any] = field(default_factory=dict)
    setup: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()

    @property
    def scripted(self) -> bool:
        return self.script is not None


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    text = read_file_text(path, limit=CASES_MAX_BYTES, what="the case file")
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError as exc:
            raise UserInputError(f"{path}:{number} is not JSON ({exc}).") from None
        if not isinstance(raw, dict):
            raise UserInputError(f"{path}:{number} is not a JSON object.")
        out.append((number, raw))
    return out


def load_conversation_cases(path: Path) -> list[ConversationCase]:
    cases = []
    for number, raw in _lines(path):
        try:
            turns = tuple(str(t) for t in raw["turns"])
            expect = raw.get("expect", {})
            per_turn = (
                tuple(expect)
                if isinstance(expect, list)
                else tuple([None] * (len(turns) - 1) + [dict(expect)])
            )
            script = raw.get("script")
            if script is not None and len(script) != len(turns):
                raise ValueError("'script' needs one list of replies per turn")
            if len(per_turn) != len(turns):
                raise ValueError("'expect' as a list needs one entry per turn")
            cases.append(
                ConversationCase(
                    id=str(raw["id"]),
                    turns=turns,
                    expect=per_turn,
                    title=str(raw.get("title", "")),
                    script=tuple(tuple(t) for t in script) if script is not None else None,
                    dialect=str(raw.get("dialect", "openai")),
                    streaming=bool(raw.get("streaming", True)),
                    settings=dict(raw.get("settings", {})),
                    setup=dict(raw.get("setup", {})),
                    tags=tuple(raw.get("tags", ())),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise UserInputError(
                f"{path}:{number} is not a valid conversation case ({exc}).",
                hint="Each line needs 'id' and 'turns'; see assistant/evaluation/cases.py.",
            ) from None
    return cases
