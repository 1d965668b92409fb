"""A preview must be of the spec validated this turn: the preview gate, for every model.

The issue this answers: a model validated BTC/ETH/SOL, then previewed 100% DOGE with $50,000 and
described the preview as the BTC/ETH/SOL strategy; `confirm` would have bought DOGE. A preview is
allowed only for a spec equal (all but its version number) to the proposal that passed validation
and the request check earlier in the same turn, or to a ``propose_strategy`` call sent in the same
message. It never edits a spec to make it match: a mismatch is a refusal, with the differences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assistant.domain import SpecError, diff_specs, parse_spec

NO_PROPOSAL = (
    "no spec was validated with propose_strategy in this answer; validate the spec first, then "
    "preview exactly that spec"
)


def preview_problems(
    preview: Mapping[str, Any],
    proposal: Mapping[str, Any] | None,
    siblings: Sequence[Mapping[str, Any]] = (),
) -> list[str]:
    """Why a preview of ``preview`` may not be made; empty when it may.

    ``proposal`` is the last spec validated this turn; ``siblings`` the specs of
    ``propose_strategy`` calls sent in the same message as the preview (run in parallel).
    """
    candidates = [proposal] if proposal is not None else list(siblings)
    if not candidates:
        return [NO_PROPOSAL]
    try:
        wanted = parse_spec(dict(preview), source="the preview's spec")
    except SpecError:
        return []  # the preview tool reports the shape problems itself
    differences: list[str] = []
    for candidate in candidates:
        try:
            validated = parse_spec(dict(candidate), source="the proposal")
        except SpecError:
            continue
        changes = diff_specs(validated, wanted)
        if not changes:
            return []
        differences = [c.describe() for c in changes]
    shown = "; ".join(differences[:6]) + ("; ..." if len(differences) > 6 else "")
    return [
        "the preview's spec differs from the one validated in this answer (" + shown + "); "
        "preview exactly the validated spec, or validate the new one first"
    ]
