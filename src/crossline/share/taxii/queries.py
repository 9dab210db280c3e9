"""The TAXII reads over ``stix_objects``: filtered, paged, served as stored text.

A page is one indexed range scan over (collection, date_added, seq); the ``next``
cursor is the (date_added, seq) of the last row served, so pages stay cheap however
deep a client reads and concurrent additions never shift them.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, and_, delete, func, literal, or_, select, tuple_, type_coerce
from sqlalchemy.orm import aliased

from crossline.share.stix.ids import parse_timestamp, version_key
from crossline.share.taxii.collections import CollectionView
from crossline.share.taxii.media import TaxiiError
from crossline.store import Store
from crossline.store.schema_stix import stix_objects

DEFAULT_LIMIT = 1000
MAX_LIMIT = 10_000
c = stix_objects.c


@dataclass(frozen=True)
class Filters:
    """The query parameters of objects, manifest and versions requests."""

    limit: int = DEFAULT_LIMIT
    added_after: datetime | None = None
    cursor: tuple[datetime, int] | None = None
    ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    versions: tuple[str, ...] = ("last",)
    spec_versions: tuple[str, ...] = ()


def as_dt(value: datetime | str) -> datetime:
    """A date_added as read raw (SQLite hands back text, PostgreSQL a datetime)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def stamp(value: datetime | str) -> str:
    """A TAXII timestamp with microseconds (what date_added and the headers carry)."""
    value = as_dt(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def encode_cursor(date_added: datetime, seq: int) -> str:
    return base64.urlsafe_b64encode(f"{stamp(date_added)}|{seq}".encode()).decode().rstrip("=")


def decode_cursor(text: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        when, _, seq = raw.partition("|")
        return parse_timestamp(when), int(seq)
    except (ValueError, UnicodeDecodeError) as exc:
        raise TaxiiError(400, "bad next", "next is not a cursor this server gave") from exc


def parse_filters(params: Any) -> Filters:
    """Filters from a request's query parameters (TaxiiError 400 naming a bad one)."""
    limit = DEFAULT_LIMIT
    if params.get("limit") not in (None, ""):
        try:
            limit = int(params["limit"])
        except ValueError as exc:
            raise TaxiiError(400, "bad limit", "limit must be a positive integer") from exc
        if limit < 1:
            raise TaxiiError(400, "bad limit", "limit must be a positive integer")
        limit = min(limit, MAX_LIMIT)
    added_after = None
    if params.get("added_after"):
        try:
            added_after = parse_timestamp(params["added_after"])
        except ValueError as exc:
            raise TaxiiError(400, "bad added_after", "added_after must be a timestamp") from exc
    versions = _split(params.get("match[version]")) or ("last",)
    for v in versions:
        if v not in ("last", "first", "all"):
            try:
                version_key(v)
            except ValueError as exc:
                raise TaxiiError(
                    400, "bad match[version]", "expected last, first, all or timestamps"
                ) from exc
    return Filters(
        limit=limit,
        added_after=added_after,
        cursor=decode_cursor(params["next"]) if params.get("next") else None,
        ids=_split(params.get("match[id]")),
        types=_split(params.get("match[type]")),
        versions=versions,
        spec_versions=_split(params.get("match[spec_version]")),
    )


def _where(view: CollectionView, f: Filters, object_id: str | None = None) -> list[Any]:
    cond: list[Any] = [c.collection_id == view.id]
    if not view.home:
        # What the agreement allows now (it may have narrowed since publication),
        # plus what this partner itself sent.
        allowed = [c.marking.in_(view.markings())]
        types = view.types()
        if types is not None:
            allowed.append(c.type.in_(types))
        cond.append(or_(and_(c.direction == "out", *allowed), c.direction == "in"))
    if object_id is not None:
        cond.append(c.stix_id == object_id)
    if f.ids:
        cond.append(c.stix_id.in_(f.ids))
    if f.types:
        cond.append(c.type.in_(f.types))
    if f.spec_versions:
        cond.append(c.spec_version.in_(f.spec_versions))
    if f.added_after is not None:
        cond.append(c.date_added > f.added_after)
    if f.cursor is not None:
        when, seq = f.cursor
        # a row-value comparison: one range of the (collection, date_added, seq) index
        cond.append(tuple_(c.date_added, c.seq) > tuple_(literal(when, c.date_added.type), seq))
    if "all" not in f.versions:
        picks: list[Any] = []
        if "last" in f.versions:
            picks.append(c.is_latest.is_(True))
        if "first" in f.versions:
            older = aliased(stix_objects)
            first = (
                select(func.min(older.c.version))
                .where(older.c.collection_id == c.collection_id, older.c.stix_id == c.stix_id)
                .scalar_subquery()
            )
            picks.append(c.version == first)
        stamps = [version_key(v) for v in f.versions if v not in ("last", "first")]
        if stamps:
            picks.append(c.version.in_(stamps))
        cond.append(or_(*picks))
    return cond


@dataclass
class Page:
    rows: list[Any]
    more: bool
    next: str | None

    def headers(self) -> dict[str, str]:
        if not self.rows:
            return {}
        return {
            "X-TAXII-Date-Added-First": stamp(self.rows[0].date_added),
            "X-TAXII-Date-Added-Last": stamp(self.rows[-1].date_added),
        }


def page(
    store: Store, view: CollectionView, f: Filters, *columns: Any, object_id: str | None = None
) -> Page:
    """One page of rows (``columns`` plus date_added and seq) in date_added order."""
    # date_added is read raw: parsing it on every row would cost more than the page
    raw_added = type_coerce(c.date_added, String).label("date_added")
    q = (
        select(*columns, raw_added, c.seq)
        .where(*_where(view, f, object_id))
        .order_by(c.date_added, c.seq)
        .limit(f.limit + 1)
    )
    with store.read() as conn:
        rows = list(conn.execute(q).all())
    more = len(rows) > f.limit
    rows = rows[: f.limit]
    cursor = encode_cursor(as_dt(rows[-1].date_added), rows[-1].seq) if more else None
    return Page(rows, more, cursor)


def envelope_text(p: Page) -> str:
    """The envelope of a page, assembled from stored object texts."""
    head = '{"more":true,"next":"' + str(p.next) + '",' if p.more else '{"more":false,'
    return head + '"objects":[' + ",".join(r.body for r in p.rows) + "]}"


def objects_page(
    store: Store, view: CollectionView, f: Filters, object_id: str | None = None
) -> Page:
    return page(store, view, f, c.body, object_id=object_id)


def manifest_page(store: Store, view: CollectionView, f: Filters) -> Page:
    return page(store, view, f, c.stix_id, c.version)


def manifest_body(p: Page) -> dict[str, Any]:
    out: dict[str, Any] = {"more": p.more}
    if p.more:
        out["next"] = p.next
    out["objects"] = [
        {
            "id": r.stix_id,
            "date_added": stamp(r.date_added),
            "version": _stix_time(r.version),
            "media_type": "application/stix+json;version=2.1",
        }
        for r in p.rows
    ]
    return out


def _stix_time(version: str) -> str:
    """Stored versions carry microseconds; STIX timestamps as published carry millis."""
    return version[:23] + "Z" if version.endswith("000Z") and len(version) == 27 else version


def versions_page(store: Store, view: CollectionView, f: Filters, object_id: str) -> Page:
    every = Filters(
        limit=f.limit,
        added_after=f.added_after,
        cursor=f.cursor,
        spec_versions=f.spec_versions,
        versions=("all",),
    )
    return page(store, view, every, c.version, object_id=object_id)


def delete_object(store: Store, view: CollectionView, f: Filters, object_id: str) -> int:
    """Remove an object's versions (as filtered) from a collection; how many rows went."""
    where = _where(view, Filters(versions=f.versions, spec_versions=f.spec_versions), object_id)
    with store.transaction() as conn:
        ids = [r.seq for r in conn.execute(select(c.seq).where(*where))]
        if ids:
            conn.execute(delete(stix_objects).where(c.seq.in_(ids)))
            # the newest remaining version becomes the latest again
            rest = conn.execute(
                select(c.seq, c.version)
                .where(c.collection_id == view.id, c.stix_id == object_id)
                .order_by(c.version.desc())
                .limit(1)
            ).first()
            if rest is not None:
                conn.execute(stix_objects.update().where(c.seq == rest.seq).values(is_latest=True))
    return len(ids)
