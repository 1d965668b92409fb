"""Reading, writing and diffing strategy specs.

Pydantic's errors are precise but written for programmers; a person (or a model repairing its own
tool call) needs one plain sentence per problem that names the field, so every entry point that
turns outside data into a :class:`StrategySpec` goes through :func:`parse_spec`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from .errors import SpecError
from .spec import StrategySpec

#: The most characters of an offending value a problem sentence quotes.
_MAX_SHOWN = 80


def parse_spec(data: dict[str, Any], *, source: str | None = None) -> StrategySpec:
    """Validate a mapping into a spec, or raise :class:`SpecError` with readable problems."""
    try:
        return StrategySpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(explain_validation_error(exc), source=source) from None
    except RecursionError:
        raise SpecError(["the spec nests values too deeply to be read"], source=source) from None


def parse_spec_toml(text: str, *, source: str | None = None) -> StrategySpec:
    """A spec from TOML text; a leading byte-order mark is ignored (Windows editors add one)."""
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise SpecError([f"the file is not valid TOML ({exc})"], source=source) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise SpecError(
            ["the file nests arrays or tables too deeply to be a strategy spec"], source=source
        ) from None
    return parse_spec(data, source=source)


def spec_to_toml(spec: StrategySpec) -> str:
    """Serialize a spec as TOML (the format of ``examples/``); ``None`` values are omitted.

    Dumped in Python mode so the Decimal capital stays a number (``capital = 5000``): JSON mode
    would turn it into the string ``"5000"``, which a reader takes for text.
    """
    data = spec.model_dump(mode="python", exclude_none=True)
    top = {k: v for k, v in data.items() if not isinstance(v, dict)}
    lines = [f"{k} = {_toml_value(v)}" for k, v in top.items()]
    for section, values in data.items():
        if isinstance(values, dict):
            lines.append("")
            lines.append(f"[{section}]")
            lines.extend(f"{k} = {_toml_value(v)}" for k, v in values.items())
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")  # never exponent notation, which TOML integers do not allow
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def explain_validation_error(exc: ValidationError) -> list[str]:
    """One sentence per pydantic error, naming the dotted field path."""
    problems: list[str] = []
    for err in exc.errors(include_url=False):
        loc = _clip(".".join(str(p) for p in err["loc"] if not isinstance(p, int)))
        msg = str(err["msg"])
        msg = msg.removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            problems.append(
                f"'{loc}' is not a field of a strategy spec; remove it or check the spelling"
            )
        elif err["type"] == "missing":
            problems.append(f"'{loc}' is required")
        elif loc:
            value = err.get("input")
            shown = "" if isinstance(value, dict | list) else f" (got {_short(value)})"
            problems.append(f"'{loc}': {msg}{shown}")
        else:
            problems.append(msg)
    return problems


def _short(value: Any) -> str:
    """The offending value as written, cut short: a message must not echo a megabyte back."""
    return _clip(repr(value))


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


@dataclass(frozen=True)
class FieldChange:
    path: str
    old: Any
    new: Any

    def describe(self) -> str:
        return f"{self.path}: {self.old!r} -> {self.new!r}"


def diff_specs(old: StrategySpec | None, new: StrategySpec) -> list[FieldChange]:
    """The fields that differ between two specs (the version field itself is ignored)."""
    before = _flatten(old.model_dump(mode="json")) if old is not None else {}
    after = _flatten(new.model_dump(mode="json"))
    changes = []
    for key in sorted(set(before) | set(after)):
        if key == "version":
            continue
        if before.get(key) != after.get(key):
            changes.append(FieldChange(key, before.get(key), after.get(key)))
    return changes


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, path + "."))
        else:
            out[path] = value
    return out
