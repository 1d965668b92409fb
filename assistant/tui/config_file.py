"""Write the settings screen's choices to ``$COINPILOT_HOME/config.toml``, keeping the rest.

Only the top-level keys the screen manages are replaced, added or removed; comments, tables and
any other line the person wrote stay as they were. It must never write a secret: keys named like
one are refused, so an API key can only come from the environment.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from assistant.domain import ConfigError

Value = str | int | float | bool | None

#: The keys the settings screen may write. Secrets are deliberately absent.
MANAGED_KEYS = frozenset({"llm_base_url", "llm_model", "market", "mode"})
_SECRET = re.compile(r"key|secret|token|password", re.IGNORECASE)
_TABLE = re.compile(r"^\s*\[")


def update_config(path: Path, values: Mapping[str, Value]) -> str:
    """Set (or, for None, remove) top-level ``values`` in the TOML file at ``path``; return it."""
    for key in values:
        if _SECRET.search(key) or key not in MANAGED_KEYS:
            raise ConfigError(
                f"The app does not write '{key}' to {path}.",
                hint="API keys belong in the environment (COINPILOT_LLM_API_KEY).",
            )
    original = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = original.splitlines()
    end = next((i for i, line in enumerate(lines) if _TABLE.match(line)), len(lines))
    head, tail = lines[:end], lines[end:]
    for key, value in values.items():
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        at = next((i for i, line in enumerate(head) if pattern.match(line)), None)
        if value is None:
            if at is not None:
                del head[at]
            continue
        line = f"{key} = {_toml_value(value)}"
        if at is None:
            head.append(line)
        else:
            head[at] = line
    text = "\n".join([*head, *tail]) + "\n"
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path} would not be valid TOML after saving ({exc}); nothing was written.",
            hint="Fix or move the file away, then save again.",
        ) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return text


def _toml_value(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    # A JSON string is a valid TOML basic string once non-ASCII is escaped the TOML way.
    return json.dumps(value, ensure_ascii=False)
