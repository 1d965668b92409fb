"""The exception tree drawn in ``assistant/domain/errors.py`` is the tree the package defines."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import assistant.domain.errors as errors

ROOT = Path(__file__).resolve().parents[2]
_CLASS = re.compile(r"^class \w+\([^)]*Error\b", re.MULTILINE)


def defined_tree() -> dict[str, str]:
    """{class: parent} for every subclass of CoinPilotError defined in assistant/ or tools/.

    Only modules with a class statement deriving from an ``...Error`` are imported: importing the
    whole package would load chromadb, torch and textual for nothing.
    """
    for folder in ("assistant", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if _CLASS.search(path.read_text(encoding="utf-8")):
                module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                importlib.import_module(module.removesuffix(".__init__"))
    found: dict[str, str] = {}

    def walk(cls: type[errors.CoinPilotError]) -> None:
        for sub in cls.__subclasses__():
            found[sub.__name__] = cls.__name__
            walk(sub)

    walk(errors.CoinPilotError)
    return found


def drawn_tree() -> dict[str, str]:
    """{class: parent} as drawn: the parent is the nearest line above with a smaller indent."""
    doc = errors.__doc__ or ""
    drawing = doc[doc.index("CoinPilotError") :]
    parents: dict[str, str] = {}
    stack: list[tuple[int, str]] = [(-1, "CoinPilotError")]
    for line in drawing.splitlines()[1:]:
        match = re.match(r"^([\s│]*)[├└]── (\w+)", line)
        if match is None:
            continue
        depth = len(match.group(1))
        while stack[-1][0] >= depth:
            stack.pop()
        parents[match.group(2)] = stack[-1][1]
        stack.append((depth, match.group(2)))
    return parents


def test_every_error_subclass_in_the_package_is_drawn_under_its_real_parent() -> None:
    assert drawn_tree() == defined_tree()
