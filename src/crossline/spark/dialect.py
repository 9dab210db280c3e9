"""DuckDB SQL to Spark SQL, for the statements the calls analytics share.

The calls analytics are written once in DuckDB's dialect. Spark SQL 4 accepts most
of it (``::`` casts, ``GROUP BY ALL``, ``FILTER (WHERE ...)``, ``count_if``,
``any_value``, ``bool_or``, ``median``); these constructs are spelled differently:

============================================  ==============================================
DuckDB                                         Spark
============================================  ==============================================
``a // b`` (integer division)                  ``a div b`` (same result for the non-negative
                                               numbers, times and counts divided here)
``epoch_us(ts)``                               ``unix_micros(ts)``
``WITH x AS MATERIALIZED (...)``               ``WITH x AS (...)`` (a planner hint only)
``t.* EXCLUDE (c)``                            ``t.* EXCEPT (c)``
``arg_max(x, y)``                              ``max_by(x, y)``
``string_agg(DISTINCT x, s ORDER BY x)``       ``array_join(array_sort(collect_set(x)), s)``
                                               (Spark 4's ``string_agg ... WITHIN GROUP``
                                               fails when a query has several of them)
``approx_count_distinct(x)`` (HyperLogLog)     ``count(DISTINCT x)``: the two engines' sketches
                                               give different estimates, an exact count is
                                               cheap on a cluster and keeps results comparable
============================================  ==============================================
"""

from __future__ import annotations

import re

_STRING_AGG = re.compile(
    r"string_agg\(\s*DISTINCT\s+([^()]*?),\s*('[^']*')\s+ORDER BY\s+([^()]*?)\)",
    re.IGNORECASE | re.DOTALL,
)
_SIMPLE = (
    (re.compile(r"\s//\s"), " div "),
    (re.compile(r"\bepoch_us\("), "unix_micros("),
    (re.compile(r"\bAS\s+MATERIALIZED\s*\(", re.IGNORECASE), "AS ("),
    (re.compile(r"\*\s+EXCLUDE\s*\(", re.IGNORECASE), "* EXCEPT ("),
    (re.compile(r"\barg_max\(", re.IGNORECASE), "max_by("),
    (re.compile(r"\bapprox_count_distinct\(", re.IGNORECASE), "count(DISTINCT "),
)


def _sorted_set(match: re.Match[str]) -> str:
    value, sep, order = (g.strip() for g in match.groups())
    if value != order:
        raise ValueError(f"string_agg ordered by another expression: {match.group(0)}")
    # NULL when there is no value, as string_agg gives
    return f"nullif(array_join(array_sort(collect_set({value})), {sep}), '')"


def to_spark(sql: str) -> str:
    """Rewrite one DuckDB statement of the calls analytics for Spark SQL."""
    out = _STRING_AGG.sub(_sorted_set, sql)
    for pattern, replacement in _SIMPLE:
        out = pattern.sub(replacement, out)
    return out
