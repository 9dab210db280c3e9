"""The call detail record (CDR) schema: one row per call attempt seen by a carrier.

The stored form is a Parquet dataset with the columns below, in this order.
Source files (CSV or Parquet) need only the *input* columns; header names are
matched case-insensitively against each column's name and aliases, so the usual
switch vocabularies (``ani``/``dnis``, ``calling_number``, ``billsec`` ...) load
without a mapping file. *Derived* columns are computed at import.

``docs/calls.md`` renders this table for people; keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

ATTESTATIONS = ("A", "B", "C", "none")


@dataclass(frozen=True, slots=True)
class Column:
    """One CDR column: its stored type, whether a source must supply it, and what it means."""

    name: str
    type: pa.DataType
    description: str
    required: bool = False
    derived: bool = False
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "call_id",
        pa.string(),
        "The reporting carrier's unique id of the call.",
        True,
        aliases=("callid", "call_ref", "cdr_id", "record_id", "id"),
    ),
    Column(
        "start_utc",
        pa.timestamp("us", tz="UTC"),
        "Call setup time in UTC (source: ISO 8601 with offset, or epoch seconds).",
        True,
        aliases=("start", "start_time", "setup_time", "timestamp", "call_start", "seized_at"),
    ),
    Column(
        "caller",
        pa.int64(),
        "Presented caller id (CLI) as E.164 digits (``14155550100``); null when withheld "
        "or unparseable.",
        aliases=("caller_id", "calling_number", "ani", "cli", "from", "a_number", "source_number"),
    ),
    Column(
        "caller_raw",
        pa.string(),
        "Caller id exactly as the source wrote it, when that was not already +E.164.",
    ),
    Column(
        "callee",
        pa.int64(),
        "Called number as E.164 digits.",
        True,
        aliases=("called_number", "dnis", "to", "b_number", "destination_number", "dialed"),
    ),
    Column(
        "duration_s",
        pa.int32(),
        "Talk time in whole seconds; 0 when not answered.",
        True,
        aliases=("duration", "billsec", "talk_time", "call_duration", "billable_seconds"),
    ),
    Column(
        "answered",
        pa.bool_(),
        "Whether the call was answered (defaults to duration > 0 when absent).",
        aliases=("is_answered", "connected", "disposition"),
    ),
    Column(
        "ring_s",
        pa.int16(),
        "Seconds from alerting to answer or release (one-ring calls have 1-5).",
        aliases=("ring_time", "ring_seconds", "alerting_s"),
    ),
    Column(
        "orig_carrier",
        pa.string(),
        "Carrier that handed the call to the reporting network (previous hop), or that "
        "originated it.",
        True,
        aliases=(
            "originating_carrier",
            "upstream_carrier",
            "ingress_carrier",
            "from_carrier",
            "carrier",
        ),
    ),
    Column(
        "orig_trunk",
        pa.string(),
        "Trunk group (or SIP peer) the call arrived on.",
        aliases=("trunk", "trunk_group", "ingress_trunk", "peer"),
    ),
    Column(
        "next_carrier",
        pa.string(),
        "Carrier the call was passed to (next hop); empty when terminated here.",
        aliases=("next_hop_carrier", "downstream_carrier", "egress_carrier", "to_carrier"),
    ),
    Column(
        "ingress_country",
        pa.string(),
        "ISO 3166 alpha-2 country where the call entered the national network.",
        aliases=("ingress", "country_of_entry", "origin_country"),
    ),
    Column(
        "attestation",
        pa.string(),
        "STIR/SHAKEN attestation: A, B, C or none (unsigned).",
        aliases=("shaken_attestation", "attest", "stir_attestation"),
    ),
    Column(
        "signer",
        pa.string(),
        "Carrier that signed the SHAKEN PASSporT (from its certificate).",
        aliases=("signing_carrier", "shaken_signer", "cert_owner"),
    ),
    Column(
        "origid",
        pa.string(),
        "SHAKEN origid: the signer's opaque id of where the call entered its network.",
        aliases=("orig_id", "shaken_origid"),
    ),
    Column(
        "sip_headers",
        pa.string(),
        "Other SIP headers of the INVITE, as a JSON object.",
        aliases=("sip", "headers"),
    ),
    Column("caller_cc", pa.int16(), "Country calling code of the caller (0: none).", derived=True),
    Column(
        "caller_valid",
        pa.bool_(),
        "Caller id is a valid number in libphonenumber's numbering plan; null when withheld.",
        derived=True,
    ),
    Column("callee_cc", pa.int16(), "Country calling code of the callee.", derived=True),
    Column(
        "ingress_cc",
        pa.int16(),
        "Country calling code of ingress_country (0: unknown).",
        derived=True,
    ),
    Column("source", pa.string(), "Who supplied the records (carrier name or feed).", derived=True),
    Column("import_id", pa.string(), "Id of the import that stored the row.", derived=True),
)

BY_NAME = {c.name: c for c in COLUMNS}
INPUT_COLUMNS = tuple(c for c in COLUMNS if not c.derived and c.name != "caller_raw")
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
# Columns a source supplies as text before they are parsed (all inputs but the time).
TEXT_INPUTS = tuple(c.name for c in INPUT_COLUMNS if c.name != "start_utc")
# Columns the analytics read; the rest (raw caller id, SIP headers, provenance) is carried.
ANALYSED = tuple(
    c.name for c in COLUMNS if c.name not in ("caller_raw", "sip_headers", "source", "import_id")
)
# Text columns with few distinct values (carriers, trunks, countries ...): dictionary-encoded
# when written in bulk; call ids and SIP headers are nearly unique.
LOW_CARDINALITY = tuple(
    c.name for c in COLUMNS if c.type == pa.string() and c.name not in ("call_id", "sip_headers")
)
ARROW_SCHEMA = pa.schema([pa.field(c.name, c.type, nullable=not c.required) for c in COLUMNS])


def _key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def map_header(names: list[str]) -> dict[str, str]:
    """Map source column names to schema names (``{source: schema}``); unknown ones are left out.

    A column whose name is a schema name wins over one that is only an alias of it.
    """
    lookup: dict[str, str] = {}
    for col in INPUT_COLUMNS:
        for alias in col.aliases:
            lookup.setdefault(_key(alias), col.name)
    for col in INPUT_COLUMNS:
        lookup[_key(col.name)] = col.name
    mapping: dict[str, str] = {}
    taken: dict[str, str] = {}
    # exact schema names first, so an alias never shadows the real column
    for name in sorted(names, key=lambda n: _key(n) not in BY_NAME):
        target = lookup.get(_key(name))
        if target and target not in taken:
            mapping[name] = target
            taken[target] = name
    return mapping


def missing_required(mapped: dict[str, str]) -> list[str]:
    """Required input columns a source header lacks."""
    present = set(mapped.values())
    return [name for name in REQUIRED if name not in present]
