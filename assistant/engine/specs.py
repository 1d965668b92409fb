"""Loading spec files and checking them against a market: the `spec-check` use case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.domain import (
    FieldChange,
    SpecError,
    StrategySpec,
    UserInputError,
    diff_specs,
    parse_spec,
    parse_spec_toml,
    read_file_text,
)

from .policy import ResolvedSpec, check_spec
from .services import Services

#: A spec is a few hundred bytes; anything past this is not one (and is not read).
SPEC_MAX_BYTES = 1 << 20


def load_spec_file(path: str | Path) -> StrategySpec:
    """A spec from a TOML file, read through the bounded reader (no FIFOs, devices or giants)."""
    p = Path(path)
    try:
        text = read_file_text(p, limit=SPEC_MAX_BYTES, what="the file")
    except UserInputError as exc:
        problem = exc.message if not exc.hint else f"{exc.message} {exc.hint}"
        raise SpecError([problem], source=str(p)) from None
    return parse_spec_toml(text, source=str(p))


def validate_spec(
    services: Services, spec: StrategySpec, *, source: str | None = None
) -> tuple[ResolvedSpec, list[FieldChange]]:
    """Shape-valid spec -> market-checked spec, and its diff against the last recorded version."""
    resolved = check_spec(services.market, spec, source=source)
    previous = services.journal.latest_spec(spec.name)
    return resolved, diff_specs(previous, spec) if previous is not None else []


def propose_spec(
    services: Services, data: dict[str, Any]
) -> tuple[StrategySpec, ResolvedSpec, list[FieldChange]]:
    """Validate a proposed spec (from the model or a form) and version it against the journal.

    A proposal that changes a recorded spec of the same name becomes its next version, so the diff
    a person sees is always against what was last previewed. Nothing is written here.
    """
    spec = parse_spec(data, source="the proposed spec")
    resolved = check_spec(services.market, spec, source="the proposed spec")
    previous = services.journal.latest_spec(spec.name)
    if previous is None:
        return spec, resolved, []
    changes = diff_specs(previous, spec)
    if changes and spec.version <= previous.version:
        spec = spec.model_copy(update={"version": previous.version + 1})
    elif not changes:
        spec = previous
    return spec, resolved, changes
