"""How a person sees an id: a plan hash, a decision id, a price window's data hash.

The journal stores and accepts ids whole (a plan hash is 64 hex digits, a decision id ``d-`` and
12); a person reads a short form. Every surface shows an id through :func:`show_id`: ids it holds
as values directly, and ids inside sentences that lower layers wrote (engine refusals, journal
summaries, explanations) through :func:`show_ids`, which finds each one and hands it to
:func:`show_id`. So there is one place that decides how an id looks, and one a test can replace
(the snapshot tests show ``<plan 1>`` instead of hex that differs from one machine to another).

Callers use ``ids.show_id(...)`` through the module, never a copy of the name, so that
replacement reaches every one of them. Ids a person types back (``coinpilot confirm <hash>``) are
commands, not display: they stay as they are.
"""

from __future__ import annotations

import re
from typing import Literal

IdKind = Literal["plan", "decision", "data"]

#: Hex digits of a hash a person reads; as many as the CLI and the journal accept as a prefix.
SHOWN = 12

#: A decision id anywhere; a hash after "plan " or "Plan "; a data hash after "window ".
_IDS = re.compile(
    r"\b(?P<decision>d-[0-9a-f]{12})\b"
    r"|(?<=[Pp]lan )(?P<plan>[0-9a-f]{12,64})\b"
    r"|(?<=window )(?P<data>[0-9a-f]{12,64})\b"
)


def show_id(value: str, kind: IdKind = "plan", *, full: bool = False) -> str:
    """``value`` as a person reads it: a hash cut to :data:`SHOWN` digits unless ``full``; a
    decision id whole (it is short already)."""
    if full or kind == "decision":
        return value
    return value[:SHOWN]


def show_ids(text: str) -> str:
    """``text`` with every id in it shown through :func:`show_id` (looked up at each call)."""

    def shown(match: re.Match[str]) -> str:
        kind = match.lastgroup
        if kind == "decision":
            return show_id(match.group(), "decision")
        return show_id(match.group(), "data" if kind == "data" else "plan")

    return _IDS.sub(shown, text)
