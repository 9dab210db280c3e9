"""Spark linking follows the node's own rules, not only the shipped warning list:
values an analyst listed never link, and unconfirmed reports from the public never link,
with or without the data-driven verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crossline.config import Settings
from crossline.link.warnlist_node import add_entry
from crossline.services.citizens import CitizenReportIn, submit_report
from crossline.services.imports import import_paths
from crossline.spark.compare import compare_link
from crossline.spark.export import export_link_graph
from crossline.spark.link import run_link
from crossline.store import open_store

# Three complaints: A and B share only the bank's helpline (listed by the node below),
# B and C share a scammer's number; a public report quotes that number too.
ROWS = [
    ("SYN-R-1", "Caller said he was from the bank; call back on 212-555-0147.", "2125550147"),
    ("SYN-R-2", "Told to call 212-555-0147; the agent then gave 646-555-0199.", "6465550199"),
    ("SYN-R-3", "Refund desk at 646-555-0199 asked for gift cards.", "6465550199"),
]


def _node(tmp_path: Path) -> Settings:
    settings = Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path / 'n.db'}")
    path = tmp_path / "sentinel.csv"
    lines = ["reference_number,complaint_date,company_phone,narrative,amount_paid,contact_method"]
    lines += [
        f'{ref},2021-05-0{i},{phone},"{text}",,phone'
        for i, (ref, text, phone) in enumerate(ROWS, 1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_paths(settings, [path])
    return settings


@pytest.mark.parametrize("verdicts", [True, False])
def test_spark_keeps_the_node_rules(spark: Any, tmp_path: Path, verdicts: bool) -> None:
    settings = _node(tmp_path)
    store = open_store(settings)
    try:
        add_entry(store, "phone", "212-555-0147", owner="First Bank", source="bank site", actor="t")
        submit_report(
            store,
            settings,
            CitizenReportIn(what_happened="They called me from 646-555-0199 about a refund."),
            nonce="n-1",
            origin="test",
            address="198.51.100.7",
        )
        export_link_graph(store, tmp_path / "in")
        result = run_link(spark, str(tmp_path / "in"), str(tmp_path / "out"), verdicts=verdicts)
        cmp = compare_link(store, tmp_path / "out")
    finally:
        store.close()
    # the store: {B, C} linked, A alone (the listed helpline), the public report unlinked
    assert result["campaigns"] == 1 and result["largest"] == 2, result
    assert cmp["same_campaigns"], cmp
