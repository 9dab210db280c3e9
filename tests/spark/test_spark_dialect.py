from __future__ import annotations

import pytest

from crossline.spark.dialect import to_spark


@pytest.mark.parametrize(
    ("duck", "spark"),
    [
        ("caller // 10000 = callee // 10000", "caller div 10000 = callee div 10000"),
        ("epoch_us(start_utc) // 3600", "unix_micros(start_utc) div 3600"),
        ("WITH calls AS MATERIALIZED (SELECT 1)", "WITH calls AS (SELECT 1)"),
        ("SELECT p.* EXCLUDE (cell) FROM p", "SELECT p.* EXCEPT (cell) FROM p"),
        ("arg_max(campaign, n)", "max_by(campaign, n)"),
        ("approx_count_distinct(callee)", "count(DISTINCT callee)"),
        (
            "string_agg(DISTINCT class, '; ' ORDER BY class)",
            "nullif(array_join(array_sort(collect_set(class)), '; '), '')",
        ),
        (
            "string_agg(DISTINCT a || '/' || b, '; '\n  ORDER BY a || '/' || b)",
            "nullif(array_join(array_sort(collect_set(a || '/' || b)), '; '), '')",
        ),
        (
            "sum(x)::BIGINT FILTER (WHERE y) GROUP BY ALL",
            "sum(x)::BIGINT FILTER (WHERE y) GROUP BY ALL",
        ),
        ("'a//b'", "'a//b'"),
    ],
    ids=[
        "integer-division",
        "epoch",
        "materialized",
        "exclude",
        "arg-max",
        "approx-distinct",
        "string-agg",
        "string-agg-expression",
        "accepted-as-is",
        "no-spaces-untouched",
    ],
)
def test_rewrites(duck: str, spark: str) -> None:
    assert to_spark(duck) == spark


def test_string_agg_ordered_by_another_expression_is_refused() -> None:
    with pytest.raises(ValueError, match="ordered by another expression"):
        to_spark("string_agg(DISTINCT a, '; ' ORDER BY b)")
