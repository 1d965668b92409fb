"""Where the eval suites are: shipped in the wheel, or in a source checkout.

``evals/`` is force-included in the wheel as ``assistant/_resources/evals`` (pyproject), like the
prompts and the knowledge notes, so `coinpilot eval` works from an installed package. The wheel's
copy is tried first: a stray ``evals/`` folder beside site-packages must never shadow the suites
that shipped with this version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from assistant.domain import ConfigError

_PACKAGE_ROOT: Final = Path(__file__).resolve().parents[1]


def evals_dir() -> Path:
    candidates = (_PACKAGE_ROOT / "_resources" / "evals", _PACKAGE_ROOT.parent / "evals")
    for path in candidates:
        if path.is_dir():
            return path
    raise ConfigError(
        "The eval suites that ship with CoinPilot are missing "
        f"(looked in {', '.join(str(p) for p in candidates)}).",
        hint="Reinstall CoinPilot, or run it from a complete source checkout.",
    )
