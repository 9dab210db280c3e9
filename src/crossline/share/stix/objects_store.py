"""Keeping STIX objects in ``stix_objects``: one row per (collection, id, version).

Objects are stored as their compact JSON text, so serving them is string joining.
Adding an object whose (id, version) is already there changes nothing; a newer version
becomes the latest and the older ones stay for ``versions`` and ``match[version]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection

from crossline.share.stix.ids import version_key
from crossline.share.stix.tlp import marking_of
from crossline.store import Store
from crossline.store.repository import chunks
from crossline.store.schema_stix import stix_objects

BATCH = 2000


@dataclass(frozen=True)
class Provenance:
    """Where received objects come from."""

    partner: str
    country: str
    agreement: str | None
    received_at: datetime
    signer_key_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "partner": self.partner,
            "agreement": self.agreement,
            "received_at": self.received_at.isoformat(),
            "signer_key_id": self.signer_key_id,
        }


@dataclass
class StoreResult:
    """What a call to :func:`store_objects` did.

    ``fresh``: the received objects the partner had not sent before, in any collection
    (an object comes again by push and by pull, and in pages cut anywhere); only these
    are turned into reports. ``rows``: the (stix id, version) rows added to the
    collection, which :func:`forget_rows` takes back if the import after them fails.
    """

    added: int = 0
    unchanged: int = 0
    fresh: list[dict[str, Any]] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)


def object_version(obj: dict[str, Any], date_added: datetime) -> str:
    """The TAXII version of an object: modified, else created, else when it was added."""
    stamp = obj.get("modified") or obj.get("created")
    if isinstance(stamp, str):
        try:
            return version_key(stamp)
        except ValueError:
            pass
    return date_added.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def store_objects(
    store: Store,
    collection_id: str,
    objects: Iterable[dict[str, Any]],
    *,
    direction: str,
    provenance: Provenance | None = None,
    now: datetime | None = None,
) -> StoreResult:
    """Add objects to a collection (in batches; each batch one transaction)."""
    result = StoreResult()
    batch: list[dict[str, Any]] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH:
            _store_batch(store, collection_id, batch, direction, provenance, now, result)
            batch = []
    if batch:
        _store_batch(store, collection_id, batch, direction, provenance, now, result)
    return result


def object_row(
    collection_id: str,
    obj: dict[str, Any],
    version: str,
    added_at: datetime,
    *,
    direction: str,
    is_latest: bool = False,
) -> dict[str, Any]:
    """The ``stix_objects`` row holding one version of ``obj`` in a collection."""
    from crossline.share.stix.export import dumps

    return {
        "collection_id": collection_id,
        "stix_id": obj["id"],
        "type": obj["type"],
        "spec_version": str(obj.get("spec_version", "2.1")),
        "version": version,
        "date_added": added_at,
        "is_latest": is_latest,
        # TLP definitions themselves are public
        "marking": marking_of(obj)
        or ("TLP:CLEAR" if obj["type"] == "marking-definition" else None),
        "direction": direction,
        "body": dumps(obj),
    }


def _store_batch(
    store: Store,
    collection_id: str,
    objects: list[dict[str, Any]],
    direction: str,
    prov: Provenance | None,
    now: datetime | None,
    result: StoreResult,
) -> None:
    added_at = now or datetime.now(UTC)
    c = stix_objects.c
    with store.transaction() as conn:
        held: dict[str, set[str]] | None = None
        if prov is not None:
            # One delivery of a partner's objects at a time decides which are new.
            store.dialect.key_lock(conn, f"stix-received:{prov.partner}")
            held = _received(conn, prov.partner, objects)
        known: dict[str, set[str]] = {}
        latest: dict[str, str] = {}
        ids = sorted({o["id"] for o in objects})
        for part in chunks(ids):
            q = select(c.stix_id, c.version, c.is_latest).where(
                c.collection_id == collection_id, c.stix_id.in_(part)
            )
            for sid, version, is_latest in conn.execute(q):
                known.setdefault(sid, set()).add(version)
                if is_latest:
                    latest[sid] = version
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        row_ids: set[str] = set()
        for obj in objects:
            version = object_version(obj, added_at)
            key = (obj["id"], version)
            # an SCO has no version of its own: its id is its content, so it never changes
            undated = not (obj.get("modified") or obj.get("created"))
            if held is not None and not _seen(held, obj["id"], version, undated):
                held.setdefault(obj["id"], set()).add(version)
                result.fresh.append(obj)
            if (
                version in known.get(obj["id"], ())
                or key in rows
                or (undated and (obj["id"] in known or obj["id"] in row_ids))
            ):
                result.unchanged += 1
                continue
            row_ids.add(obj["id"])
            rows[key] = {
                **object_row(collection_id, obj, version, added_at, direction=direction),
                "partner": prov.partner if prov else None,
                "agreement": prov.agreement if prov else None,
                "received_at": prov.received_at if prov else None,
                "signer_key_id": prov.signer_key_id if prov else None,
            }
        newest: dict[str, str] = dict(latest)
        for sid, version in rows:
            if version > newest.get(sid, ""):
                newest[sid] = version
        for (sid, version), row in rows.items():
            row["is_latest"] = newest[sid] == version
        demote = sorted(sid for sid, v in latest.items() if newest[sid] != v)
        for part in chunks(demote):
            conn.execute(
                update(stix_objects)
                .where(c.collection_id == collection_id, c.stix_id.in_(part))
                .values(is_latest=False)
            )
        if rows:
            conn.execute(stix_objects.insert(), list(rows.values()))
        result.added += len(rows)
        result.rows.extend(rows)


def _received(conn: Connection, partner: str, objects: list[dict[str, Any]]) -> dict[str, set[str]]:
    """The versions of these objects ``partner`` has sent before, in any collection."""
    c = stix_objects.c
    held: dict[str, set[str]] = {}
    for part in chunks(sorted({o["id"] for o in objects})):
        q = select(c.stix_id, c.version).where(
            c.partner == partner, c.direction == "in", c.stix_id.in_(part)
        )
        for sid, version in conn.execute(q):
            held.setdefault(sid, set()).add(version)
    return held


def _seen(held: dict[str, set[str]], sid: str, version: str, undated: bool) -> bool:
    # an undated object's version is when it was added: any earlier copy is the same
    return sid in held if undated else version in held.get(sid, ())


def forget_rows(store: Store, collection_id: str, keys: Iterable[tuple[str, str]]) -> None:
    """Take back rows :func:`store_objects` added (the import they were for failed), so
    that the same objects received again are imported, not skipped as already held."""
    keys = sorted(set(keys))
    if not keys:
        return
    c = stix_objects.c
    with store.transaction() as conn:
        for sid, version in keys:
            conn.execute(
                delete(stix_objects).where(
                    c.collection_id == collection_id, c.stix_id == sid, c.version == version
                )
            )
        for sid in sorted({sid for sid, _ in keys}):
            newest = (
                select(func.max(c.version))
                .where(c.collection_id == collection_id, c.stix_id == sid)
                .scalar_subquery()
            )
            conn.execute(
                update(stix_objects)
                .where(c.collection_id == collection_id, c.stix_id == sid, c.version == newest)
                .values(is_latest=True)
            )
