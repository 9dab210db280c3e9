"""Do two engines agree? Spark's outputs against the DuckDB path, and against the store.

Campaign membership and ids must be identical. Campaign statistics must be equal,
except the distinct-callee estimate (DuckDB's HyperLogLog against Spark's exact
count: ``callees`` may differ by the sketch's error, about 2%) and the score, a
rounded decimal expression (compared to 0.001).
"""

from __future__ import annotations

from typing import Any

import duckdb

# campaign columns that must be equal on both engines
EXACT_COLUMNS = (
    "calls",
    "answered",
    "unanswered_or_short",
    "caller_ids",
    "first_seen",
    "last_seen",
    "carriers",
    "trunks",
    "classes",
    "ingress_countries",
    "att_a",
    "att_b",
    "att_c",
    "att_none",
    "spoofed",
    "a_spoofed",
    "sequential_ratio",
)
# feature tables compared row for row (every column is exact on both engines)
EXACT_TABLES = ("trunk_sig", "trunk_hour", "caller_features", "campaign_cells")


def parquet_table(out: str, table: str) -> str:
    """DuckDB expression reading one table of a Spark job's output directory."""
    return f"read_parquet('{out.rstrip('/')}/{table}/*.parquet')"


def _table_diff(con: duckdb.DuckDBPyConnection, table: str, spark_out: str) -> int:
    """Rows in one engine's table and not in the other's (both directions)."""
    other = parquet_table(spark_out, table)
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    select = ", ".join(cols)
    sql = f"""SELECT
        (SELECT count(*) FROM (SELECT {select} FROM {table}
                               EXCEPT ALL SELECT {select} FROM {other}))
      + (SELECT count(*) FROM (SELECT {select} FROM {other}
                               EXCEPT ALL SELECT {select} FROM {table}))"""
    return int(con.execute(sql).fetchone()[0])  # type: ignore[index]


def compare_calls(con: duckdb.DuckDBPyConnection, spark_out: str) -> dict[str, Any]:
    """Compare a calls store's DuckDB tables (``con``) with a Spark job's output.

    Returns counts of differences; ``same_campaigns`` is True when campaign ids, their
    calls (``campaign_calls``: call id to campaign id) and the exact statistics agree.
    """
    calls = parquet_table(spark_out, "campaign_calls")
    camps = parquet_table(spark_out, "campaigns")
    ids = con.execute(
        f"""SELECT
            (SELECT count(*) FROM campaigns),
            (SELECT count(*) FROM {camps}),
            (SELECT count(*) FROM campaigns WHERE campaign_id NOT IN
                (SELECT campaign_id FROM {camps})),
            (SELECT count(*) FROM {camps} WHERE campaign_id NOT IN
                (SELECT campaign_id FROM campaigns))"""
    ).fetchone()
    assert ids is not None
    members = con.execute(
        f"""SELECT count(*) FILTER (WHERE d.call_id IS NOT NULL AND s.call_id IS NOT NULL
                                    AND d.campaign_id = s.campaign_id),
                   count(*) FILTER (WHERE d.campaign_id IS DISTINCT FROM s.campaign_id)
        FROM (SELECT call_id, campaign_id FROM campaign_calls) d
        FULL JOIN (SELECT call_id, campaign_id FROM {calls}) s USING (call_id)"""
    ).fetchone()
    assert members is not None
    stats = con.execute(
        f"""SELECT count(*) FILTER (WHERE {
            " OR ".join(f"d.{c} IS DISTINCT FROM s.{c}" for c in EXACT_COLUMNS)
        }),
            coalesce(max(abs(d.score - s.score)), 0),
            coalesce(max(abs(d.callees - s.callees) / d.callees), 0)
        FROM campaigns d JOIN {camps} s USING (campaign_id)"""
    ).fetchone()
    assert stats is not None
    tables = {t: _table_diff(con, t, spark_out) for t in EXACT_TABLES}
    out = {
        "campaigns_duckdb": int(ids[0]),
        "campaigns_spark": int(ids[1]),
        "campaigns_only_duckdb": int(ids[2]),
        "campaigns_only_spark": int(ids[3]),
        "calls_same_campaign": int(members[0]),
        "calls_differing": int(members[1]),
        "campaigns_with_different_stats": int(stats[0]),
        "max_score_difference": round(float(stats[1]), 6),
        "max_callees_relative_difference": round(float(stats[2]), 4),
        "table_rows_differing": tables,
    }
    out["same_campaigns"] = (
        out["campaigns_only_duckdb"] == out["campaigns_only_spark"] == 0
        and out["calls_differing"] == 0
        and out["campaigns_with_different_stats"] == 0
        and out["max_score_difference"] <= 0.001
    )
    out["same_tables"] = not any(tables.values())
    return out
