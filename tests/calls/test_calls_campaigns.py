from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from crossline.calls import analysis
from crossline.calls.evaluation import score_cdr_campaigns
from crossline.calls.store import CallsStore
from crossline.calls.synthetic import GroundTruth, SyntheticConfig, generate


def test_planted_campaigns_are_found(synthetic_store: tuple[CallsStore, GroundTruth]) -> None:
    store, truth = synthetic_store
    con = store.connect(read_only=True)
    try:
        scores = score_cdr_campaigns(con, truth.truth_file)
    finally:
        con.close()
    assert scores.precision >= 0.95
    assert scores.recall >= 0.95
    assert scores.found == scores.planted == len(truth.campaigns)
    assert scores.false_calls <= 0.01 * scores.flagged_calls


def test_campaign_summary_explains_itself(synthetic_store: tuple[CallsStore, GroundTruth]) -> None:
    store, truth = synthetic_store
    rows = analysis.list_campaigns(store)
    assert rows, "campaigns expected"
    by_class = {r["classes"] for r in rows}
    tactics = {c.tactic for c in truth.campaigns}
    if "protected" in tactics:
        assert any("protected" in c for c in by_class)
    for r in rows:
        assert 0 < r["score"] <= 1
        assert r["calls"] >= 100
        assert r["first_seen"] <= r["last_seen"]
    detail = analysis.campaign_detail(store, rows[0]["campaign_id"], calls=5)
    assert len(detail["sample_calls"]) == 5
    assert sum(c["n"] for c in detail["cells"]) == detail["calls"]


def test_campaign_ids_are_stable(tmp_path: Path) -> None:
    ids = []
    for run in range(2):
        store = CallsStore(tmp_path / f"s{run}")
        out = tmp_path / f"g{run}"
        generate(SyntheticConfig(rows=60_000, days=2, seed=5, campaigns=3), out)
        store.cdr_dir.mkdir(parents=True)
        for f in out.glob("cdr-*.parquet"):
            f.replace(store.cdr_dir / f.name)
        analysis.analyze(store)
        ids.append(sorted(r["campaign_id"] for r in analysis.list_campaigns(store)))
    assert ids[0] == ids[1] and ids[0]


def test_background_alone_yields_no_campaign(tmp_path: Path) -> None:
    out = tmp_path / "g"
    generate(SyntheticConfig(rows=60_000, days=2, seed=9, campaigns=3), out)
    truth = pl.read_parquet(out / "truth.parquet")["call_id"]
    store = CallsStore(tmp_path / "s")
    store.cdr_dir.mkdir(parents=True)
    con = duckdb.connect()
    con.register("truth", pl.DataFrame({"call_id": truth}).to_arrow())
    con.execute(
        f"""COPY (SELECT * FROM read_parquet('{out}/cdr-*.parquet')
                 WHERE call_id NOT IN (SELECT call_id FROM truth))
            TO '{store.cdr_dir / "bg.parquet"}' (FORMAT parquet)"""
    )
    analysis.analyze(store)
    assert analysis.list_campaigns(store) == []


def test_unknown_campaign_is_not_found(synthetic_store: tuple[CallsStore, GroundTruth]) -> None:
    from crossline.errors import NotFoundError

    store, _ = synthetic_store
    with pytest.raises(NotFoundError, match="no campaign"):
        analysis.campaign_detail(store, "nope")


def test_campaign_indicators_are_reused_caller_ids(
    synthetic_store: tuple[CallsStore, GroundTruth],
) -> None:
    store, truth = synthetic_store
    planted_ids = {f"+{n}" for c in truth.campaigns for n in c.caller_numbers}
    found = set()
    for row in analysis.list_campaigns(store):
        for ind in analysis.campaign_indicators(store, row["campaign_id"]):
            assert ind["kind"] == "phone" and ind["calls"] >= 3
            found.add(ind["value"])
    assert found and found <= planted_ids  # only numbers the operators chose
