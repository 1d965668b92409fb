"""Lazy re-exports for a package's ``__init__`` (PEP 562 module ``__getattr__``).

``assistant.engine``, ``assistant.market`` and ``tools`` re-export their public names so callers
write ``from assistant.engine import plan_rebalance``. Importing every submodule eagerly made any
use of one name pay for all of them: ``coinpilot spec`` loaded the planner's scipy and pandas to
validate a goal. A package using this module imports a name's submodule on first access instead.

The pattern, in the package ``__init__``::

    if TYPE_CHECKING:
        from .planning import plan_rebalance as plan_rebalance
    else:
        _LAZY = {".planning": ("plan_rebalance",)}
        __getattr__ = lazy_exports(__name__, _LAZY)

mypy reads the ``TYPE_CHECKING`` imports (and never sees ``__getattr__``, so a misspelt import
is still an error); tests/test_lazy_exports.py checks that both lists name the same things. This
module must never change what a name refers to, only when its submodule is imported.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, Sequence[str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``{".submodule": ("name", ...)}``."""
    where = {name: module for module, names in exports.items() for name in names}

    def getattr_(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)  # the next lookup is a plain attribute
        return value

    return getattr_
