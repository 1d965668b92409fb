"""Key remapping: ``$COINPILOT_HOME/keymap.toml`` maps binding ids to keys.

For example ``journal = "f2"`` or ``confirm-preview = "ctrl+o"``. It is a separate file because
``config.toml`` holds only the settings the core reads. Unknown ids and non-string keys are errors a
person can fix; a missing file means the default keys.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.binding import Binding, BindingType

KEYMAP_FILENAME = "keymap.toml"


def binding_ids(*groups: list[BindingType]) -> set[str]:
    return {b.id for group in groups for b in group if isinstance(b, Binding) and b.id}


def load_keymap(path: Path, known: set[str]) -> dict[str, str]:
    """The remapped keys in ``path`` (binding id -> key), checked against the ``known`` ids."""
    from assistant.domain import ConfigError  # only off the UI thread: pydantic is slow to load

    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"The key map {path} is not valid TOML ({exc}).",
            hint='Write one line per binding, e.g. journal = "f2".',
        ) from None
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"The key map {path} names unknown bindings: {', '.join(unknown)}.",
            hint=f"Known ids: {', '.join(sorted(known))}.",
        )
    bad = sorted(k for k, v in data.items() if not isinstance(v, str) or not v.strip())
    if bad:
        raise ConfigError(
            f"The key map {path} gives no key for: {', '.join(bad)}.",
            hint='Keys are strings such as "f2", "ctrl+o" or "f2,ctrl+o".',
        )
    return {k: str(v).strip() for k, v in data.items()}
