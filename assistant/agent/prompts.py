"""Versioned prompts: load ``prompts/<name>/<version>.md`` and fingerprint what a turn used.

Prompts are files, never strings in code, so a change to what the model is told is a reviewed
diff and every journaled decision can name the exact text behind it (``Prompt.ref`` and
:func:`prompt_hash`). ``prompts/MANIFEST.toml`` names the current version of each prompt and the
``${placeholders}`` it expects. The folder is found in a source checkout (``<repo>/prompts``) and
in an installed wheel (``assistant/_resources/prompts``, force-included by pyproject).

This module must never hold prompt text itself, never change a file it loads, and never let a
prompt render with a placeholder left empty or unfilled.
"""

from __future__ import annotations

import hashlib
import re
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from assistant.domain import ConfigError

__all__ = ["Prompt", "load_prompt", "manifest", "prompt_hash", "resource_dir"]

_PACKAGE_ROOT: Final = Path(__file__).resolve().parents[1]
_MANIFEST: Final = "MANIFEST.toml"
#: A data marker written inside a value, which could end a <data> block early.
_MARKER: Final = re.compile(r"<\s*(/?)\s*data\s*>", re.IGNORECASE)


def resource_dir(name: str) -> Path:
    """The shipped folder ``name`` ("prompts" or "knowledge"): wheel copy first, then checkout.

    The wheel location is tried first because a stray top-level ``prompts/`` folder beside
    site-packages must never shadow the files that shipped with this version.
    """
    candidates = (_PACKAGE_ROOT / "_resources" / name, _PACKAGE_ROOT.parent / name)
    for path in candidates:
        if path.is_dir():
            return path
    raise ConfigError(
        f"The '{name}' folder that ships with CoinPilot is missing "
        f"(looked in {', '.join(str(p) for p in candidates)}).",
        hint="Reinstall CoinPilot, or run it from a complete source checkout.",
    )


@dataclass(frozen=True)
class Prompt:
    """One prompt file as loaded: its identity, its text and the SHA-256 of that text.

    Send ``render(...)`` to a model, never ``text``: rendering turns ``$$`` into a literal ``$``.
    """

    name: str
    version: str
    text: str
    sha256: str
    placeholders: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        """``name/version@sha12``: short enough for a journal column, exact enough to audit."""
        return f"{self.name}/{self.version}@{self.sha256[:12]}"

    def render(self, **values: str) -> str:
        """The text with every ``${placeholder}`` filled; ConfigError if any is missing or extra.

        Values go in with any ``<data>`` / ``</data>`` marker inside them defused (``[/data]``), so
        text from a tool result cannot close the data block it is placed in and pose as
        instructions.
        """
        expected = set(self.placeholders)
        missing = sorted(expected - values.keys())
        extra = sorted(values.keys() - expected)
        if missing or extra:
            raise ConfigError(
                f"Prompt {self.name}/{self.version} expects {sorted(expected) or 'no values'}; "
                f"missing {missing or 'none'}, unexpected {extra or 'none'}.",
                hint="Pass exactly the placeholders listed in prompts/MANIFEST.toml.",
            )
        safe = {k: _MARKER.sub(r"[\1data]", v) for k, v in values.items()}
        return string.Template(self.text).substitute(safe)


def manifest(root: Path | None = None) -> dict[str, dict[str, Any]]:
    """The parsed ``MANIFEST.toml``: one table per prompt with ``current`` and ``placeholders``."""
    folder = root or resource_dir("prompts")
    return dict(_read_manifest(folder / _MANIFEST))


def load_prompt(name: str, version: str | None = None, *, root: Path | None = None) -> Prompt:
    """Prompt ``name`` at ``version`` (default: the manifest's current version)."""
    folder = root or resource_dir("prompts")
    entries = _read_manifest(folder / _MANIFEST)
    if name not in entries:
        raise ConfigError(
            f"There is no prompt named '{name}'.",
            hint=f"Known prompts: {', '.join(sorted(entries))} (see {folder / _MANIFEST}).",
        )
    entry = entries[name]
    chosen = version or str(entry.get("current", ""))
    path = folder / name / f"{chosen}.md"
    if not chosen or not path.is_file():
        have = sorted(p.stem for p in (folder / name).glob("*.md"))
        raise ConfigError(
            f"Prompt '{name}' has no version '{chosen}'.",
            hint=f"Available versions: {', '.join(have) or 'none'}.",
        )
    text = path.read_text(encoding="utf-8")
    placeholders = tuple(str(p) for p in entry.get("placeholders", []))
    found = _placeholders_in(text, path)
    if version is None and found != set(placeholders):
        raise ConfigError(
            f"Prompt {path} uses placeholders {sorted(found)} but the manifest lists "
            f"{sorted(placeholders)}.",
            hint="Make the manifest's 'placeholders' match the ${...} fields in the file.",
        )
    return Prompt(
        name=name,
        version=chosen,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        placeholders=tuple(sorted(found)),
    )


def prompt_hash(*prompts: Prompt) -> str:
    """One SHA-256 over the prompts a turn used (order-independent), for the decision record."""
    if not prompts:
        raise ConfigError("prompt_hash needs at least one prompt.", hint="Pass the loaded prompts.")
    lines = sorted(f"{p.name}\t{p.version}\t{p.sha256}" for p in prompts)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"The prompt manifest {path} is missing.", hint="Reinstall CoinPilot."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"The prompt manifest {path} is not valid TOML ({exc}).", hint="Fix the line it names."
        ) from None
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def _placeholders_in(text: str, path: Path) -> set[str]:
    found: set[str] = set()
    for match in string.Template.pattern.finditer(text):
        if match.group("invalid") is not None:
            line = text.count("\n", 0, match.start()) + 1
            raise ConfigError(
                f"Prompt {path} line {line} has a '$' that is not a ${{placeholder}}.",
                hint="Write $$ for a literal dollar sign.",
            )
        name = match.group("named") or match.group("braced")
        if name:
            found.add(name)
    return found
