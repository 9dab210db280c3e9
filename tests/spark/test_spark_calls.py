"""Spark and DuckDB give the same call-record features and campaigns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from crossline.calls import analysis
from crossline.calls.evaluation import score_cdr_campaigns
from crossline.calls.store import CallsStore
from crossline.calls.synthetic import GroundTruth, SyntheticConfig, generate_into_store
from crossline.errors import NotFoundError, ValidationError
from crossline.spark.calls import OUTPUT_TABLES, run_calls
from crossline.spark.compare import compare_calls


@pytest.fixture(scope="module")
def both_engines(
    spark: Any, tmp_path_factory: pytest.TempPathFactory
) -> tuple[CallsStore, GroundTruth, Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("spark-calls")
    store = CallsStore(root / "calls", memory_limit="1GB")
    truth = generate_into_store(store, SyntheticConfig(rows=80_000, days=2, seed=5, campaigns=4))
    analysis.analyze(store)
    out = root / "spark-out"
    result = run_calls(spark, str(store.root), str(out))
    return store, truth, out, result


def test_spark_finds_the_same_campaigns_as_duckdb(
    both_engines: tuple[CallsStore, GroundTruth, Path, dict[str, Any]],
) -> None:
    store, _, out, result = both_engines
    con = store.connect(read_only=True)
    try:
        cmp = compare_calls(con, str(out))
    finally:
        con.close()
    assert cmp["campaigns_spark"] == cmp["campaigns_duckdb"] > 0
    assert cmp["campaigns_only_spark"] == cmp["campaigns_only_duckdb"] == 0
    assert cmp["calls_differing"] == 0
    assert cmp["calls_same_campaign"] == result["campaigns"]["campaign_calls"] > 0
    assert cmp["same_campaigns"], cmp
    assert cmp["same_tables"], cmp["table_rows_differing"]


def test_spark_output_scores_like_duckdb(
    both_engines: tuple[CallsStore, GroundTruth, Path, dict[str, Any]],
) -> None:
    store, truth, out, _ = both_engines
    con = duckdb.connect()
    con.execute(
        "CREATE VIEW campaign_calls AS SELECT * FROM "
        f"read_parquet('{out}/campaign_calls/*.parquet')"
    )
    spark_scores = score_cdr_campaigns(con, truth.truth_file)
    con.close()
    con = store.connect(read_only=True)
    try:
        duck_scores = score_cdr_campaigns(con, truth.truth_file)
    finally:
        con.close()
    assert spark_scores == duck_scores
    assert spark_scores.found == len(truth.campaigns)


def test_every_table_is_written_and_scratch_is_removed(
    both_engines: tuple[CallsStore, GroundTruth, Path, dict[str, Any]],
) -> None:
    _, _, out, result = both_engines
    for table in OUTPUT_TABLES:
        assert list((out / table).glob("*.parquet")), table
    assert not (out / "_work").exists()
    assert (out / "_summary").is_dir()
    assert result["features"]["rows"] == 80_000


def test_a_changed_record_changes_the_comparison(
    spark: Any,
    both_engines: tuple[CallsStore, GroundTruth, Path, dict[str, Any]],
    tmp_path: Path,
) -> None:
    """The comparison can fail: a Spark output with one call moved is told apart."""
    store, _, out, _ = both_engines
    moved = tmp_path / "moved"
    con = duckdb.connect()
    for table in ("campaigns", "trunk_sig", "trunk_hour", "caller_features", "campaign_cells"):
        (moved / table).mkdir(parents=True)
        con.execute(
            f"COPY (SELECT * FROM read_parquet('{out}/{table}/*.parquet')) "
            f"TO '{moved / table / 'part.parquet'}' (FORMAT parquet)"
        )
    (moved / "campaign_calls").mkdir()
    con.execute(
        f"""COPY (SELECT * REPLACE (CASE WHEN row_number() OVER (ORDER BY call_id) = 1
                                     THEN 'elsewhere' ELSE campaign_id END AS campaign_id)
                  FROM read_parquet('{out}/campaign_calls/*.parquet'))
            TO '{moved / "campaign_calls" / "part.parquet"}' (FORMAT parquet)"""
    )
    con.close()
    con = store.connect(read_only=True)
    try:
        cmp = compare_calls(con, str(moved))
    finally:
        con.close()
    assert cmp["calls_differing"] == 1
    assert not cmp["same_campaigns"]


@pytest.mark.parametrize(
    ("columns", "error"),
    [("call_id, start_utc", ValidationError), (None, NotFoundError)],
    ids=["missing-columns", "no-files"],
)
def test_bad_input_is_refused_clearly(
    spark: Any, tmp_path: Path, columns: str | None, error: type[Exception]
) -> None:
    src = tmp_path / "cdr"
    src.mkdir()
    if columns:
        duckdb.connect().execute(
            f"COPY (SELECT 'c1' AS call_id, now() AS start_utc) "
            f"TO '{src / 'part.parquet'}' (FORMAT parquet)"
        )
    with pytest.raises(error, match="caller|no Parquet"):
        run_calls(spark, str(src), str(tmp_path / "out"))
