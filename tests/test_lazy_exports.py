"""Packages that re-export lazily (assistant/_lazy.py) export what mypy is told they export.

mypy reads each package's ``if TYPE_CHECKING:`` imports; the interpreter reads its ``_LAZY``
table. A name in one and not the other would type-check and fail at run time, or the reverse.
"""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

LAZY_PACKAGES = ["assistant.engine", "assistant.market", "tools"]


def type_checking_imports(package: str) -> dict[str, tuple[str, ...]]:
    """``{".module": (names...)}`` from the package's ``if TYPE_CHECKING:`` block."""
    tree = ast.parse(inspect.getsource(importlib.import_module(package)))
    found: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.level == 1, ast.unparse(stmt)
                for alias in stmt.names:
                    assert alias.asname == alias.name, f"re-export {alias.name} as itself"
                    found.setdefault(f".{stmt.module}", []).append(alias.name)
    return {module: tuple(names) for module, names in found.items()}


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_the_lazy_table_names_what_mypy_sees(package: str) -> None:
    lazy = importlib.import_module(package)._LAZY
    assert {m: set(n) for m, n in lazy.items()} == {
        m: set(n) for m, n in type_checking_imports(package).items()
    }


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_lazy_name_is_the_object_its_module_defines(package: str) -> None:
    module = importlib.import_module(package)
    for submodule, names in module._LAZY.items():
        source = importlib.import_module(submodule, package)
        for name in names:
            assert getattr(module, name) is getattr(source, name)


def test_an_unknown_name_is_an_attribute_error() -> None:
    engine = importlib.import_module("assistant.engine")
    with pytest.raises(AttributeError, match="no attribute 'plan_rebalanse'"):
        _ = engine.plan_rebalanse
    with pytest.raises(ImportError):
        from assistant.engine import plan_rebalanse  # noqa: F401
