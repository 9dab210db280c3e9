"""Caller, trunk and carrier features computed by DuckDB over the Parquet call records.

Cost is what shapes this module. At 100M calls on two cores every aggregate
evaluated per row costs seconds, so each full scan does as little as it can:

1. **trunk scan**: every call's spoofing and outcome flags are packed into one small
   integer (``sig``) and the scan only *counts* calls per (carrier, trunk, signer,
   attestation, hour, sig). ``trunk_hour``, ``carrier_features`` and
   ``signer_attestation`` are then sums over that compact table;
2. **caller scan**: calls, answered, short calls, talk time and first/last call per
   caller id;
3. **detail scan**, restricted (semi-join) to callers that are busy or behave like a
   robodialer: distinct callees (HyperLogLog, about 2% error), active hours, peak calls
   in one hour (bursts), neighbour matches, protected/invalid id, attestation mix and,
   for robodialer-like callers, sequential dialing.

Definitions (``docs/calls.md`` has the table): *short* = answered and under 10 s;
*sequential dialing* = share of a caller's consecutive calls whose callee is 1 to 10
above the previous callee; *one-ring* = unanswered, ringing at most 5 s, from a
foreign number; the spoofing signs are those of :mod:`crossline.calls.spoofing`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from crossline.calls.engine import SqlEngine, StepClock, as_engine, scalar
from crossline.calls.spoofing import (
    FOREIGN_DOMESTIC_SQL,
    INVALID_SQL,
    NEIGHBOUR_SQL,
    ONE_RING_SQL,
    SHORT_SQL,
    WITHHELD_SQL,
    protected_frame,
)

HOUR_US = 3_600_000_000
# bit of each flag inside ``sig``; the order is part of the stored trunk_sig table
FLAG_BITS = {
    "answered": 1,
    "short": 2,
    "neighbour": 4,
    "foreign_domestic": 8,
    "invalid": 16,
    "withheld": 32,
    "one_ring": 64,
    "protected": 128,
}
_FLAG_SQL = {
    "answered": "answered",
    "short": SHORT_SQL,
    "neighbour": NEIGHBOUR_SQL,
    "foreign_domestic": FOREIGN_DOMESTIC_SQL,
    "invalid": INVALID_SQL,
    "withheld": WITHHELD_SQL,
    "one_ring": ONE_RING_SQL,
    # filled in by register_protected(): a literal IN list is cheaper than a subquery
    "protected": "false",
}
SPOOF_BITS = FLAG_BITS["neighbour"] | FLAG_BITS["invalid"] | FLAG_BITS["protected"]


@dataclass(frozen=True, slots=True)
class FeatureParams:
    """Which callers get a feature row, and which get the detail features."""

    min_caller_calls: int = 5
    detail_min_calls: int = 100  # busy callers: bursts, distinct callees, sequences
    robo_min_calls: int = 10  # callers this busy with a low answer rate get details too
    robo_max_answer: float = 0.35
    sequential_max_step: int = 10


@dataclass(frozen=True, slots=True)
class FeatureSummary:
    """Row counts of the feature tables and seconds spent per step."""

    rows: int
    trunk_hours: int
    carriers: int
    callers: int
    detailed_callers: int
    seconds: dict[str, float] = field(default_factory=dict)
    # CPU seconds of every thread of the process per step: unlike wall time, not
    # inflated by other work on a shared machine
    cpu: dict[str, float] = field(default_factory=dict)


def register_protected(con: duckdb.DuckDBPyConnection | SqlEngine) -> None:
    """(Re)create the ``protected_numbers`` table from the shipped list.

    Also sets the ``protected`` flag's SQL to a literal list of the numbers, which
    DuckDB evaluates per row faster than a subquery.
    """
    frame = protected_frame()
    as_engine(con).register("protected_numbers", frame.to_arrow())
    numbers = ", ".join(str(int(n)) for n in frame["number"].to_list())
    _FLAG_SQL["protected"] = f"coalesce(caller IN ({numbers}), false)" if numbers else "false"


# flags whose SQL is NULL when a column is (answered missing): NULL propagates into sig
_NULLABLE_FLAGS = ("answered", "short")


def sig_sql() -> str:
    """SQL expression packing every per-call flag into one integer (see FLAG_BITS).

    The coalesced flags are never NULL, and a CASE per flag costs DuckDB less per row
    than a cast and a multiplication.
    """
    return " + ".join(
        f"{bit} * ({_FLAG_SQL[name]})::INT"
        if name in _NULLABLE_FLAGS
        else f"CASE WHEN {_FLAG_SQL[name]} THEN {bit} ELSE 0 END"
        for name, bit in FLAG_BITS.items()
    )


def flag(name: str, column: str = "sig") -> str:
    """SQL test of one flag inside a ``sig`` column."""
    return f"({column} & {FLAG_BITS[name]} <> 0)"


def flags_sql(source: str = "cdr") -> str:
    """SELECT over ``source`` adding ``hour``, ``day``, ``sig`` and one boolean per flag."""
    bools = ",\n        ".join(f"{flag(n)} AS {n}" for n in FLAG_BITS if n != "answered")
    return f"""
    SELECT *, {bools}, NOT answered AS unanswered FROM (
        SELECT *, epoch_us(start_utc) // {HOUR_US} AS hour,
               epoch_us(start_utc) // {HOUR_US * 24} AS day,
               {sig_sql()} AS sig
        FROM {source})
    """


def _flag_sums(prefix: str = "", weight: str = "n") -> str:
    """Per-flag sums over a table with a ``sig`` column and a ``weight`` count column."""

    def count(where: str, name: str) -> str:
        return f"coalesce(sum({weight}) FILTER (WHERE {where}), 0)::BIGINT AS {prefix}{name}"

    parts = [f"sum({weight})::BIGINT AS calls"]
    parts += [count(flag(name), name) for name in FLAG_BITS]
    parts.append(count(f"NOT {flag('answered')}", "unanswered"))
    parts += [count(f"attestation = '{a}'", f"att_{a.lower()}") for a in ("A", "B", "C", "none")]
    parts.append(count(f"attestation = 'A' AND sig & {SPOOF_BITS} <> 0", "a_spoofed"))
    return ",\n            ".join(parts)


def build_trunk_tables(con: duckdb.DuckDBPyConnection | SqlEngine, source: str = "cdr") -> int:
    """One scan: ``trunk_sig`` (counts per flag combination), then ``trunk_hour`` from it."""
    engine = as_engine(con)
    # Missing trunks and signers are named after the scan, on the grouped rows: a
    # coalesce per call would turn the columns' dictionaries into plain strings. The
    # outer GROUP BY merges a NULL trunk's group with a '' trunk's, as before.
    engine.create(
        "trunk_sig",
        f"""SELECT orig_carrier, coalesce(orig_trunk, '') AS orig_trunk,
               coalesce(signer, '(unsigned)') AS signer, attestation, hour, sig,
               sum(n)::BIGINT AS n, sum(talk_seconds)::BIGINT AS talk_seconds
        FROM (SELECT orig_carrier, orig_trunk, signer, attestation,
                     epoch_us(start_utc) // {HOUR_US} AS hour, {sig_sql()} AS sig,
                     count(*) AS n, sum(duration_s) AS talk_seconds
              FROM {source} GROUP BY ALL)
        GROUP BY ALL""",
    )
    engine.create(
        "trunk_hour",
        f"""SELECT orig_carrier, orig_trunk, hour, {_flag_sums()},
               sum(talk_seconds)::BIGINT AS talk_seconds
        FROM trunk_sig GROUP BY orig_carrier, orig_trunk, hour""",
    )
    return _count(engine, "trunk_hour")


def build_carrier_features(con: duckdb.DuckDBPyConnection | SqlEngine) -> int:
    """``carrier_features`` and ``signer_attestation`` from the trunk tables (no scan)."""
    engine = as_engine(con)
    cols = [
        "calls",
        "answered",
        "short",
        "unanswered",
        "talk_seconds",
        "neighbour",
        "protected",
        "invalid",
        "withheld",
        "foreign_domestic",
        "one_ring",
        "att_a",
        "att_b",
        "att_c",
        "att_none",
        "a_spoofed",
    ]
    sums = ", ".join(f"sum({c})::BIGINT AS {c}" for c in cols)
    engine.create(
        "carrier_features",
        f"""WITH per_hour AS (
            SELECT orig_carrier, hour, sum(calls) AS calls FROM trunk_hour GROUP BY ALL
        ), peak AS (
            SELECT orig_carrier, max(calls)::BIGINT AS peak_hour_calls,
                   median(calls) AS median_hour_calls, count(*) AS active_hours
            FROM per_hour GROUP BY ALL
        ), totals AS (
            SELECT orig_carrier, {sums}, count(DISTINCT orig_trunk) AS trunks,
                   min(hour) AS first_hour, max(hour) AS last_hour
            FROM trunk_hour GROUP BY ALL
        )
        SELECT t.*, p.peak_hour_calls, p.median_hour_calls, p.active_hours,
            round(t.calls / p.active_hours, 1) AS calls_per_active_hour,
            round(t.answered / t.calls, 4) AS answer_ratio,
            round(t.short / t.calls, 4) AS short_ratio,
            round(t.neighbour / t.calls, 4) AS neighbour_ratio,
            round(t.foreign_domestic / t.calls, 4) AS foreign_domestic_ratio,
            round(t.invalid / t.calls, 4) AS invalid_ratio,
            round(t.att_a / t.calls, 4) AS a_ratio,
            round((t.att_c + t.att_none) / t.calls, 4) AS c_or_unsigned_ratio
        FROM totals t JOIN peak p USING (orig_carrier)
        ORDER BY t.calls DESC""",
    )
    engine.create(
        "signer_attestation",
        f"""SELECT signer, {_flag_sums()}
        FROM trunk_sig GROUP BY signer ORDER BY calls DESC""",
    )
    return _count(engine, "carrier_features")


def build_caller_features(
    con: duckdb.DuckDBPyConnection | SqlEngine,
    source: str = "cdr",
    params: FeatureParams | None = None,
) -> tuple[int, int]:
    """``caller_features`` (one cheap scan) plus ``caller_detail`` for busy or robo-like callers.

    Returns (callers, detailed callers).
    """
    params = params or FeatureParams()
    engine = as_engine(con)
    engine.create(
        "caller_features",
        f"""SELECT caller, count(*) AS calls, sum(answered::INT)::BIGINT AS answered,
               sum(({SHORT_SQL})::INT)::BIGINT AS short,
               sum(duration_s)::BIGINT AS talk_seconds,
               min(start_utc) AS first_seen, max(start_utc) AS last_seen
        FROM {source} WHERE caller IS NOT NULL
        GROUP BY caller HAVING count(*) >= {int(params.min_caller_calls)}""",
    )
    robo = f"calls >= {int(params.robo_min_calls)} AND answered <= {params.robo_max_answer} * calls"
    engine.create(
        "detail_callers",
        f"""SELECT caller FROM caller_features
        WHERE calls >= {int(params.detail_min_calls)} OR ({robo})""",
        temp=True,
    )
    engine.create("robo_like", f"SELECT caller FROM caller_features WHERE {robo}", temp=True)
    step = int(params.sequential_max_step)
    # The semi-join runs first and only seven columns are read, so the busy callers' calls
    # cost little; per-call flags that need more columns are left to the trunk tables.
    engine.create(
        "caller_detail",
        f"""WITH calls AS MATERIALIZED (
            SELECT caller, callee, start_utc, epoch_us(start_utc) // {HOUR_US} AS hour,
                   caller_valid, attestation, orig_trunk
            FROM {source} WHERE caller IN (SELECT caller FROM detail_callers)
        ), per_hour AS (
            SELECT caller, max(n)::BIGINT AS peak_hour_calls, count(*) AS active_hours FROM (
                SELECT caller, hour, count(*) AS n FROM calls GROUP BY ALL) GROUP BY caller
        ), steps AS (
            -- sequences only for robodialer-like callers: sorting every busy caller's
            -- calls would cost more than all the other features together. Ties in time
            -- are broken by callee so that every engine gets the same sequence.
            SELECT caller, callee - lag(callee) OVER (PARTITION BY caller
                                                      ORDER BY start_utc, callee)
                AS step FROM calls WHERE caller IN (SELECT caller FROM robo_like)
        ), seq AS (
            SELECT caller, round(avg((step BETWEEN 1 AND {step})::INT), 4) AS sequential_ratio
            FROM steps WHERE step IS NOT NULL GROUP BY caller
        ), totals AS (
            SELECT caller, approx_count_distinct(callee) AS callees,
                approx_count_distinct(orig_trunk) AS trunks,
                any_value({_FLAG_SQL["protected"]}) AS is_protected,
                bool_or({INVALID_SQL}) AS is_invalid,
                count_if(caller // 10000 = callee // 10000 AND caller <> callee
                         AND caller BETWEEN 10000000000 AND 19999999999
                         AND callee BETWEEN 10000000000 AND 19999999999)::BIGINT AS neighbour,
                count_if(attestation = 'A')::BIGINT AS att_a,
                count_if(attestation = 'B')::BIGINT AS att_b,
                count_if(attestation = 'C')::BIGINT AS att_c,
                count_if(attestation = 'none')::BIGINT AS att_none
            FROM calls GROUP BY caller
        )
        SELECT t.*, h.peak_hour_calls, h.active_hours,
               round(f.calls / h.active_hours, 1) AS calls_per_active_hour,
               round(least(t.callees / f.calls, 1), 4) AS distinct_callee_ratio,
               round(f.answered / f.calls, 4) AS answer_ratio,
               s.sequential_ratio
        FROM totals t JOIN per_hour h USING (caller) JOIN caller_features f USING (caller)
        LEFT JOIN seq s USING (caller)""",
    )
    return _count(engine, "caller_features"), _count(engine, "caller_detail")


def _count(engine: SqlEngine, table: str) -> int:
    return int(scalar(engine, f"SELECT count(*) FROM {table}") or 0)


def compute_features(
    con: duckdb.DuckDBPyConnection | SqlEngine,
    source: str = "cdr",
    params: FeatureParams | None = None,
) -> FeatureSummary:
    """Build every feature table over ``source`` (a view or ``read_parquet(...)`` call).

    ``con``: a DuckDB connection, or any :class:`~crossline.calls.engine.SqlEngine`.
    """
    con = as_engine(con)
    clock = StepClock()
    register_protected(con)
    with clock.step("trunk_scan"):
        trunk_hours = build_trunk_tables(con, source)
    with clock.step("carrier"):
        carriers = build_carrier_features(con)
    with clock.step("caller_scans"):
        callers, detailed = build_caller_features(con, source, params)
    clock.total()
    rows = int(scalar(con, "SELECT sum(n) FROM trunk_sig") or 0)
    return FeatureSummary(rows, trunk_hours, carriers, callers, detailed, clock.seconds, clock.cpu)
