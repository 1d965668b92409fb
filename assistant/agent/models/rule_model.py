"""A LangChain chat model whose replies come from Python code instead of a neural network.

Both the bundled offline model and the scripted test model are this class with a different
``respond`` function, so the real LangChain agent loop (tool calls, tool messages, streaming) runs
the same way with or without an LLM. It emits genuine ``tool_calls``; it never runs tools itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool

Responder = Callable[[Sequence[BaseMessage], Sequence[str]], AIMessage]


class RuleChatModel(BaseChatModel):
    """Chat model driven by ``respond(messages, bound_tool_names) -> AIMessage``."""

    respond: Responder
    model_id: str = "rule-model"
    bound_tools: tuple[str, ...] = ()

    @property
    def _llm_type(self) -> str:
        return "coinpilot-rule"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> RuleChatModel:  # type: ignore[override]
        names = tuple(convert_to_openai_tool(t)["function"]["name"] for t in tools)
        return self.model_copy(update={"bound_tools": names})

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        message = self._reply(messages)
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        """Stream text word by word so the UI shows offline answers the way it shows an LLM's."""
        message = self._reply(messages)
        if message.tool_calls:
            chunk = AIMessageChunk(
                content=message.content,
                tool_call_chunks=[
                    {
                        "name": c["name"],
                        "args": _json(c["args"]),
                        "id": c["id"],
                        "index": i,
                        "type": "tool_call_chunk",
                    }
                    for i, c in enumerate(message.tool_calls)
                ],
                response_metadata=dict(message.response_metadata),
                usage_metadata=message.usage_metadata,
            )
            yield ChatGenerationChunk(message=chunk)
            return
        text = str(message.content)
        words = text.split(" ")
        for i, word in enumerate(words):
            piece = word if i == len(words) - 1 else word + " "
            chunk = AIMessageChunk(content=piece)
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=ChatGenerationChunk(message=chunk))
            yield ChatGenerationChunk(message=chunk)
        yield ChatGenerationChunk(
            message=AIMessageChunk(
                content="",
                response_metadata=dict(message.response_metadata),
                usage_metadata=message.usage_metadata,
            )
        )

    def _reply(self, messages: Sequence[BaseMessage]) -> AIMessage:
        # A call to a tool it was not given is passed on as is: the agent's guard answers it,
        # exactly as it must for an LLM that hallucinates a tool name.
        return self.respond(messages, self.bound_tools)


def _json(args: dict[str, Any]) -> str:
    import json

    return json.dumps(args)
