"""SQL functions spelled differently by SQLite and PostgreSQL, as one SQLAlchemy name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction


class colon_at(GenericFunction[int]):  # noqa: N801 - a SQL function's name
    """1-based position of ``':'`` in a text, 0 when absent (``instr`` / ``strpos``)."""

    type = Integer()
    inherit_cache = True
    name = "colon_at"


@compiles(colon_at)
def _colon_at_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)}, ':')"


@compiles(colon_at, "postgresql")
def _colon_at_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)}, ':')"


def account_number_expr(value: Any) -> Any:
    """The significant number of a stored ``bank_account`` value (``IFSC:number`` or
    ``number``): what follows the branch code, leading zeros dropped."""
    return func.ltrim(func.substr(value, colon_at(value) + 1), "0")
