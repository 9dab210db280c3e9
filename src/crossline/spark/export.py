"""Parquet exports of the store's link graph, and the way back for a linking job's output.

``export_link_graph`` writes what bulk linking needs, and nothing else:

=================  ============================================================
``reports/``       ``id``, ``jurisdiction``, ``component_id``, ``counts`` (false for an
                   unconfirmed report from the public: it never links) — no text, no
                   victim data
``indicators/``    ``id``, ``kind``, ``value``, ``common``, ``common_reason``,
                   ``component_id``
``sightings/``     ``report_id``, ``indicator_id`` (one row per pair)
=================  ============================================================

Rows are streamed in chunks, so a store larger than memory can be exported.
``import_components`` writes a job's ``report_components`` and
``indicator_components`` back into the store in one transaction, then rebuilds the
campaign summaries; a failure leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Boolean, ColumnElement, Select, func, select, type_coerce, update

from crossline.errors import NotFoundError, ValidationError
from crossline.link.summary import refresh_summaries
from crossline.store.queries_citizen import counts_as_evidence
from crossline.store.repository import Store
from crossline.store.schema import components, indicators, reports, sightings

CHUNK = 100_000

Export = tuple[Select[Any], pa.Schema]


def export_of(
    columns: Sequence[tuple[ColumnElement[Any], pa.DataType]],
    order_by: Sequence[ColumnElement[Any]],
    *,
    distinct: bool = False,
) -> Export:
    """The query and the Parquet schema of one export, both from one list of
    (column, Parquet type): a file's columns are named and ordered as the query's."""
    query = select(*(column for column, _ in columns))
    if distinct:
        query = query.distinct()
    schema = pa.schema([(column.name, kind) for column, kind in columns])
    return query.order_by(*order_by), schema


_TEXT, _FLAG = pa.string(), pa.bool_()
_EXPORTS: dict[str, Export] = {
    "reports": export_of(
        [
            (reports.c.id, _TEXT),
            (reports.c.jurisdiction, _TEXT),
            (reports.c.component_id, _TEXT),
            (type_coerce(counts_as_evidence(), Boolean).label("counts"), _FLAG),
        ],
        [reports.c.id],
    ),
    "indicators": export_of(
        [
            (indicators.c.id, _TEXT),
            (indicators.c.kind, _TEXT),
            (indicators.c.value, _TEXT),
            (indicators.c.common, _FLAG),
            (indicators.c.common_reason, _TEXT),
            (indicators.c.component_id, _TEXT),
        ],
        [indicators.c.id],
    ),
    "sightings": export_of(
        [(sightings.c.report_id, _TEXT), (sightings.c.indicator_id, _TEXT)],
        [sightings.c.report_id, sightings.c.indicator_id],
        distinct=True,
    ),
}


def _chunks(store: Store, query: Select[Any]) -> Iterator[list[tuple[Any, ...]]]:
    with store.read() as conn:
        result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(query)
        while rows := result.fetchmany(CHUNK):
            yield [tuple(r) for r in rows]


def export_link_graph(store: Store, out: Path) -> dict[str, int]:
    """Write ``reports/``, ``indicators/`` and ``sightings/`` under ``out``; returns row counts."""
    counts: dict[str, int] = {}
    for name, (query, schema) in _EXPORTS.items():
        target = out / name
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.parquet"):
            old.unlink()
        n = 0
        with pq.ParquetWriter(target / "part-00000.parquet", schema) as writer:
            for rows in _chunks(store, query):
                columns = list(zip(*rows, strict=True))
                writer.write_table(pa.table(columns, schema=schema))
                n += len(rows)
        counts[name] = n
    return counts


def _read_pairs(out: Path, table: str, key: str) -> dict[str, str]:
    where = out / table
    if not where.is_dir():
        raise NotFoundError(f"no {table}/ in {out}: run the linking job first")
    data = pq.read_table(where, columns=[key, "campaign_id"])
    keys, values = data.column(key).to_pylist(), data.column("campaign_id").to_pylist()
    if len(set(keys)) != len(keys):
        raise ValidationError(f"{where}: {key} repeated; expected one campaign per {key}")
    return dict(zip(keys, values, strict=True))


def read_assignments(out: Path) -> tuple[dict[str, str], dict[str, str]]:
    """A linking job's output: report id -> campaign id, indicator id -> campaign id."""
    return (
        _read_pairs(out, "report_components", "report_id"),
        _read_pairs(out, "indicator_components", "indicator_id"),
    )


def import_components(store: Store, out: Path) -> dict[str, int]:
    """Replace the store's campaign assignments with a linking job's, in one transaction.

    Every report and indicator the job did not assign gets none. Raises
    ValidationError, changing nothing, when the output names a report or an
    indicator the store does not have (an output from another store's export).
    """
    report_map, indicator_map = read_assignments(out)
    with store.transaction() as conn:
        store.dialect.link_lock(conn)
        for name, table, assigned, hint in (
            ("report", reports, report_map, "; expected the output of this store's export"),
            ("indicator", indicators, indicator_map, ""),
        ):
            known = set(conn.execute(select(table.c.id)).scalars())
            unknown = [i for i in assigned if i not in known]
            if unknown:
                raise ValidationError(
                    f"{out}/{name}_components: {len(unknown)} {name} ids not in this store "
                    f"(first: {unknown[0]}){hint}"
                )
        store.note_risk_changes(conn, everything=True)
        conn.execute(update(reports).values(component_id=None))
        conn.execute(update(indicators).values(component_id=None))
        conn.execute(components.delete())
        store.set_report_components(conn, report_map)
        store.set_indicator_components(conn, indicator_map)
        ids = set(report_map.values())
        refresh_summaries(conn, store, ids)
        n = conn.execute(select(func.count()).select_from(components)).scalar_one()
    return {
        "reports": len(report_map),
        "indicators": len(indicator_map),
        "campaigns": len(ids),
        "summaries": int(n),
    }
