"""Do two engines agree? Spark's outputs against the DuckDB path, and against the store.

Calls: campaign membership and ids must be identical. Campaign statistics must be equal,
except the distinct-callee estimate (DuckDB's HyperLogLog against Spark's exact
count: ``callees`` may differ by the sketch's error, a few percent) and the score, a
rounded decimal expression (compared to 0.001).

Linking: every report and linking value must be in the campaign of the same id as
in the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy import select

from crossline.spark.export import read_assignments
from crossline.store.repository import Store
from crossline.store.schema import indicators, reports

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


def compare_link(store: Store, out: Path) -> dict[str, Any]:
    """Compare a linking job's output with the store's campaign assignments.

    ``same_campaigns`` is True when every report and every linking value is in the
    campaign of the same id on both sides (reports in none on both sides agree).
    """
    report_map, indicator_map = read_assignments(out)
    with store.read() as conn:
        stored_reports = dict(
            conn.execute(
                select(reports.c.id, reports.c.component_id).where(
                    reports.c.component_id.is_not(None)
                )
            ).all()
        )
        stored_inds = dict(
            conn.execute(
                select(indicators.c.id, indicators.c.component_id).where(
                    indicators.c.component_id.is_not(None)
                )
            ).all()
        )

    def diff(store_side: dict[str, str], job_side: dict[str, str]) -> dict[str, int]:
        keys = store_side.keys() | job_side.keys()
        return {
            "same": sum(1 for k in keys if store_side.get(k) == job_side.get(k)),
            "different": sum(1 for k in keys if store_side.get(k) != job_side.get(k)),
            "only_store": sum(1 for k in keys if k not in job_side),
            "only_job": sum(1 for k in keys if k not in store_side),
        }

    result: dict[str, Any] = {
        "reports": diff(stored_reports, report_map),
        "indicators": diff(stored_inds, indicator_map),
        "campaigns_store": len(set(stored_reports.values())),
        "campaigns_job": len(set(report_map.values())),
    }
    result["same_campaigns"] = (
        result["reports"]["different"] == 0 and result["indicators"]["different"] == 0
    )
    return result
