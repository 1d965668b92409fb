"""ChatOpenAI, mended for the OpenAI-compatible servers people actually run.

Some servers (vLLM and others) repeat a tool call's id and name in every streamed delta. LangChain
merges deltas by concatenating their strings, so ``propose_strategy`` arrives as
``propose_strategypropose_strategy...`` and the call is lost. This subclass drops a repeated name
or id before the merge: a delta whose name equals the name already received for that call index
adds nothing. Names that do arrive in pieces (``"propose_"``, ``"strategy"``) still join.

Streamed arguments are joined and then parsed leniently by LangChain, which closes an unfinished
object (``{"spec": {"capital": 5000, `` becomes ``{"spec": {"capital": 5000}}``). So this class
keeps each call's raw text and, when the stream ends with one that is not valid JSON, names its id
in the reply's ``response_metadata`` (:data:`INVALID_ARGS`); the turn's model guard
(:mod:`..meter`) refuses it, as it refuses a reply cut off by ``finish_reason: "length"``. Nothing
is ever completed here.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_openai import ChatOpenAI

from ..meter import INVALID_ARGS


class _Deduper:
    """Per stream: the name, id and argument text received so far for each tool-call index."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {}
        self.ids: dict[int, str] = {}
        self.args: dict[int, str] = {}

    def broken(self) -> ChatGenerationChunk | None:
        """A last, empty chunk naming the calls whose joined arguments are not JSON; else None."""
        bad = []
        for index, text in self.args.items():
            if not text.strip():
                continue  # no arguments at all: a tool without parameters
            try:
                json.loads(text)
            except ValueError:
                bad.append(self.ids.get(index, f"index-{index}"))
        if not bad:
            return None
        return ChatGenerationChunk(
            message=AIMessageChunk(content="", response_metadata={INVALID_ARGS: bad})
        )

    def fix(self, chunk: ChatGenerationChunk) -> ChatGenerationChunk:
        message = chunk.message
        if not isinstance(message, AIMessageChunk) or not message.tool_call_chunks:
            return chunk
        for part in message.tool_call_chunks:
            index = part.get("index")
            if index is None:
                continue
            name, call_id = part.get("name"), part.get("id")
            self.args[index] = self.args.get(index, "") + (part.get("args") or "")
            if name and self.names.get(index) == name:
                part["name"] = None
            elif name:
                self.names[index] = self.names.get(index, "") + name
            if call_id and self.ids.get(index) == call_id:
                part["id"] = None
            elif call_id:
                self.ids[index] = call_id
        # tool_calls derived from the chunks at construction: rebuild them from the fixed parts
        fixed = AIMessageChunk(
            content=message.content,
            additional_kwargs=message.additional_kwargs,
            response_metadata=message.response_metadata,
            tool_call_chunks=message.tool_call_chunks,
            usage_metadata=message.usage_metadata,
            id=message.id,
        )
        return ChatGenerationChunk(message=fixed, generation_info=chunk.generation_info)


class CoinPilotChatOpenAI(ChatOpenAI):
    """:class:`ChatOpenAI` whose streamed tool calls survive servers that repeat their names."""

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        dedupe = _Deduper()
        for chunk in super()._stream(*args, **kwargs):
            yield dedupe.fix(chunk)
        last = dedupe.broken()
        if last is not None:
            yield last

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        dedupe = _Deduper()
        async for chunk in super()._astream(*args, **kwargs):
            yield dedupe.fix(chunk)
        last = dedupe.broken()
        if last is not None:
            yield last
