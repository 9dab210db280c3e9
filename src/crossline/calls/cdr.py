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
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import phonenumbers
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from crossline.calls import numbering
from crossline.calls.schema import ARROW_SCHEMA, map_header, missing_required
from crossline.calls.store import CallsStore, scalar
from crossline.domain import make_id
from crossline.errors import IngestError, UnreadableFileError, ValidationError
from crossline.hashing import file_sha256

_TRUE = ("1", "true", "t", "yes", "y", "answered", "answer", "connected")
_FALSE = (
    "0",
    "false",
    "f",
    "no",
    "n",
    "no answer",
    "noanswer",
    "busy",
    "failed",
    "cancel",
    "cancelled",
    "unanswered",
    "rejected",
)
_UNSIGNED = ("", "none", "null", "-", "u", "unsigned", "no")


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
        return {
            "import_id": self.import_id,
            "source": self.source,
            "path": self.path,
            "rows_in": self.rows_in,
            "stored": self.stored,
            "quarantined": self.quarantined,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "reasons": self.reasons,
        }


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


def _text(col: str) -> pl.Expr:
    """A column as trimmed text, empty -> null, whatever its source type."""
    s = pl.col(col).cast(pl.String).str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def _times(frame: pl.DataFrame, assume_tz: str | None) -> tuple[pl.Series, pl.Series]:
    """(UTC timestamps, reasons) for ``start_utc`` given as text, epoch or datetimes."""
    src = frame["start_utc"]
    if src.dtype == pl.Datetime:
        tz = getattr(src.dtype, "time_zone", None)
        if tz is None and assume_tz is None:
            reason = pl.Series(
                [
                    None
                    if v is None
                    else "start_utc: timestamp without time zone (pass --timezone)"
                    for v in src
                ],
                dtype=pl.String,
            )
            return pl.Series([None] * len(src), dtype=pl.Datetime("us", "UTC")), reason
        aware = src.dt.replace_time_zone(assume_tz) if tz is None else src
        out = aware.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
        return out, pl.Series([None] * len(src), dtype=pl.String)
    text = frame.select(_text("start_utc").alias("t"))["t"]
    iso = text.str.replace(r"[Zz]$", "+00:00").str.replace("T", " ", literal=True)
    aware = iso.str.to_datetime("%Y-%m-%d %H:%M:%S%.f%z", strict=False, time_zone="UTC")
    epoch_ok = text.str.contains(r"^[0-9]{9,10}(\.[0-9]+)?$").fill_null(False)
    epoch = (
        pl.Series(
            "e", text.str.extract(r"^([0-9]{9,10})", 1).cast(pl.Int64, strict=False) * 1_000_000
        )
        .cast(pl.Datetime("us"))
        .dt.replace_time_zone("UTC")
    )
    naive = iso.str.to_datetime("%Y-%m-%d %H:%M:%S%.f", strict=False)
    if assume_tz:
        naive_utc = naive.dt.replace_time_zone(
            assume_tz, ambiguous="earliest"
        ).dt.convert_time_zone("UTC")
    else:
        naive_utc = pl.Series([None] * len(text), dtype=pl.Datetime("us", "UTC"))
    out = pl.DataFrame(
        {
            "a": aware.dt.cast_time_unit("us"),
            "e": epoch,
            "n": naive_utc.dt.cast_time_unit("us"),
            "ok": epoch_ok,
        }
    ).select(pl.coalesce("a", pl.when(pl.col("ok")).then(pl.col("e")), "n").alias("t"))["t"]
    reason = pl.DataFrame({"text": text, "out": out, "naive": naive}).select(
        pl.when(pl.col("text").is_null())
        .then(pl.lit("start_utc: missing"))
        .when(pl.col("out").is_null() & pl.col("naive").is_not_null())
        .then(pl.lit("start_utc: ") + pl.col("text") + " has no UTC offset (pass --timezone)")
        .when(pl.col("out").is_null())
        .then(pl.lit("start_utc: ") + pl.col("text") + " is not ISO 8601 or epoch seconds")
        .alias("r")
    )["r"]
    return out, reason


