"""Per-row values computed faster than the row path computes them, with equal results.

:func:`fingerprint` gives what :func:`crossline.ingest.versions.fingerprint` gives (a
report's content hash, stored as ``content_sha``), without ``dataclasses.asdict``: that
deep-copies every field of every row (a third of the row path's CPU on short
complaints) to produce a dict whose JSON is the same as the fields' own. Reports whose
``extra`` holds anything but plain JSON values (which ``asdict`` would turn into dicts
first) take the row path's function.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from typing import Any

from crossline.domain import Location, Report, SuspectIdentifier, VictimPII
from crossline.ingest import versions

_POSITIONAL = ("line", "warnings")  # where a row sat in its file (versions._POSITIONAL)
_REPORT_FIELDS = tuple(f.name for f in fields(Report) if f.name != "warnings")
_PLAIN = (str, int, float, bool, type(None))


def _plain(value: Any) -> bool:
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    return False


def _location(loc: Location) -> dict[str, Any]:
    return {
        "country": loc.country, "state": loc.state, "district": loc.district,
        "area_code": loc.area_code,
    }  # fmt: skip


def _victim(v: VictimPII) -> dict[str, Any]:
    return {"name": v.name, "phone": v.phone, "email": v.email, "address": v.address}


def _suspect(s: SuspectIdentifier) -> dict[str, Any]:
    return {"field": s.field, "value": s.value, "kind": s.kind}


def fingerprint(report: Report) -> str:
    """``versions.fingerprint(report)``, computed without deep copies."""
    extra = {k: v for k, v in report.extra.items() if k not in _POSITIONAL}
    if (
        not _plain(extra)
        or type(report.victim_location) is not Location
        or type(report.victim) is not VictimPII
        or any(type(s) is not SuspectIdentifier for s in report.suspects)
    ):
        return versions.fingerprint(report)
    body = {name: getattr(report, name) for name in _REPORT_FIELDS}
    body["victim_location"] = _location(report.victim_location)
    body["victim"] = _victim(report.victim)
    body["suspects"] = [_suspect(s) for s in report.suspects]
    body["extra"] = extra
    if report.text and len(report.text) > 4096:
        digest = hashlib.sha256(report.text.encode("utf-8", "surrogatepass")).hexdigest()
        body["text"] = "sha256:" + digest
    blob = json.dumps(body, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()
