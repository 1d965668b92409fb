"""ChatOpenAI, mended for the OpenAI-compatible servers people actually run.

Some servers (vLLM and others) repeat a tool call's id and name in every streamed delta. LangChain
merges deltas by concatenating their strings, so ``propose_strategy`` arrives as
``propose_strategypropose_strategy...`` and the call is lost. This subclass drops a repeated name
or id before the merge: a delta whose name equals the name already received for that call index
adds nothing. Names that do arrive in pieces (``"propose_"``, ``"strategy"``) still join.

It changes nothing else: a truncated reply (``finish_reason: "length"``) is left as the server sent
it and refused later by the turn's model guard (:mod:`..meter`), never completed here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_openai import ChatOpenAI


class _Deduper:
    """Per stream: the name and id received so far for each tool-call index."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {}
        self.ids: dict[int, str] = {}

    def fix(self, chunk: ChatGenerationChunk) -> ChatGenerationChunk:
        message = chunk.message
        if not isinstance(message, AIMessageChunk) or not message.tool_call_chunks:
            return chunk
        for part in message.tool_call_chunks:
            index = part.get("index")
            if index is None:
                continue
            name, call_id = part.get("name"), part.get("id")
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

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        dedupe = _Deduper()
        async for chunk in super()._astream(*args, **kwargs):
            yield dedupe.fix(chunk)
