"""Versions of a report: what makes two rows the same complaint, and what changed.

A report's id is its source and reference, so a complaint corrected at its source
(a second number added under the same NCRP acknowledgement number) arrives with
the id of the stored one. Its *fingerprint* (a hash of its content, without where
it sat in the file) tells a corrected complaint, which becomes a new version, from
a repeat of the same content, which stays a duplicate.

Pure functions: no I/O.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from crossline.domain import Report

# Where a row sat in its file is not part of what it says.
_POSITIONAL = frozenset({"line", "warnings"})

# Report fields shown in a version's history, in this order.
HISTORY_FIELDS = (
    "channel", "received_at", "received_raw", "incident_at", "incident_raw", "text",
    "amount_lost", "currency", "payment_method", "category", "victim_country",
    "victim_state", "victim_district", "victim_area_code", "suspects", "marking", "extra",
)  # fmt: skip


def fingerprint(report: Report) -> str:
    """A hash of the report's content: equal for a byte-identical repeat of the row,
    different as soon as any value differs."""
    body = asdict(report)
    body.pop("warnings", None)
    if report.text and len(report.text) > 4096:
        # hashlib releases the GIL on large inputs, json.dumps does not: a long text is
        # hashed apart so the node keeps answering during the import.
        digest = hashlib.sha256(report.text.encode("utf-8", "surrogatepass")).hexdigest()
        body["text"] = "sha256:" + digest
    body["extra"] = {k: v for k, v in report.extra.items() if k not in _POSITIONAL}
    blob = json.dumps(body, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def snapshot(row: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a stored report row kept with each version (JSON-safe)."""
    return {k: _plain(row.get(k)) for k in HISTORY_FIELDS}


def changes(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    values_before: Sequence[str],
    values_after: Sequence[str],
) -> dict[str, Any]:
    """What changed from one version to the next: fields (old, new), values added/removed.

    ``values_*`` are ``kind:value`` strings of the linkable values of each version.
    """
    fields = {
        name: {"before": before.get(name), "after": after.get(name)}
        for name in HISTORY_FIELDS
        if name != "extra" and before.get(name) != after.get(name)
    }
    extra_before = dict(before.get("extra") or {})
    extra_after = dict(after.get("extra") or {})
    for key in sorted(set(extra_before) | set(extra_after)):
        if key in _POSITIONAL:
            continue
        if extra_before.get(key) != extra_after.get(key):
            fields[f"extra.{key}"] = {
                "before": extra_before.get(key),
                "after": extra_after.get(key),
            }
    old, new = set(values_before), set(values_after)
    return {
        "fields": fields,
        "values_added": sorted(new - old),
        "values_removed": sorted(old - new),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        # SQLite gives naive UTC back, PostgreSQL aware: compare versions in one form.
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    return str(value)
