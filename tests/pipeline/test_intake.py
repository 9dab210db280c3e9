"""Intake that loses nothing: field warnings on messy files, versions of a complaint."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from crossline.config import Settings
from crossline.ingest.pipeline import Importer
from crossline.services.lookup import lookup
from crossline.store import Store
from crossline.store import intake as store_intake
from crossline.store.schema import import_warnings, imports, reports

MESSY = Path(__file__).parents[1] / "data" / "ingest" / "messy"


@pytest.fixture
def importer(store: Store, settings: Settings) -> Importer:
    return Importer(store, settings, batch_size=4)


# file, rows read, stored, quarantined, warnings (field, raw) expected
MESSY_FILES = [
    (
        "ncrp_in.csv", 11, 9, 2,
        {("Complaint Date", "4/14/2021"), ("Complaint Date", "31/02/2021"),
         ("Amount", "bahut saare"), ("Complaint Date", "yesterday")},
    ),
    (
        "sentinel_us.csv", 8, 7, 1,
        {("Date Received", "14/4/2021"), ("Date Received", "02/30/2021"),
         ("Amount Paid", "a lot")},
    ),
    (
        "sentinel_cp1252.csv", 5, 5, 0,
        {("(encoding)", "cp1252"), ("Date Received", "31/31/2021")},
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "read", "stored", "bad", "warned"), MESSY_FILES, ids=[m[0] for m in MESSY_FILES]
)
def test_messy_files_store_every_readable_row(
    importer: Importer,
    store: Store,
    name: str,
    read: int,
    stored: int,
    bad: int,
    warned: set[tuple[str, str]],
) -> None:
    summary = importer.import_file(MESSY / name)
    assert summary.reconciles
    assert (summary.rows_read, summary.stored, summary.quarantined) == (read, stored, bad)
    assert summary.warnings == len(warned)
    with store.read() as conn:
        rows = store_intake.list_warnings(conn, import_id=summary.import_id)
        n_reports = len(conn.execute(select(reports.c.id)).all())
        recorded = conn.execute(
            select(imports.c.warnings).where(imports.c.id == summary.import_id)
        ).scalar_one()
    assert {(r["field"], r["raw"]) for r in rows} == warned
    assert all(r["line"] and r["reason"] and r["report_id"] for r in rows)
    assert n_reports == stored and recorded == len(warned)
    # A re-import adds nothing: no report, no warning.
    again = importer.import_file(MESSY / name)
    assert (again.stored, again.duplicates, again.warnings) == (0, stored, 0)
    with store.read() as conn:
        assert len(conn.execute(select(import_warnings.c.id)).all()) == len(warned)


def test_indian_notations_reach_the_store(importer: Importer, store: Store) -> None:
    importer.import_file(MESSY / "ncrp_in.csv")
    with store.read() as conn:
        got = dict(conn.execute(select(reports.c.source_ref, reports.c.amount_lost)).all())
    assert Decimal(got["31504210000101"]) == Decimal("150000")  # Rs. 1.5 lakh
    assert Decimal(got["31504210000102"]) == Decimal("20000000")  # Rs 2 crore
    assert Decimal(got["31504210000103"]) == Decimal("50000")  # INR 50k
    assert got["31504210000105"] is None  # N/A: no amount, no warning
    # The suspect's values of a row with an unreadable amount are findable.
    found = lookup(store, "9812300006")["indicators"]
    assert found and found[0]["report_count"] == 1


def _ncrp(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    lines = ["acknowledgement_no,complaint_date,suspect_mobile,suspect_upi_id,description"]
    lines += [f"{ack},14/04/2021,{mobile},{upi},{text}" for ack, mobile, upi, text in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _refs(store: Store, value: str) -> set[str]:
    found = lookup(store, value)["indicators"]
    return {s["report"]["source_ref"] for ind in found for s in ind["sightings"]}


def _campaign(store: Store, ref: str) -> str | None:
    with store.read() as conn:
        return conn.execute(
            select(reports.c.component_id).where(reports.c.source_ref == ref)
        ).scalar_one()


def test_a_corrected_complaint_is_a_new_version(
    importer: Importer, store: Store, tmp_path: Path
) -> None:
    first = _ncrp(
        tmp_path / "v1.csv",
        [
            ("700001", "9876500001", "old.handle@ybl", "KYC call"),
            ("700002", "9876500002", "old.handle@ybl", "Same handle other victim"),
        ],
    )
    importer.import_file(first)
    assert _campaign(store, "700001") == _campaign(store, "700002") is not None
    # The investigating officer adds a second number and replaces the UPI handle.
    second = _ncrp(
        tmp_path / "v2.csv",
        [("700001", "9876500001; 9876500009", "new.handle@okaxis", "KYC call corrected")],
    )
    summary = importer.import_file(second)
    assert summary.reconciles
    assert (summary.stored, summary.updated, summary.duplicates) == (1, 1, 0)
    assert _refs(store, "new.handle@okaxis") == {"700001"}
    assert _refs(store, "9876500009") == {"700001"}
    assert _refs(store, "old.handle@ybl") == {"700002"}  # unlinked from the new version
    assert _campaign(store, "700001") != _campaign(store, "700002")
    with store.read() as conn:
        versions = store_intake.versions_of(conn, summary_report_id(store, "700001"))
        old_handle = lookup(store, "old.handle@ybl")["indicators"][0]
    assert [v["version"] for v in versions] == [1, 2]
    assert "upi:new.handle@okaxis" in versions[1]["indicators"]
    assert "upi:old.handle@ybl" in versions[0]["indicators"]
    assert old_handle["report_count"] == 1
    # A byte-identical repeat stays a duplicate; so does the older version.
    again = importer.import_file(second)
    assert (again.stored, again.updated, again.duplicates) == (0, 0, 1)


def test_two_versions_in_one_file(importer: Importer, store: Store, tmp_path: Path) -> None:
    path = _ncrp(
        tmp_path / "both.csv",
        [
            ("800001", "9876511111", "first@ybl", "first words"),
            ("800001", "9876511111", "second@ybl", "corrected words"),
            ("800001", "9876511111", "second@ybl", "corrected words"),
        ],
    )
    summary = importer.import_file(path)
    assert summary.reconciles
    assert (summary.rows_read, summary.stored, summary.updated, summary.duplicates) == (3, 2, 1, 1)
    assert _refs(store, "second@ybl") == {"800001"}
    assert _refs(store, "first@ybl") == set()


def summary_report_id(store: Store, ref: str) -> str:
    with store.read() as conn:
        return conn.execute(select(reports.c.id).where(reports.c.source_ref == ref)).scalar_one()
