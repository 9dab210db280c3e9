"""Importing the same files in any order and batching gives the same campaigns, and
those are what ``relink`` computes (complaints files, end to end, both engines)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from crossline.config import Settings
from crossline.ingest.pipeline import Importer
from crossline.link.relink import relink
from crossline.store import Store
from crossline.store.schema import indicators, reports

HEADER = (
    "acknowledgement_no,complaint_date,incident_datetime,state,district,category,"
    "sub_category,suspect_mobile,suspect_upi_id,amount,description"
)
CARE = "9123400001"  # a company's customer-care number that every scam quotes


def line(ack: int, mobile: str, upi: str) -> str:
    return (
        f"{ack},14/04/2021 10:30,13-04-2021 19:40,Maharashtra,Pune,Online Financial Fraud,"
        f'UPI Related Frauds,{mobile},{upi},"Rs. 5,000",paisa wapas nahi aaya'
    )


def files(tmp: Path) -> list[Path]:
    """Five unrelated scams: two complaints each sharing a payee handle; the first of
    each also names the customer-care number. Quoting complaints, their partners and a
    lone complaint come in separate files."""
    quoting = [line(100 + g, CARE, f"refund{g}@ybl") for g in range(5)]
    partners = [line(200 + g, f"98200000{g}{g}", f"refund{g}@ybl") for g in range(5)]
    other = [line(300, CARE, "lone@ybl")]
    out = []
    for name, rows in (("quoting", quoting), ("partners", partners), ("other", other)):
        path = tmp / f"{name}.csv"
        path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        out.append(path)
    return out


def partition(store: Store) -> tuple[set[frozenset[str]], dict[str, bool]]:
    with store.read() as conn:
        rows = conn.execute(select(reports.c.source_ref, reports.c.component_id)).all()
        common = dict(conn.execute(select(indicators.c.value, indicators.c.common)).all())
    by: dict[str, set[str]] = defaultdict(set)
    for ref, cid in rows:
        by[cid or ref].add(ref)
    return {frozenset(v) for v in by.values()}, {k: bool(v) for k, v in common.items()}


@pytest.mark.parametrize(
    ("order", "batch"),
    [((0, 1, 2), 2), ((1, 0, 2), 3), ((2, 1, 0), 1), ((0, 2, 1), 50)],
    ids=["quoting-first", "partners-first", "reversed-one-by-one", "one-batch-each"],
)
def test_file_order_does_not_change_campaigns(
    store: Store, settings: Settings, tmp_path: Path, order: tuple[int, ...], batch: int
) -> None:
    paths = files(tmp_path)
    importer = Importer(store, settings, batch_size=batch)
    for i in order:
        importer.import_file(paths[i], "ncrp_csv")
    groups, common = partition(store)
    scams = {frozenset({str(100 + g), str(200 + g)}) for g in range(5)}
    assert scams <= groups  # the customer-care number joins none of them
    assert common["+919123400001"] is True
    relink(store)
    assert partition(store) == (groups, common)
