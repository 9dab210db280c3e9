"""Import call detail records from CSV or Parquet into the Parquet dataset.

The file is streamed in batches (memory stays flat whatever its size); each batch
is validated and normalised with vectorised Polars expressions; rows that cannot
be used go to quarantine with their row number, the offending field and why.
Counts always add up: ``rows_in == stored + quarantined + duplicates``.

Re-importing the same file content is a no-op (files are recognised by SHA-256),
and a call id seen twice in one file, or already stored for the same source, is
counted as a duplicate, not stored twice.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from crossline.calls import numbering
from crossline.calls.cdr_rows import BatchOptions, normalize_batch
from crossline.calls.schema import ARROW_SCHEMA, map_header, missing_required
from crossline.calls.store import CallsStore, scalar
from crossline.domain import make_id
from crossline.errors import IngestError, UnreadableFileError, ValidationError
from crossline.hashing import file_sha256


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What one import did. ``skipped`` is true when the same file was imported before."""

    import_id: str
    source: str
    path: str
    rows_in: int
    stored: int
    quarantined: int
    duplicates: int
    skipped: bool = False
    reasons: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _is_parquet(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"PAR1"


def _csv_header(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        try:
            first = fh.readline()
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    if not first.strip():
        raise UnreadableFileError(f"{path}: empty file, expected a CSV header line")
    if "\x00" in first:
        raise UnreadableFileError(f"{path}: binary data, expected CSV or Parquet")
    return next(csv.reader(io.StringIO(first)))


@dataclass
class _ParseFailures:
    """Rows the CSV parser itself rejected (wrong number of fields)."""

    rows: list[tuple[int, str, str]] = field(default_factory=list)

    def handler(self, row: Any) -> str:
        line = row.number if row.number is not None else -1
        reason = f"expected {row.expected_columns} fields, found {row.actual_columns}"
        self.rows.append((line - 1 if line > 0 else -1, reason, row.text or ""))
        return "skip"


def _batches(
    path: Path, names: list[str], parquet: bool, batch_rows: int, failures: _ParseFailures
) -> Iterator[pa.RecordBatch]:
    if parquet:
        yield from pq.ParquetFile(path).iter_batches(batch_size=batch_rows, columns=names)
        return
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=64 << 20, encoding="utf8", use_threads=False),
        parse_options=pacsv.ParseOptions(invalid_row_handler=failures.handler),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            include_columns=names,
            strings_can_be_null=False,
        ),
    )
    yield from reader


