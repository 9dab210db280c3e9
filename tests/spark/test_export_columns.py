"""The link-graph export's queries and Parquet schemas come from one column list each."""

from __future__ import annotations

import pyarrow as pa
import pytest
from sqlalchemy import column, table

from crossline.spark.export import _EXPORTS, export_of

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
