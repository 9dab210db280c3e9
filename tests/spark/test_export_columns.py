"""The link-graph export's queries and Parquet schemas come from one column list each;
an import of a job's output refuses ids the store does not have."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import column, table

from crossline.errors import ValidationError
from crossline.spark.export import _EXPORTS, export_of, import_components
from crossline.store import Store

T = table("t", column("a"), column("b"), column("c"))


@pytest.mark.parametrize(
    ("columns", "order", "distinct", "names", "sql_has"),
    [
        ([(T.c.a, pa.string())], [T.c.a], False, ["a"], "SELECT t.a"),
        (
            [(T.c.b, pa.bool_()), (T.c.a, pa.string())],
            [T.c.a, T.c.b],
            False,
            ["b", "a"],
            "ORDER BY t.a, t.b",
        ),
        ([(T.c.c.label("x"), pa.string())], [T.c.c], True, ["x"], "SELECT DISTINCT t.c AS x"),
    ],
    ids=["one", "order-kept", "labelled-distinct"],
)
def test_export_of(
    columns: list, order: list, distinct: bool, names: list[str], sql_has: str
) -> None:
    query, schema = export_of(columns, order, distinct=distinct)
    assert schema.names == names == list(query.selected_columns.keys())
    assert [schema.field(n).type for n in names] == [kind for _, kind in columns]
    assert sql_has in " ".join(str(query).split())


@pytest.mark.parametrize("name", sorted(_EXPORTS))
def test_every_export_names_its_columns_as_its_query(name: str) -> None:
    query, schema = _EXPORTS[name]
    assert schema.names == list(query.selected_columns.keys())


def _write_pairs(out: Path, table: str, key: str, pairs: dict[str, str]) -> None:
    where = out / table
    where.mkdir(parents=True)
    data = pa.table({key: list(pairs), "campaign_id": list(pairs.values())})
    pq.write_table(data, where / "part-00000.parquet")


@pytest.mark.parametrize(
    ("report_map", "indicator_map", "message"),
    [
        (
            {"r-missing": "c1"},
            {},
            "report_components: 1 report ids not in this store (first: r-missing); "
            "expected the output of this store's export",
        ),
        (
            {},
            {"i-missing": "c1", "i-2": "c1"},
            "indicator_components: 2 indicator ids not in this store (first: i-missing)",
        ),
    ],
    ids=["unknown-report", "unknown-indicators"],
)
def test_import_refuses_ids_the_store_lacks(
    store: Store,
    tmp_path: Path,
    report_map: dict[str, str],
    indicator_map: dict[str, str],
    message: str,
) -> None:
    _write_pairs(tmp_path, "report_components", "report_id", report_map)
    _write_pairs(tmp_path, "indicator_components", "indicator_id", indicator_map)
    with pytest.raises(ValidationError) as caught:
        import_components(store, tmp_path)
    assert str(caught.value) == f"{tmp_path}/{message}"