def _booleans(text: pl.Expr) -> pl.Expr:
    low = text.str.to_lowercase()
    return pl.when(low.is_in(_TRUE)).then(True).when(low.is_in(_FALSE)).then(False)


@dataclass(frozen=True, slots=True)
class _Options:
    region: str
    assume_tz: str | None
    source: str
    import_id: str


def _why(name: str, condition: pl.Expr, message: pl.Expr | str) -> pl.Expr:
    """A reason column: ``"<name>: <message>"`` where ``condition`` holds, else null."""
    msg = pl.lit(message) if isinstance(message, str) else message
    return pl.when(condition).then(pl.lit(f"{name}: ") + msg).alias(f"why_{name}")


def _json_object_or_none(value: str | None) -> bool:
    if value is None:
        return True
    try:
        return isinstance(json.loads(value), dict)
    except ValueError:
        return False


def normalize_batch(raw: pl.DataFrame, opts: _Options) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Validate and normalise one batch already renamed to schema names.

    Returns ``(good, bad)``: ``good`` in the stored schema plus ``_row``; ``bad`` with
    ``_row``, ``field``, ``reason`` and the raw row as JSON.
    """
    n = raw.height
    texts = {
        name: raw.select(_text(name).alias(name))[name]
        if name in raw.columns
        else pl.Series(name, [None] * n, dtype=pl.String)
        for name in (
            "call_id",
            "caller",
            "callee",
            "duration_s",
            "answered",
            "ring_s",
            "orig_carrier",
            "orig_trunk",
            "next_carrier",
            "ingress_country",
            "attestation",
            "signer",
            "origid",
            "sip_headers",
        )
    }
    f = pl.DataFrame(texts)
    start, start_why = _times(raw, opts.assume_tz)
    country = f["ingress_country"].str.to_uppercase()
    known = {c: phonenumbers.country_code_for_region(c) for c in country.unique().drop_nulls()}
    f = f.with_columns(
        start_utc=start,
        why_start_utc=start_why,
        caller_e164=numbering.parse_numbers(f["caller"], opts.region),
        withheld=numbering.is_withheld(f["caller"]),
        callee_e164=numbering.parse_numbers(f["callee"], opts.region),
        dur=pl.col("duration_s").cast(pl.Float64, strict=False),
        ans=_booleans(pl.col("answered")),
        ring=pl.col("ring_s").cast(pl.Float64, strict=False).round(0),
        country=country,
        ingress_cc=country.replace_strict(known, default=0, return_dtype=pl.Int16).fill_null(0),
        att=pl.col("attestation").str.to_uppercase(),
        sip_ok=pl.Series([_json_object_or_none(v) for v in f["sip_headers"]], dtype=pl.Boolean),
    )
    f = f.with_columns(
        duration=pl.col("dur").round(0).cast(pl.Int32, strict=False),
        attestation_norm=pl.when(pl.col("att").is_in(["A", "B", "C"]))
        .then(pl.col("att"))
        .when(pl.col("att").is_null() | pl.col("att").str.to_lowercase().is_in(_UNSIGNED))
        .then(pl.lit("none")),
    )
    bad_dur = (
        pl.col("dur").is_null()
        | ~pl.col("dur").is_finite()
        | (pl.col("dur") < 0)
        | (pl.col("dur") > 2_000_000_000)
    )
    reasons = [
        _why("call_id", pl.col("call_id").is_null(), "missing"),
        pl.col("why_start_utc"),
        _why("callee", pl.col("callee").is_null(), "missing"),
        _why(
            "callee",
            pl.col("callee").is_not_null() & pl.col("callee_e164").is_null(),
            pl.col("callee") + " is not a phone number",
        ).alias("why_callee_form"),
        _why("duration_s", pl.col("duration_s").is_null(), "missing"),
        _why(
            "duration_s",
            pl.col("duration_s").is_not_null() & bad_dur,
            pl.col("duration_s") + " is not a number of seconds >= 0",
        ).alias("why_dur_form"),
        _why(
            "answered",
            pl.col("answered").is_not_null() & pl.col("ans").is_null(),
            pl.col("answered") + " is not yes/no",
        ),
        _why(
            "answered",
            (pl.col("ans") == False) & (pl.col("duration") > 0),  # noqa: E712
            pl.lit("no, but duration_s is ") + pl.col("duration").cast(pl.String),
        ).alias("why_answered_dur"),
        _why(
            "ring_s",
            pl.col("ring_s").is_not_null()
            & (pl.col("ring").is_null() | (pl.col("ring") < 0) | (pl.col("ring") > 32767)),
            pl.col("ring_s") + " is not a number of seconds >= 0",
        ),
        _why("orig_carrier", pl.col("orig_carrier").is_null(), "missing"),
        _why(
            "ingress_country",
            pl.col("country").is_not_null() & (pl.col("ingress_cc") == 0),
            pl.col("country") + " is not an ISO 3166 alpha-2 code",
        ),
        _why(
            "attestation",
            pl.col("attestation_norm").is_null(),
            pl.col("attestation") + " is not A, B, C or none",
        ),
        _why("sip_headers", ~pl.col("sip_ok"), "not a JSON object"),
    ]
    f = f.with_columns(reasons)
    why_cols = [e.meta.output_name() for e in reasons]
    f = f.with_columns(
        reason=pl.concat_str([pl.col(c) for c in why_cols], separator="; ", ignore_nulls=True),
        field=pl.coalesce([pl.col(c).str.extract(r"^([a-z_]+):", 1) for c in why_cols]),
    )
    bad_mask = f["field"].is_not_null()
    caller_filled = f["caller_e164"].fill_null(0).to_numpy()
    good = pl.DataFrame(
        {
            "call_id": f["call_id"],
            "start_utc": f["start_utc"],
            "caller": f["caller_e164"],
            "caller_raw": f.select(
                pl.when(pl.col("caller") == pl.lit("+") + pl.col("caller_e164").cast(pl.String))
                .then(None)
                .otherwise(pl.col("caller"))
            ).to_series(),
            "callee": f["callee_e164"],
            "duration_s": f["duration"],
            "answered": f.select(pl.coalesce("ans", pl.col("duration") > 0)).to_series(),
            "ring_s": f["ring"].cast(pl.Int16, strict=False),
            "orig_carrier": f["orig_carrier"],
            "orig_trunk": f["orig_trunk"],
            "next_carrier": f["next_carrier"],
            "ingress_country": f["country"],
            "attestation": f["attestation_norm"],
            "signer": f["signer"],
            "origid": f["origid"],
            "sip_headers": f["sip_headers"],
            "caller_cc": pl.Series(numbering.country_codes(caller_filled)),
            # withheld caller ids are neither valid nor invalid
            "caller_valid": f.select(
                pl.when(pl.col("withheld"))
                .then(None)
                .otherwise(pl.Series(numbering.valid_numbers(caller_filled)))
            ).to_series(),
            "callee_cc": pl.Series(
                numbering.country_codes(f["callee_e164"].fill_null(0).to_numpy())
            ),
            "ingress_cc": f["ingress_cc"],
            "source": pl.Series([opts.source] * n, dtype=pl.String),
            "import_id": pl.Series([opts.import_id] * n, dtype=pl.String),
            "_row": raw["_row"],
        }
    )
    bad_raw = raw.filter(bad_mask)
    bad = pl.DataFrame(
        {
            "_row": bad_raw["_row"],
            "field": f["field"].filter(bad_mask),
            "reason": f["reason"].filter(bad_mask),
            "raw": [json.dumps(r, default=str) for r in bad_raw.drop("_row").to_dicts()],
        },
        schema={"_row": pl.Int64, "field": pl.String, "reason": pl.String, "raw": pl.String},
    )
    return good.filter(~bad_mask), bad


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
        opts = _Options(region, assume_tz, source, import_id)
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
    opts: _Options,
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
    store: CallsStore, con: Any, staging: Path, opts: _Options
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
