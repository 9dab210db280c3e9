"""What a publication writes: the desired objects against the published ones.

Pure: given the objects a publication computed (id -> object and the record it came
from) and the latest published rows, :func:`plan` says which objects get a new version
(their content changed, or they come back after a revocation), which are revoked (no
longer computed from a record in scope), and which SCOs are replaced or removed (an
SCO has no ``modified`` nor ``revoked``: its one row is rewritten or deleted).

Content is compared without ``modified``: a new version's ``modified`` is the computed
one, or one millisecond after the published version's when that is not later, so
versions only ever move forward and receivers always take the newest.
"""

from __future__ import annotations

import json
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, NamedTuple

from crossline.share.stix.ids import parse_timestamp, timestamp

#: What a desired object carries: the object, and the record it was computed from.
Desired = Mapping[str, tuple[dict[str, Any], str]]


class Stored(NamedTuple):
    """A latest published row."""

    stix_id: str
    body: str
    source: str | None


@dataclass
class Plan:
    versions: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    replaced: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    revoked: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    resourced: dict[str, str] = field(default_factory=dict)  # stix id -> its source now


def is_sco(obj: Mapping[str, Any]) -> bool:
    """Cyber-observables carry neither ``created`` nor ``modified``."""
    return "created" not in obj and "modified" not in obj


def _content(obj: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in ("modified", "revoked")}


def bump(computed: str, previous: str | None) -> str:
    """``computed`` if later than ``previous``, else ``previous`` plus a millisecond."""
    if previous is None or parse_timestamp(computed) > parse_timestamp(previous):
        return computed
    return timestamp(parse_timestamp(previous) + timedelta(milliseconds=1))


def _retire(out: Plan, sid: str, old: dict[str, Any], source: str) -> None:
    """An object no longer computed: an SCO's row removed, any other object revoked
    (once: a revoked one stays as it is)."""
    if is_sco(old):
        out.removed.append(sid)
    elif not old.get("revoked"):
        modified = bump(old["modified"], old["modified"])
        out.revoked.append(({**old, "modified": modified, "revoked": True}, source))


def plan(desired: Desired, stored: Iterable[Stored], scope: Container[str]) -> Plan:
    """The writes that make the published objects ``desired``.

    ``stored`` holds the latest published rows of the desired ids and of the records in
    ``scope``; a stored object of a record in scope that is no longer desired is revoked
    (an SCO removed).
    """
    out = Plan()
    by_id = {row.stix_id: row for row in stored}
    for sid, (obj, source) in desired.items():
        row = by_id.get(sid)
        if row is None:
            out.versions.append((obj, source))
            continue
        old = json.loads(row.body)
        if is_sco(obj):
            same = old == obj
        else:
            same = _content(old) == _content(obj) and not old.get("revoked")
        if same:
            if row.source != source:
                out.resourced[sid] = source
        elif is_sco(obj):
            out.replaced.append((obj, source))
        else:
            modified = bump(obj["modified"], old.get("modified"))
            out.versions.append(({**obj, "modified": modified}, source))
    for sid, row in by_id.items():
        if sid not in desired and row.source is not None and row.source in scope:
            _retire(out, sid, json.loads(row.body), row.source)
    return out


def revoke_rest(stored: Iterable[Stored], keep: Container[str]) -> Plan:
    """Revoke (or remove) every stored object not in ``keep`` (a full publication's sweep)."""
    out = Plan()
    for row in stored:
        if row.stix_id not in keep:
            _retire(out, row.stix_id, json.loads(row.body), row.source or "")
    return out
