"""Bulk linking on Spark gives the store's campaigns; export and import round-trip."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from crossline.config import Settings
from crossline.domain import make_id
from crossline.link.relink import relink
from crossline.link.unionfind import UnionFind
from crossline.services.imports import import_paths
from crossline.spark.compare import compare_link
from crossline.spark.components import connected_components
from crossline.spark.export import import_components, read_assignments
from crossline.spark.link import _uuid5_column
from crossline.store import Store, open_store
from crossline.store.schema import components, indicators, reports


def test_spark_gives_the_store_campaigns(
    link_node: Settings, link_output: tuple[Path, dict[str, Any]]
) -> None:
    out, result = link_output
    store = open_store(link_node)
    try:
        cmp = compare_link(store, out)
        with store.read() as conn:
            multi = conn.execute(
                select(func.count()).where(components.c.report_count >= 2)
            ).scalar_one()
    finally:
        store.close()
    assert cmp["same_campaigns"], cmp
    assert cmp["reports"]["different"] == 0 and cmp["reports"]["same"] > 1000
    assert cmp["indicators"]["different"] == 0
    assert result["campaigns"] == multi > 10
    assert result["largest"] >= 20  # the car-warranty number's complaints


def test_spark_matches_a_fresh_relink(spark: Any, link_files: list[Path], tmp_path: Path) -> None:
    """After `crossline relink` (verdicts recomputed in id order) the job still agrees."""
    from crossline.spark.export import export_link_graph
    from crossline.spark.link import run_link

    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'n.db'}")
    import_paths(settings, link_files[2:])
    store = open_store(settings)
    try:
        relink(store)
        export_link_graph(store, tmp_path / "in")
        run_link(spark, str(tmp_path / "in"), str(tmp_path / "out"))
        cmp = compare_link(store, tmp_path / "out")
    finally:
        store.close()
    assert cmp["same_campaigns"], cmp
    assert cmp["campaigns_store"] == cmp["campaigns_job"] > 5


def test_campaign_ids_are_make_id_of_the_smallest_report(
    link_output: tuple[Path, dict[str, Any]],
) -> None:
    out, _ = link_output
    report_map, _ = read_assignments(out)
    members: dict[str, list[str]] = {}
    for rid, cid in report_map.items():
        members.setdefault(cid, []).append(rid)
    assert all(cid == make_id("campaign", min(rids)) for cid, rids in members.items())


def test_uuid5_in_spark_sql_is_make_id(spark: Any) -> None:
    ids = [make_id("report", str(i)) for i in range(50)] + ["", "é-ü", "x" * 300]
    frame = spark.createDataFrame([(i,) for i in ids], "rid string")
    got = [r[0] for r in frame.select(_uuid5_column("campaign", "rid")).collect()]
    assert got == [make_id("campaign", i) for i in ids]


def _random_graph(seed: int) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    edges = [(i, i + 1) for i in range(60)]  # a long path: many rounds for naive propagation
    edges += [(rng.randrange(100, 400), rng.randrange(100, 400)) for _ in range(250)]
    edges += [(500, 500), (900, 901)]  # a self-loop (ignored) and a pair
    rng.shuffle(edges)
    return edges


def test_components_agree_with_union_find(spark: Any, tmp_path: Path) -> None:
    edges = _random_graph(3)
    frame = spark.createDataFrame(edges, "a long, b long")
    comps, rounds = connected_components(spark, frame, str(tmp_path / "cc"))
    got = {r["node"]: r["root"] for r in comps.collect()}
    uf = UnionFind()
    for a, b in edges:
        if a != b:
            uf.union(a, b)
    want = {n: min(g) for g in uf.groups() for n in g}
    assert got == want
    assert rounds >= 2
    assert not (tmp_path / "cc" / "round-0001").exists()


def _copy_node(store: Store) -> dict[str, str | None]:
    with store.read() as conn:
        return dict(conn.execute(select(reports.c.id, reports.c.component_id)).all())


def test_import_restores_the_store_campaigns(
    store: Store,
    settings: Settings,
    link_files: list[Path],
    link_output: tuple[Path, dict[str, Any]],
) -> None:
    """On SQLite and PostgreSQL: wipe the assignments, import the job's, same store."""
    store.close()
    import_paths(settings, link_files)
    store = open_store(settings)
    before = _copy_node(store)
    with store.read() as conn:
        summaries = sorted(conn.execute(select(components.c.id, components.c.report_count)).all())
    with store.transaction() as conn:
        conn.execute(update(reports).values(component_id=None))
        conn.execute(update(indicators).values(component_id=None))
        conn.execute(components.delete())
    out, _ = link_output
    result = import_components(store, out)
    after = _copy_node(store)
    with store.read() as conn:
        rebuilt = sorted(conn.execute(select(components.c.id, components.c.report_count)).all())
    store.close()
    assert after == before
    assert rebuilt == summaries
    assert result["campaigns"] == len(summaries)


def test_import_of_a_foreign_output_changes_nothing(
    store: Store, link_output: tuple[Path, dict[str, Any]]
) -> None:
    out, _ = link_output
    with pytest.raises(Exception, match="not in this store"):
        import_components(store, out)
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(components)).scalar_one() == 0


def test_cli_export_and_compare(
    link_node: Settings, link_output: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    import json

    from click.testing import CliRunner

    from crossline.cli import cli

    base = ["--home", str(link_node.home), "--db", link_node.database_url]
    runner = CliRunner()
    exported = runner.invoke(cli, [*base, "spark", "export", "--output", str(tmp_path), "--json"])
    assert exported.exit_code == 0, exported.output
    counts = json.loads(exported.output)
    assert counts["reports"] > 1000 and counts["sightings"] >= counts["reports"] - 100
    out, _ = link_output
    same = runner.invoke(cli, [*base, "spark", "compare-link", "--output", str(out)])
    assert same.exit_code == 0, same.output
    assert "same_campaigns" in same.output
    import shutil

    import pyarrow.parquet as pq

    other = tmp_path / "other"
    shutil.copytree(out, other)
    parts = other / "report_components"
    kept = pq.read_table(parts).slice(0, 100)  # the job "lost" all but 100 reports
    for part in parts.glob("*.parquet"):
        part.unlink()
    pq.write_table(kept, parts / "part-0.parquet")
    moved = runner.invoke(cli, [*base, "spark", "compare-link", "--output", str(other), "--json"])
    assert moved.exit_code == 1
    assert json.loads(moved.output)["reports"]["only_store"] > 1000
