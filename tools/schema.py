"""JSON schemas the model reads: pydantic models with every ``$ref`` inlined and titles dropped.

A tool's arguments are described to the model by their JSON schema. The spec tools take a whole
:class:`~assistant.domain.StrategySpec`; its schema is generated from the pydantic model (so it
can never drift from what the validator accepts) and inlined, because several OpenAI-compatible
servers ignore or reject ``$ref``. Titles are dropped: they repeat the field names and cost tokens.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel

from assistant.domain import StrategySpec


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema with its ``$defs`` resolved in place and ``title`` keys removed."""
    raw = model.model_json_schema()
    defs = raw.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                merged = {
                    **defs[ref.rsplit("/", 1)[1]],
                    **{k: v for k, v in node.items() if k != "$ref"},
                }
                return resolve(merged)
            return {k: resolve(v) for k, v in node.items() if k != "title"}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    result: dict[str, Any] = resolve(raw)
    return result


@cache
def spec_schema() -> dict[str, Any]:
    """The StrategySpec schema as the spec tools show it."""
    return inline_schema(StrategySpec)


def with_spec_schema(schema: dict[str, Any]) -> None:
    """``json_schema_extra`` for a ``spec`` field: its schema becomes the StrategySpec schema."""
    description = schema.get("description")
    schema.clear()
    schema.update(spec_schema())
    if description:
        schema["description"] = description
