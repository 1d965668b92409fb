"""Trajectory matching in the agentevals vocabulary: strict, unordered, subset, superset.

A reference trajectory is the tool calls a good answer makes; the subject's calls are compared
with it:

- ``strict``: the same calls in the same order;
- ``unordered``: the same calls in any order;
- ``subset``: every call the subject made is in the reference (nothing extra), some may be missing;
- ``superset``: every reference call was made, extra calls allowed.

A reference call names a tool and, optionally, argument matchers by dotted path (only the paths
given are compared): a plain value must be equal (numbers to 1e-6); ``{"$set": [...]}`` compares
a list as a set; ``{"$any": true}`` only requires the path; ``{"$absent": true}`` requires it
missing; ``{"$contains": x}`` a list or text containing x; ``{"$regex": "..."}`` text matching;
``{"$gte": n}`` / ``{"$lte": n}`` bounds; ``{"$in": [...]}`` one of the values. ``outcome`` (ok,
failed, refused) may be matched too, with the same matchers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

MODES = ("strict", "unordered", "subset", "superset")
_MISSING = object()


def get_path(data: Any, path: str) -> Any:
    node = data
    for key in path.split("."):
        if isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return _MISSING
    return node


def matches(value: Any, matcher: Any) -> bool:
    """Whether ``value`` (``_MISSING`` when absent) satisfies ``matcher``."""
    if isinstance(matcher, dict) and matcher and all(k.startswith("$") for k in matcher):
        return all(_operator(value, op, arg) for op, arg in matcher.items())
    if value is _MISSING:
        return False
    if isinstance(matcher, int | float) and isinstance(value, int | float | str):
        try:
            return math.isclose(float(value), float(matcher), abs_tol=1e-6)
        except ValueError:
            return False
    return bool(value == matcher)


def _operator(value: Any, op: str, arg: Any) -> bool:
    if op == "$absent":
        return (value is _MISSING or value is None) == bool(arg)
    if op == "$any":
        return (value is not _MISSING) == bool(arg)
    if value is _MISSING:
        return False
    if op == "$in":
        return value in arg
    if op == "$set":
        return isinstance(value, list) and sorted(map(str, value)) == sorted(map(str, arg))
    if op == "$contains":
        return arg in value if isinstance(value, list | str) else False
    if op == "$regex":
        return isinstance(value, str) and re.search(arg, value) is not None
    if op in ("$gte", "$lte"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        return number >= float(arg) if op == "$gte" else number <= float(arg)
    raise ValueError(f"unknown matcher {op}")


def call_matches(actual: dict[str, Any], reference: dict[str, Any]) -> bool:
    if actual.get("name") != reference.get("name"):
        return False
    if "outcome" in reference and not matches(
        actual.get("outcome", _MISSING), reference["outcome"]
    ):
        return False
    args = actual.get("args") if isinstance(actual.get("args"), dict) else {}
    return all(matches(get_path(args, p), m) for p, m in (reference.get("args") or {}).items())


def match_trajectory(
    actual: Sequence[dict[str, Any]], reference: Sequence[dict[str, Any]], mode: str
) -> list[str]:
    """Why ``actual`` does not match ``reference`` in ``mode``; empty when it does."""
    if mode not in MODES:
        raise ValueError(f"trajectory mode must be one of {', '.join(MODES)}")
    names = [c.get("name") for c in actual]
    want = [c.get("name") for c in reference]
    if mode == "strict":
        if len(actual) == len(reference) and all(
            call_matches(a, r) for a, r in zip(actual, reference, strict=True)
        ):
            return []
        return [f"strict trajectory: made {names}, expected {want} in that order"]
    pairs = _pairing(actual, reference)
    unmatched_actual = [names[i] for i in range(len(actual)) if i not in pairs]
    unmatched_ref = [want[j] for j in range(len(reference)) if j not in pairs.values()]
    problems = []
    if mode in ("unordered", "superset") and unmatched_ref:
        problems.append(f"{mode} trajectory: expected calls not made: {unmatched_ref}")
    if mode in ("unordered", "subset") and unmatched_actual:
        problems.append(f"{mode} trajectory: calls not in the reference: {unmatched_actual}")
    return problems


def _pairing(
    actual: Sequence[dict[str, Any]], reference: Sequence[dict[str, Any]]
) -> dict[int, int]:
    """A maximum matching of actual calls to reference calls (small lists: augmenting paths)."""
    match_ref: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j, ref in enumerate(reference):
            if j in seen or not call_matches(actual[i], ref):
                continue
            seen.add(j)
            if j not in match_ref or augment(match_ref[j], seen):
                match_ref[j] = i
                return True
        return False

    for i in range(len(actual)):
        augment(i, set())
    return {i: j for j, i in match_ref.items()}