def import_cdrs(
    store: CallsStore,
    path: str | Path,
    *,
    source: str | None = None,
    region: str = "US",
    assume_tz: str | None = None,
    batch_rows: int = 500_000,
) -> ImportResult:
    """Import one CSV or Parquet file of call records into ``store``.

    ``region`` reads national-format numbers (``4155550100`` in ``US``); ``assume_tz``
    (an IANA zone such as ``UTC`` or ``Asia/Kolkata``) is applied to timestamps written
    without an offset, which are otherwise rejected. ``source`` names who supplied the
    records (default: the file name).
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFileError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise UnreadableFileError(f"{path}: empty file")
    try:
        numbering.parse_numbers(pl.Series([], dtype=pl.String), region)
    except ValidationError as exc:
        raise IngestError(exc.message) from exc
    parquet = _is_parquet(path)
    header = pq.ParquetFile(path).schema_arrow.names if parquet else _csv_header(path)
    mapping = map_header(header)
    missing = missing_required(mapping)
    if missing:
        raise IngestError(
            f"{path}: missing required column(s) {', '.join(missing)}; header has "
            f"{', '.join(header)}"
        )
    sha = file_sha256(path)
    source = source or path.stem
    con = store.connect()
    try:
        earlier = store.find_import(con, "cdr", sha)
        if earlier:
            return ImportResult(earlier, source, str(path), 0, 0, 0, 0, skipped=True)
        import_id = make_id("cdr-import", sha)
        opts = BatchOptions(region, assume_tz, source, import_id)
        result = _stream(store, con, path, header, mapping, parquet, batch_rows, opts)
        store.record_import(
            con,
            {
                "import_id": import_id,
                "kind": "cdr",
                "source": source,
                "path": str(path),
                "sha256": sha,
                "rows_in": result.rows_in,
                "stored": result.stored,
                "quarantined": result.quarantined,
                "duplicates": result.duplicates,
                "imported_at": datetime.now(UTC),
                "details": {"region": region, "assume_tz": assume_tz, "reasons": result.reasons},
            },
        )
        return result
    finally:
        con.close()


def _stream(
    store: CallsStore,
    con: Any,
    path: Path,
    header: list[str],
    mapping: dict[str, str],
    parquet: bool,
    batch_rows: int,
    opts: BatchOptions,
) -> ImportResult:
    store.cdr_dir.mkdir(parents=True, exist_ok=True)
    store.quarantine_dir.mkdir(parents=True, exist_ok=True)
    staging = store.root / "tmp" / f"{opts.import_id}.staging.parquet"
    rejects_path = store.quarantine_dir / f"{opts.import_id}.parquet"
    staging_schema = ARROW_SCHEMA.append(pa.field("_row", pa.int64()))
    failures = _ParseFailures()
    reasons: Counter[str] = Counter()
    rows_in = quarantined = 0
    reject_frames: list[pl.DataFrame] = []
    next_row = 1
    with pq.ParquetWriter(staging, staging_schema, compression="zstd") as writer:
        for batch in _batches(path, list(mapping), parquet, batch_rows, failures):
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            frame = frame.rename(mapping)
            # rows the CSV parser skipped keep their numbers; the others fill the gaps
            skipped = {r for r, _, _ in failures.rows if r >= next_row}
            rows: list[int] = []
            while len(rows) < frame.height:
                if next_row not in skipped:
                    rows.append(next_row)
                next_row += 1
            frame = frame.with_columns(pl.Series("_row", rows, dtype=pl.Int64))
            good, bad = normalize_batch(frame, opts)
            rows_in += frame.height
            if good.height:
                table = good.to_arrow().cast(staging_schema)
                writer.write_table(table)
            if bad.height:
                quarantined += bad.height
                reasons.update(str(f) for f in bad["field"])
                reject_frames.append(bad)
    for row, reason, text in failures.rows:
        reject_frames.append(
            pl.DataFrame({"_row": [row], "field": ["row"], "reason": [reason], "raw": [text]})
        )
        reasons["row"] += 1
        rows_in += 1
        quarantined += 1
    stored, duplicates, dup_frame = _finalize(store, con, staging, opts)
    if dup_frame.height:
        reject_frames.append(dup_frame)
    if reject_frames:
        rejects = pl.concat(reject_frames).rename({"_row": "row"}).sort("row")
        rejects.with_columns(pl.lit(opts.import_id).alias("import_id")).write_parquet(rejects_path)
    staging.unlink(missing_ok=True)
    if duplicates:
        reasons["duplicate"] += duplicates
    return ImportResult(
        opts.import_id,
        opts.source,
        str(path),
        rows_in,
        stored,
        quarantined,
        duplicates,
        reasons=dict(sorted(reasons.items())),
    )


def _finalize(
    store: CallsStore, con: Any, staging: Path, opts: BatchOptions
) -> tuple[int, int, pl.DataFrame]:
    """Drop duplicate call ids (within the file, or stored before for the same source)."""
    final = store.cdr_dir / f"{opts.import_id}.parquet"
    existing = [str(p) for p in store.cdr_files()]
    con.execute(f"CREATE OR REPLACE TEMP VIEW staging AS SELECT * FROM read_parquet('{staging}')")
    prior = (
        "SELECT DISTINCT call_id FROM read_parquet(?, union_by_name = true) WHERE source = ?"
        if existing
        else "SELECT NULL::VARCHAR AS call_id WHERE false"
    )
    params: list[Any] = [existing, opts.source] if existing else []
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE dup_rows AS
        WITH firsts AS (SELECT call_id, min(_row) AS first_row FROM staging GROUP BY call_id),
             prior AS ({prior})
        SELECT s._row, s.call_id, f.first_row, (p.call_id IS NOT NULL) AS stored_before
        FROM staging s JOIN firsts f USING (call_id) LEFT JOIN prior p USING (call_id)
        WHERE s._row <> f.first_row OR p.call_id IS NOT NULL""",
        params,
    )
    dups = con.sql(
        "SELECT _row, call_id, first_row, stored_before FROM dup_rows ORDER BY _row"
    ).pl()
    tmp_final = final.with_suffix(".tmp")
    con.execute(
        f"""COPY (SELECT * EXCLUDE (_row) FROM staging
                 WHERE _row NOT IN (SELECT _row FROM dup_rows) ORDER BY start_utc)
            TO '{tmp_final}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)"""
    )
    stored = scalar(con, f"SELECT count(*) FROM read_parquet('{tmp_final}')")
    os.replace(tmp_final, final)
    dup_frame = pl.DataFrame(
        {
            "_row": dups["_row"],
            "field": ["call_id"] * dups.height,
            "reason": [
                f"duplicate call_id {cid!r} (already stored for source {opts.source!r})"
                if before
                else f"duplicate call_id {cid!r} (first at row {first})"
                for cid, first, before in zip(
                    dups["call_id"], dups["first_row"], dups["stored_before"], strict=True
                )
            ],
            "raw": dups["call_id"],
        },
        schema={"_row": pl.Int64, "field": pl.String, "reason": pl.String, "raw": pl.String},
    )
    return int(stored or 0), dups.height, dup_frame
