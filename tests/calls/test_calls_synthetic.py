from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from crossline.calls.schema import ARROW_SCHEMA
from crossline.calls.synthetic import SyntheticConfig, generate
from crossline.errors import ValidationError


def test_same_seed_same_rows(tmp_path: Path) -> None:
    cfg = SyntheticConfig(rows=20_000, days=2, seed=3, campaigns=2)
    a = generate(cfg, tmp_path / "a")
    b = generate(cfg, tmp_path / "b")
    assert pq.read_table(a.cdr_files[0]).equals(pq.read_table(b.cdr_files[0]))
    assert a.campaigns == b.campaigns
    other = generate(SyntheticConfig(rows=20_000, days=2, seed=4, campaigns=2), tmp_path / "c")
    assert not pq.read_table(other.cdr_files[0]).equals(pq.read_table(a.cdr_files[0]))


def test_output_matches_the_schema_and_the_truth(tmp_path: Path) -> None:
    cfg = SyntheticConfig(rows=30_000, days=2, seed=8, campaigns=3, chunk_rows=12_000)
    truth = generate(cfg, tmp_path / "g")
    assert len(truth.cdr_files) == 3
    schema = pq.read_schema(truth.cdr_files[0])
    assert schema.names == ARROW_SCHEMA.names
    con = duckdb.connect()
    rows, ids = con.execute(
        f"SELECT count(*), count(DISTINCT call_id) FROM read_parquet('{tmp_path}/g/cdr-*.parquet')"
    ).fetchall()[0]
    assert rows == ids == cfg.rows == truth.rows
    per_campaign = dict(
        con.execute(
            f"SELECT campaign, count(*) FROM read_parquet('{truth.truth_file}') GROUP BY 1"
        ).fetchall()
    )
    assert per_campaign == {c.id: c.calls for c in truth.campaigns}
    # planted calls are inside their campaign's window and on its trunks
    bad = con.execute(
        f"""SELECT count(*) FROM read_parquet('{tmp_path}/g/cdr-*.parquet') c
        JOIN read_parquet('{truth.truth_file}') t USING (call_id)
        WHERE NOT list_contains(?, c.orig_trunk)""",
        [[e.trunk for p in truth.campaigns for e in p.entries]],
    ).fetchall()[0][0]
    assert bad == 0


@pytest.mark.parametrize(
    ("cfg", "message"),
    [
        (SyntheticConfig(rows=10), "at least 1000"),
        (SyntheticConfig(rows=5_000, days=0), "days must be"),
    ],
    ids=["too-few-rows", "no-days"],
)
def test_bad_config(tmp_path: Path, cfg: SyntheticConfig, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        generate(cfg, tmp_path / "x")
