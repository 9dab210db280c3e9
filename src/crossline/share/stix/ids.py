"""STIX identifiers and timestamps, deterministic so re-exporting changes nothing.

* SDOs and SROs: ``type--uuid5(Crossline namespace, "stix" + type + record id)``, from the
  record's own deterministic id, so the same campaign or indicator keeps its STIX id
  across exports and nodes.
* SCOs: as STIX 2.1 section 2.9 says, uuid5 in the STIX namespace over the canonical
  JSON (RFC 8785) of the object's id-contributing properties; any producer that follows
  the spec computes the same id for the same phone number or domain.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from stix2.canonicalization.Canonicalize import canonicalize

from crossline.domain import make_id

STIX_NAMESPACE = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")


def sdo_id(stix_type: str, *key: str) -> str:
    """Id of an SDO/SRO derived from a record's deterministic id (or natural key)."""
    return f"{stix_type}--{make_id('stix', stix_type, *key)}"


def sco_id(stix_type: str, obj: Mapping[str, Any], contributing: Iterable[str]) -> str:
    """Id of an SCO from its id-contributing properties (those present)."""
    props = {k: obj[k] for k in contributing if obj.get(k) is not None}
    if not props:  # the spec's fallback: a random id; ours never lacks a value
        raise ValueError(f"{stix_type} has none of its id-contributing properties")
    text = canonicalize(props, utf8=False)
    return f"{stix_type}--{uuid.uuid5(STIX_NAMESPACE, text)}"


def as_datetime(value: Any) -> datetime | None:
    """A datetime from a datetime or an ISO text, coarsened ones included (``2021-04-01``,
    ``2021-04``: the start of that day or month); None when there is none."""
    if isinstance(value, datetime) or value is None:
        return value
    text = str(value).strip()
    if len(text) == 7:  # month
        text += "-01"
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def timestamp(value: Any, default: Any = None) -> str:
    """A STIX timestamp (UTC, millisecond precision, ``Z``) of a datetime or ISO text."""
    value = as_datetime(value) or as_datetime(default) or datetime(1970, 1, 1, tzinfo=UTC)
    if value.tzinfo is None:  # SQLite hands back naive datetimes stored as UTC
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_timestamp(text: str) -> datetime:
    """A timezone-aware datetime from a STIX/TAXII timestamp (raises ValueError)."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no time zone")
    return value.astimezone(UTC)


def version_key(text: str) -> str:
    """A STIX timestamp in one sortable form (microseconds, ``Z``): how versions are stored."""
    return parse_timestamp(text).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
