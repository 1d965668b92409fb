"""Top-level fields of a stored JSON payload, read by the database instead of by Python.

A list that shows a few fields of many records (the journal screen's decisions) would otherwise
decode every record whole; the database reads just those fields, in C, and only a short JSON
array of their values crosses into Python. SQL has no one spelling for it, so
:class:`payload_fields` compiles per dialect: SQLite's ``json_extract`` with several paths (NULL
for a payload that is not JSON, so the caller can name the damaged record) and PostgreSQL's
``json_build_array`` of ``->`` on the text cast to JSON (every payload was written by
:mod:`.codec`, so the cast holds for any record the journal wrote).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, String, literal
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


class payload_fields(FunctionElement[Any]):  # noqa: N801 - used like a SQL function
    """``payload_fields(column, "a", "b")``: the JSON text ``[a, b]`` of those fields (JSON null
    for a missing one), or NULL for a payload that is not JSON."""

    type = String()
    inherit_cache = True
    name = "payload_fields"

    def __init__(self, column: ColumnElement[Any], *keys: str) -> None:
        bad = [key for key in keys if not _KEY.match(key)]
        if bad or not keys:
            raise ValueError(f"{bad or 'nothing'} is not a list of payload field names")
        super().__init__(column, *(literal(key, String()) for key in keys))


def _parts(element: payload_fields, compiler: SQLCompiler, **kw: Any) -> tuple[str, list[str]]:
    column, *keys = element.clauses
    return compiler.process(column, **kw), [compiler.process(key, **kw) for key in keys]


@compiles(payload_fields)
def _other(element: payload_fields, compiler: SQLCompiler, **kw: Any) -> str:
    raise CompileError(f"reading payload fields has no {compiler.dialect.name} spelling yet")


@compiles(payload_fields, "sqlite")
def _sqlite(element: payload_fields, compiler: SQLCompiler, **kw: Any) -> str:
    column, keys = _parts(element, compiler, **kw)
    # json_extract of two or more paths answers a JSON array; of one, the bare value: wrap it.
    paths = ", ".join(f"'$.' || {key}" for key in keys)
    value = f"json_extract({column}, {paths})"
    if len(keys) == 1:
        value = f"json_array({value})"
    return f"CASE WHEN json_valid({column}) THEN {value} END"


@compiles(payload_fields, "postgresql")
def _postgresql(element: payload_fields, compiler: SQLCompiler, **kw: Any) -> str:
    column, keys = _parts(element, compiler, **kw)
    values = ", ".join(f"CAST({column} AS JSON) -> {key}" for key in keys)
    return f"CAST(json_build_array({values}) AS TEXT)"
