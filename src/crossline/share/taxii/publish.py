"""Publishing: keep each agreement's TAXII collection equal to what the agreement allows.

The database logs every change a publication depends on (reports added, corrected or
moderated, campaigns relinked, values flagged common; see
:mod:`crossline.store.schema_publish`). A publication is incremental by default: it
reads the changes since the collection's cursor, works out which records they touch
(a changed report touches its values and its campaign; a campaign that appears,
disappears or changes marking touches its reports and values), recomputes only those
through the sharing policy (:class:`~crossline.share.stix.publication.Publication`)
and writes new versions of the objects that changed and revocations of those that no
longer qualify. A full publication (``full=True``, the first one, or after the
agreement or the node's name changed) recomputes everything and revokes whatever is
published but no longer computed; both end in the same set of current objects.

TAXII reads then only join stored texts. Run after imports (``crossline stix
publish``, or the sync loop that pushes on publish).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from crossline.config import Settings
from crossline.share.agreements import Agreement, get_agreement, list_agreements
from crossline.share.stix.objects_store import object_row, object_version
from crossline.share.stix.publication import BATCH, Objects, Publication
from crossline.share.stix.tlp import marking_of
from crossline.share.stix.versions import Plan, Stored, plan, revoke_rest
from crossline.share.taxii.collections import collection_id
from crossline.store import Store
from crossline.store import publish_log as log
from crossline.store.repository import chunks


@dataclass
class _Run:
    """One publication into one collection: the versions it wrote and revoked, and the
    ids it computed (what a full run's sweep keeps)."""

    store: Store
    collection: str
    now: datetime
    added: int = 0
    revoked: int = 0
    seen: set[str] = field(default_factory=set)

    def apply(self, desired: Objects, scope: set[str]) -> None:
        """Make the collection hold ``desired`` for the records in ``scope``."""
        self.seen.update(desired)
        with self.store.read() as conn:
            rows = log.published(conn, self.collection, ids=desired, sources=scope)
        self.write(plan(desired, (Stored(r.stix_id, r.body, r.source) for r in rows), scope))

    def write(self, p: Plan) -> None:
        self.added += len(p.versions) + len(p.replaced)
        self.revoked += len(p.revoked) + len(p.removed)
        if not (p.versions or p.replaced or p.revoked or p.removed or p.resourced):
            return
        with self.store.transaction() as conn:
            log.remove_objects(conn, self.collection, [o["id"] for o, _ in p.replaced] + p.removed)
            rows = [self.row(o, s) for o, s in (*p.versions, *p.revoked, *p.replaced)]
            log.add_versions(conn, self.collection, rows)
            log.set_sources(conn, self.collection, p.resourced)

    def row(self, obj: dict[str, Any], source: str) -> dict[str, Any]:
        version = object_version(obj, self.now)
        return {
            **object_row(self.collection, obj, version, self.now, direction="out", is_latest=True),
            "source": source or None,
        }


def _sources(kind: str, ids: Iterable[str]) -> set[str]:
    return {f"{kind}:{i}" for i in ids}


def _full(pub: Publication, apply: Callable[[Objects, set[str]], None]) -> None:
    """Every object the agreement allows, handed to ``apply`` a batch at a time."""
    summaries = pub.campaigns(None)
    campaigns = {cid: s["marking"] for cid, s in summaries.items()}
    apply(pub.preamble(), set())
    apply(pub.campaign_objects(summaries), set())
    reach = pub.reach(None)
    values = sorted(reach)
    for part in chunks(values, BATCH):
        apply(pub.indicator_objects(part, reach, campaigns), set())
    for batch in pub.report_batches(None):
        apply(pub.report_objects(batch, campaigns), set())


def _sweep(run: _Run) -> None:
    """Revoke whatever is published but was not computed by this (full) run."""
    after = ""
    while True:
        with run.store.read() as conn:
            rows = log.published_ids(conn, run.collection, after=after)
        if not rows:
            break
        run.write(revoke_rest((Stored(*r) for r in rows), run.seen))
        after = rows[-1].stix_id


def recompute(store: Store, settings: Settings, agreement: Agreement) -> dict[str, dict[str, Any]]:
    """What a full publication computes for ``agreement`` (id -> object), written nowhere."""
    out: dict[str, dict[str, Any]] = {}

    def collect(objects: Objects, _scope: set[str]) -> None:
        out.update((sid, obj) for sid, (obj, _source) in objects.items())

    _full(Publication(store, settings, agreement), collect)
    return out


def current(store: Store, agreement: Agreement) -> dict[str, dict[str, Any]]:
    """What the agreement's collection publishes now (latest versions, not revoked)."""
    with store.read() as conn:
        rows = log.current_rows(conn, collection_id(agreement.id))
    objects = (json.loads(body) for body in rows)
    return {o["id"]: o for o in objects if not o.get("revoked")}


def _incremental(pub: Publication, run: _Run, changes: dict[str, set[str]]) -> None:
    reps = set(changes.get("report", ()))
    changed_values = set(changes.get("indicator", ()))
    with run.store.read() as conn:
        values = changed_values | log.report_values(conn, reps)
        camps = set(changes.get("campaign", ()))
        camps |= log.report_campaigns(conn, reps) | log.indicator_campaigns(conn, values)
        camps |= log.holder_campaigns(conn, changed_values)
        before = log.published(conn, run.collection, sources=_sources("campaign", camps))
    summaries = pub.campaigns(camps)
    # A campaign that appears, goes or changes marking changes its reports' references
    # and its values' relationships: those are recomputed too.
    was = {}
    for row in before:
        obj = json.loads(row.body)
        was[row.source.split(":", 1)[1]] = None if obj.get("revoked") else marking_of(obj)
    now_ = {cid: s["marking"] for cid, s in summaries.items()}
    flipped = {cid for cid in camps if was.get(cid) != now_.get(cid)}
    if flipped:
        with run.store.read() as conn:
            reps |= log.campaign_reports(conn, flipped)
            values |= log.campaign_indicators(conn, flipped)
    run.apply(pub.preamble(), {"node"})
    run.apply(pub.campaign_objects(summaries), _sources("campaign", camps))
    ordered = sorted(values)
    reach = pub.reach(ordered)
    for part in chunks(ordered, BATCH):
        run.apply(pub.indicator_objects(part, reach, now_), _sources("indicator", part))
    for part in chunks(sorted(reps), BATCH):
        batch = [rep for found in pub.report_batches(part) for rep in found]
        run.apply(pub.report_objects(batch, now_), _sources("report", part))


def publish(
    store: Store, settings: Settings, agreement: Agreement, *, full: bool = False
) -> dict[str, Any]:
    """Bring the partner's collection up to date; counts of what changed.

    Incremental unless ``full`` (or nothing was published under this agreement and
    node identity yet): only the records changed since the last publication are
    recomputed. ``full`` recomputes everything and repairs the cursor.
    """
    cid = collection_id(agreement.id)
    # a changed agreement or node identity forces a full run
    mark = agreement.digest(node=[settings.node_name, settings.country])
    now = datetime.now(UTC)
    with store.read() as conn:
        cursor = log.get_cursor(conn, cid)
        upto = log.last_change(conn)  # read first: later changes wait for the next run
        changes = None
        if not full and cursor is not None and cursor.fingerprint == mark:
            changes = log.changes_between(conn, cursor.change_seq, upto)
    pub = Publication(store, settings, agreement)
    run = _Run(store, cid, now)
    if changes is None:
        _full(pub, run.apply)
        _sweep(run)
    elif any(changes.values()):
        _incremental(pub, run, changes)
    with store.transaction() as conn:
        log.save_cursor(
            conn, log.Cursor(cid, agreement.id, mark, upto), now=now, full=changes is None
        )
        current = log.current_count(conn, cid)
    return {
        "partner": agreement.partner,
        "agreement": agreement.id,
        "collection": cid,
        "mode": "full" if changes is None else "incremental",
        "objects": current,
        "added": run.added,
        "unchanged": current - run.added,  # current objects this run left as they were
        "revoked": run.revoked,
    }


def publish_all(
    store: Store, settings: Settings, partner: str | None = None, *, full: bool = False
) -> list[dict[str, Any]]:
    """Publish for every agreement in force (or only ``partner``'s)."""
    if partner is not None:
        agreement = get_agreement(store, partner)
        agreements = [agreement] if agreement is not None else []
    else:
        agreements = [a for a in list_agreements(store) if a.in_force()]
    out = [publish(store, settings, a, full=full) for a in agreements]
    with store.transaction() as conn:
        log.prune_changes(conn)
    return out
