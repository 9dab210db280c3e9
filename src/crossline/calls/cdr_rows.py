"""One batch of call records checked and put in the stored schema (vectorised Polars).

Every column is read as trimmed text; timestamps (ISO 8601 with an offset, epoch
seconds, or naive with ``--timezone``), numbers, booleans and attestation are parsed;
phone numbers are normalised to E.164 (:mod:`crossline.calls.numbering`). A row that
cannot be used gets a reason naming its field; :func:`crossline.calls.cdr.import_cdrs`
quarantines it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import phonenumbers
import polars as pl

from crossline.calls import numbering
from crossline.calls.schema import TEXT_INPUTS

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
class BatchOptions:
    """What every row of one import shares: numbering region, time zone, source, import."""

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


def normalize_batch(raw: pl.DataFrame, opts: BatchOptions) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Validate and normalise one batch already renamed to schema names.

    Returns ``(good, bad)``: ``good`` in the stored schema plus ``_row``; ``bad`` with
    ``_row``, ``field``, ``reason`` and the raw row as JSON.
    """
    n = raw.height
    texts = {
        name: raw.select(_text(name).alias(name))[name]
        if name in raw.columns
        else pl.Series(name, [None] * n, dtype=pl.String)
        for name in TEXT_INPUTS
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
