"""The bulk import path stores what the row path stores: the same reports, values,
sightings, victim contacts, warnings, quarantine, versions and campaigns (ids, common
verdicts and their reasons), and the same reconciliation, on both engines.

Each case imports the same files, in the same order, into two fresh stores: one on the
row path (small batches, so its incremental linking is exercised), one on the bulk path
(chunks of another size); then every table is compared row for row.
"""

from __future__ import annotations

import csv
import random
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crossline.config import Settings
from crossline.ingest.bulk import BulkImporter
from crossline.ingest.pipeline import Importer
from crossline.services.imports import pipeline_hooks
from crossline.store import Store, open_store
from support import testdb
from support.shared_data import SHARED
from support.store_dump import differences, dump

DEMO = Path(__file__).resolve().parents[2] / "src" / "crossline" / "demo_data"
DATA = SHARED / "data"
HEADER = [
    "reference_number", "date_received", "narrative", "amount_paid", "contact_method",
    "consumer_state", "representative_phone",
]  # fmt: skip
HELPLINE = "1-800-275-2273"  # a brand's real customer care (on the shipped warning list)


def synthetic_rows(n: int, seed: int) -> list[list[str]]:
    """Complaints with heavy value reuse: campaigns of a few to a few dozen reports, a
    bridging number quoted by the first report of many campaigns (common by the rule),
    exact repeats, unreadable amounts and dates, and rows too short to read."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    for i in range(n):
        camp = int(rng.paretovariate(1.2)) % 60
        phone = f"(415) 555-{1000 + camp:04d}"
        upi = f"pay{camp}@okaxis" if camp % 3 == 0 else ""
        bridge = " Also called (212) 555-0199 first." if i % 60 < 8 and i % 60 == camp % 8 else ""
        care = f" They said they were Apple at {HELPLINE}." if i % 17 == 0 else ""
        text = f"Caller from {phone} asked for gift cards. {upi}{bridge}{care} Ref {i % 7}."
        amount = "$12.x0" if i % 97 == 5 else f"${(i % 50) * 7}.00"
        date = "31/31/2024" if i % 89 == 3 else f"03/{1 + i % 28:02d}/2024"
        row = [f"SYN-{i:05d}", date, text, amount, "Phone call", "CA", phone]
        rows.append(row[:3] if i % 113 == 7 else row)  # a short row: quarantined
        if i % 41 == 0:
            rows.append(list(rows[-1]))  # the same row twice: a duplicate
    return rows


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def synthetic(tmp: Path) -> list[tuple[Path, str | None]]:
    """A file, a re-import of it, and a file of corrections: some complaints come back
    with another narrative (new versions), one of them twice, with one repeat."""
    rows = synthetic_rows(1200, seed=7)
    first = write(tmp / "complaints.csv", rows)
    fixed = [[*r[:2], r[2] + " Corrected: also texted me.", *r[3:]] for r in rows[::50]]
    again = [[*fixed[0][:2], fixed[0][2] + " Second fix.", *fixed[0][3:]]]
    second = write(tmp / "corrections.csv", [*fixed, *again, rows[1]])
    return [(first, "sentinel_csv"), (first, "sentinel_csv"), (second, "sentinel_csv")]


def two_files(tmp: Path) -> list[tuple[Path, str | None]]:
    """The second file's complaints join campaigns the first file made (a bulk import
    into a store that already holds them)."""
    rows = synthetic_rows(900, seed=11)
    first = write(tmp / "first.csv", rows[::2])
    second = write(tmp / "second.csv", rows[1::2])
    return [(first, "sentinel_csv"), (second, "sentinel_csv")]


def overlapping(tmp: Path) -> list[tuple[Path, str | None]]:
    """Two files without repeats inside either: the first's chunks are wholly new (the
    workers' own indicator rows are stored), the second starts with complaints the first
    stored, so its first chunk mixes stored and new ones (the writer aggregates the new
    ones' rows again); values first seen in a later chunk join campaigns of earlier ones,
    and one complaint comes back with another narrative (a new version)."""
    rows = list({r[0]: r for r in synthetic_rows(1000, seed=5)}.values())
    first = write(tmp / "first.csv", rows[:500])
    later = [list(r) for r in rows[250:900]]
    later[10][2] += " Corrected."
    second = write(tmp / "second.csv", later)
    return [(first, "sentinel_csv"), (second, "sentinel_csv"), (first, "sentinel_csv")]


def real_file(*parts: str, rows: int | None = None) -> Callable[[Path], list[tuple[Path, None]]]:
    def files(tmp: Path) -> list[tuple[Path, None]]:
        src = Path(*parts)
        if not src.is_file():
            pytest.skip(f"{src} is not present")
        dst = tmp / src.name
        if rows is None:
            shutil.copy(src, dst)
        else:  # the head of a large file, whole lines
            with src.open(encoding="utf-8") as fh:
                dst.write_text("".join(line for _, line in zip(range(rows + 1), fh, strict=False)))
        return [(dst, None)]

    return files


CASES = {
    "synthetic-repeats-versions-broken": synthetic,
    "synthetic-joining-stored-campaigns": two_files,
    "synthetic-overlapping-files": overlapping,
    "ncrp-demo": real_file(str(DEMO), "synthetic", "ncrp_complaints.csv"),
    "sentinel-demo": real_file(str(DEMO), "synthetic", "sentinel_reports.csv"),
    "ftc-dnc-day": real_file(str(DATA), "ftc-dnc-reported-numbers", "2021-04-14.json"),
    "cfpb-sample": real_file(
        str(DATA), "cfpb-complaints-sample", "complaints_sample.csv", rows=800
    ),
    "ftc-robocall-transcripts": real_file(
        str(DATA), "ftc-robocall-transcripts", "metadata.csv", rows=400
    ),
}


@pytest.fixture
def twin(settings: Settings, tmp_path: Path) -> Iterator[tuple[Store, Store, Settings]]:
    """Two fresh stores on the same engine: the test's own and one more."""
    if settings.database_url.startswith("postgresql"):
        other_url = testdb.fresh_postgres_url()
    else:
        other_url = f"sqlite:///{tmp_path / 'bulk.db'}"
    row_store = open_store(settings)
    bulk_store = open_store(settings.with_database(other_url))
    yield row_store, bulk_store, settings
    row_store.close()
    bulk_store.close()
    testdb.release(other_url)


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bulk_path_stores_what_the_row_path_stores(
    twin: tuple[Store, Store, Settings], tmp_path: Path, case: str
) -> None:
    row_store, bulk_store, settings = twin
    files = CASES[case](tmp_path)
    row = Importer(row_store, settings, hooks=pipeline_hooks(row_store, settings), batch_size=97)
    # One case goes through a worker process; the others work in this one (faster here).
    workers = 1 if case == "ncrp-demo" else 0
    bulk = BulkImporter(
        bulk_store, settings, hooks=pipeline_hooks(bulk_store, settings), chunk_rows=350,
        workers=workers,
    )  # fmt: skip
    counts = ("rows_read", "stored", "duplicates", "quarantined", "updated", "warnings")
    for path, fmt in files:
        a = row.import_file(path, fmt)
        b = bulk.import_file(path, fmt)
        assert b.reconciles, b
        assert {k: getattr(a, k) for k in counts} == {k: getattr(b, k) for k in counts}
    assert differences(dump(row_store), dump(bulk_store)) == {}


def test_synthetic_case_exercises_what_it_claims(settings: Settings, tmp_path: Path) -> None:
    """The synthetic files hold duplicates, versions, quarantined rows, warnings,
    campaigns and a value made common by the rule (else the comparison proves little)."""
    store = open_store(settings)
    bulk = BulkImporter(store, settings, workers=0, chunk_rows=500)
    summaries = [bulk.import_file(p, f) for p, f in synthetic(tmp_path)]
    store.close()
    first, again, fixes = summaries
    assert first.stored and first.duplicates and first.quarantined and first.warnings
    assert first.newly_common  # the bridging number
    assert again.stored == 0 and again.duplicates + again.quarantined == again.rows_read
    assert fixes.updated > 1


def test_a_run_stopped_before_linking_is_linked_by_the_next_import(
    twin: tuple[Store, Store, Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports stored by a bulk run that failed before its linking step are linked when
    the file comes again (they are duplicates in no campaign)."""
    import crossline.ingest.bulk.importer as bulk_importer

    row_store, bulk_store, settings = twin
    (path, fmt), *_ = synthetic(tmp_path)
    Importer(row_store, settings, batch_size=500).import_file(path, fmt)
    bulk = BulkImporter(bulk_store, settings, chunk_rows=400, workers=0)
    real = bulk_importer.link_reports

    def fail(*_args: object, **_kw: object) -> None:
        raise RuntimeError("stopped before linking")

    monkeypatch.setattr(bulk_importer, "link_reports", fail)
    with pytest.raises(RuntimeError):
        bulk.import_file(path, fmt)
    assert differences(dump(row_store), dump(bulk_store))  # not linked yet
    monkeypatch.setattr(bulk_importer, "link_reports", real)
    again = bulk.import_file(path, fmt)
    assert again.stored == 0 and again.reconciles
    assert differences(dump(row_store), dump(bulk_store)) == {}
