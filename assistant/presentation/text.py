"""Outside text made inert for a terminal: control characters shown as escapes.

Spec names, exchange reasons, notes and journal records are data. Printed raw, an ``ESC`` in one
could move the cursor or recolour the screen, and a bidirectional override could make a line read
differently from what it holds. Both surfaces pass such text through :func:`safe` (rich ``Text``
already keeps it from being read as markup).
"""

from __future__ import annotations

import re

#: C0 and C1 controls except tab and newline, DEL, and the bidirectional overrides that can make
#: a line read differently from what it holds.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """``text`` with every control character shown as an escape, so it cannot drive the terminal."""
    return _CONTROL.sub(_escaped, str(text))
