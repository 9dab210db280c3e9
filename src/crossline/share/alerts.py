"""Alerts: a new report hits a value a partner shared, or a partner's data hits a campaign.

:func:`on_reports_linked` is the hook the ingest pipeline calls once a batch of reports
is stored and linked. It looks at the values those reports sighted and raises an alert
when

* ``partner_shared``  a local report holds a value also seen in a partner-sourced report
  (source ``partner:<name>``, what sync imports from a partner);
* ``partner_campaign`` a partner-sourced report holds a value of a local report, so the
  partner's new data hits a local campaign;
* ``match``           a local report holds a value blind matching found at a partner
  ("partner X holds this value in its case Y");
* ``digest``          a local report holds a value whose keyed digest a partner published.

An alert's id is derived from (kind, partner, indicator, report), so running the hook
twice on the same batch, or re-importing, never alerts twice. New alerts are queued for
delivery (signed webhooks; the partner node when its agreement allows) in the same
transaction that stores them; :mod:`crossline.share.webhooks` sends them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, func, select, update

from crossline.config import Settings
from crossline.domain import make_id
from crossline.errors import CrosslineError, IntegrityError, NotFoundError, ValidationError
from crossline.share import webhooks
from crossline.share.alert_payload import alert_dict
from crossline.share.partners import Partner
from crossline.store import Store
from crossline.store.dialects import dialect_of
from crossline.store.repository import chunks, utcnow
from crossline.store.schema import indicators, reports, sightings
from crossline.store.schema_matching import (
    alerts,
    match_keys,
    match_partner_digests,
    match_results,
)
from crossline.store.schema_share import partners
from crossline.store.visibility import EVERYTHING, OrgView, only_visible, report_org

log = logging.getLogger("crossline.alerts")

PARTNER_SOURCE = "partner:"
KINDS = ("partner_shared", "partner_campaign", "match", "digest")
MESSAGES = {
    "partner_shared": "a new report holds a {kind} that partner {partner} shared",
    "partner_campaign": "partner {partner}'s new data holds a {kind} of a local campaign",
    "match": "a new report holds a {kind} that partner {partner} holds in its case {ref}",
    "digest": "a new report holds a {kind} that partner {partner} also holds (keyed digest)",
}


@dataclass(frozen=True)
class Hit:
    """One reason to alert, before it is stored."""

    kind: str
    partner: str  # partner name
    indicator_id: str
    value_kind: str
    value: str
    report_id: str
    component_id: str | None
    partner_ref: str | None = None

    @property
    def id(self) -> str:
        return make_id("alert", self.kind, self.partner, self.indicator_id, self.report_id)


@dataclass(frozen=True)
class Sighted:
    report_id: str
    indicator_id: str
    kind: str
    value: str
    component_id: str | None
    partner: str | None  # the partner whose data the report is, or None for local data


def partner_of_source(source: str | None) -> str | None:
    """``partner:in-i4c`` -> ``in-i4c``; None for local sources."""
    if source and source.startswith(PARTNER_SOURCE):
        return source[len(PARTNER_SOURCE) :] or None
    return None


# -- finding hits (queries only) -----------------------------------------------------------------


def _sighted(conn: Connection, report_ids: Sequence[str]) -> list[Sighted]:
    s, i, r = sightings.c, indicators.c, reports.c
    out: list[Sighted] = []
    for part in chunks(list(report_ids)):
        q = (
            select(s.report_id, s.indicator_id, i.kind, i.value, r.component_id, r.source)
            .join(indicators, i.id == s.indicator_id)
            .join(reports, r.id == s.report_id)
            .where(s.report_id.in_(part), i.common.is_(False))
            .distinct()
        )
        out.extend(
            Sighted(
                row.report_id,
                row.indicator_id,
                row.kind,
                row.value,
                row.component_id,
                partner_of_source(row.source),
            )
            for row in conn.execute(q)
        )
    return out


def _other_sightings(
    conn: Connection, indicator_ids: Iterable[str], *, partner_data: bool, exclude: set[str]
) -> dict[str, list[tuple[str, str | None, str]]]:
    """indicator id -> [(report id, partner or None, component id)] of partner-sourced
    (``partner_data``) or local reports, leaving out the reports in ``exclude``."""
    s, r = sightings.c, reports.c
    cond = r.source.like(f"{PARTNER_SOURCE}%")
    out: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
    for part in chunks(sorted(set(indicator_ids))):
        q = (
            select(s.indicator_id, r.id, r.source, r.component_id)
            .join(reports, r.id == s.report_id)
            .where(s.indicator_id.in_(part), cond if partner_data else ~cond)
            .distinct()
        )
        for row in conn.execute(q):
            if row.id not in exclude:
                out[row.indicator_id].append(
                    (row.id, partner_of_source(row.source), row.component_id)
                )
    return out


def find_hits(
    conn: Connection, report_ids: Sequence[str], *, digest_keys: dict[str, tuple[bytes, int]]
) -> list[Hit]:
    """Every hit of the given (just linked) reports. ``digest_keys``: partner name ->
    (match key, epoch) for partners whose published digests are on file."""
    seen = _sighted(conn, report_ids)
    if not seen:
        return []
    batch = set(report_ids)
    local = [x for x in seen if x.partner is None]
    remote = [x for x in seen if x.partner is not None]
    hits: list[Hit] = []
    if local:
        # Partner data in the same batch counts: the pair alerts once, from the local side.
        shared = _other_sightings(
            conn, {x.indicator_id for x in local}, partner_data=True, exclude=set()
        )
        for x in local:
            for partner in sorted({p for _r, p, _c in shared.get(x.indicator_id, []) if p}):
                hits.append(
                    Hit("partner_shared", partner, x.indicator_id, x.kind, x.value,
                        x.report_id, x.component_id)
                )  # fmt: skip
        hits.extend(_match_hits(conn, local))
        hits.extend(
            _digest_hits(conn, local, digest_keys, {(h.partner, h.indicator_id) for h in hits})
        )
    if remote:
        # Local reports of this batch already alerted above (partner_shared).
        mine = _other_sightings(
            conn, {x.indicator_id for x in remote}, partner_data=False, exclude=batch
        )
        for x in remote:
            comps = sorted({c for _r, _p, c in mine.get(x.indicator_id, []) if c})
            if mine.get(x.indicator_id):
                hits.append(
                    Hit("partner_campaign", x.partner or "", x.indicator_id, x.kind, x.value,
                        x.report_id, comps[0] if comps else x.component_id)
                )  # fmt: skip
    unique: dict[str, Hit] = {}
    for h in hits:
        unique.setdefault(h.id, h)
    return list(unique.values())


def _match_hits(conn: Connection, local: list[Sighted]) -> list[Hit]:
    m, p = match_results.c, partners.c
    found: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for part in chunks(sorted({x.indicator_id for x in local})):
        q = (
            select(m.indicator_id, p.name, m.partner_ref)
            .join(partners, p.id == m.partner_id)
            .where(m.indicator_id.in_(part))
        )
        for row in conn.execute(q):
            found[row.indicator_id].append((row.name, row.partner_ref))
    return [
        Hit("match", name, x.indicator_id, x.kind, x.value, x.report_id, x.component_id, ref)
        for x in local
        for name, ref in sorted(found.get(x.indicator_id, []), key=lambda t: (t[0], t[1] or ""))
    ]


def _digest_hits(
    conn: Connection,
    local: list[Sighted],
    digest_keys: dict[str, tuple[bytes, int]],
    already: set[tuple[str, str]],
) -> list[Hit]:
    from crossline.share.blind import MATCH_KINDS, digest_hex

    candidates = [x for x in local if x.kind in MATCH_KINDS]
    out: list[Hit] = []
    for name, (key, epoch) in sorted(digest_keys.items()):
        by_digest: dict[str, list[Sighted]] = defaultdict(list)
        for x in candidates:
            if (name, x.indicator_id) not in already:
                by_digest[digest_hex(key, x.kind, x.value)].append(x)
        pid = make_id("partner", name)
        d = match_partner_digests.c
        for part in chunks(sorted(by_digest)):
            q = select(d.digest).where(d.partner_id == pid, d.epoch == epoch, d.digest.in_(part))
            for dg in conn.execute(q).scalars():
                out.extend(
                    Hit(
                        "digest", name, x.indicator_id, x.kind, x.value, x.report_id, x.component_id
                    )
                    for x in by_digest[dg]
                )
    return out


# -- storing, listing, acknowledging -------------------------------------------------------------


def alert_row(hit: Hit, now: datetime) -> dict[str, Any]:
    message = MESSAGES[hit.kind].format(
        kind=hit.value_kind, partner=hit.partner, ref=hit.partner_ref or "(not shared)"
    )
    return {
        "id": hit.id,
        "kind": hit.kind,
        "origin": "local",
        "partner_id": make_id("partner", hit.partner) if hit.partner else None,
        "indicator_id": hit.indicator_id,
        "report_id": hit.report_id,
        "component_id": hit.component_id,
        "partner_ref": hit.partner_ref,
        "summary": {
            "partner": hit.partner,
            "value_kind": hit.value_kind,
            "value": hit.value,
            "message": message,
        },
        "created_at": now,
    }


def store_alerts(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert the rows whose id is not stored yet; return those (the new alerts)."""
    if not rows:
        return []
    # Two processes noticing one match at once: one check-and-insert at a time.
    dialect_of(conn).key_lock(conn, "alerts")
    known: set[str] = set()
    for part in chunks([r["id"] for r in rows]):
        known.update(conn.execute(select(alerts.c.id).where(alerts.c.id.in_(part))).scalars())
    fresh = [r for r in rows if r["id"] not in known]
    if fresh:
        # An alert belongs to the organisation owning its report (None: the home one).
        owners: dict[str | None, str | None] = {}
        for r in fresh:
            rid = r.get("report_id")
            if rid not in owners:
                owners[rid] = report_org(conn, rid)
            r.setdefault("org_id", owners[rid])
        conn.execute(alerts.insert(), fresh)
    return fresh


def _digest_keys(conn: Connection, settings: Settings) -> dict[str, tuple[bytes, int]]:
    """Match keys of partners with published digests on file (empty if none: no key work)."""
    d, k, p = match_partner_digests.c, match_keys.c, partners.c
    rows = conn.execute(
        select(p.name, p.public_key, func.coalesce(k.epoch, 1).label("epoch"))
        .join(match_keys, k.partner_id == p.id, isouter=True)
        .where(p.active.is_(True), p.id.in_(select(d.partner_id).distinct()))
    ).all()
    if not rows:
        return {}
    from crossline.share.blind import derive_key
    from crossline.share.identity import load_identity

    identity = load_identity(settings)
    return {r.name: (derive_key(identity, r.public_key, epoch=r.epoch), r.epoch) for r in rows}


def raise_alerts(
    store: Store, settings: Settings, report_ids: Sequence[str], *, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Find the hits of ``report_ids``, store the new alerts and queue their deliveries."""

    if not report_ids:
        return []
    now = now or utcnow()
    with store.read() as conn:
        if conn.execute(select(partners.c.id).limit(1)).first() is None:
            return []  # a node without partners has nothing to alert on: no extra queries
        hits = find_hits(conn, report_ids, digest_keys=_digest_keys(conn, settings))
    if not hits:
        return []
    targets = webhooks.targets(store)
    with store.transaction() as conn:
        fresh = store_alerts(conn, [alert_row(h, now) for h in hits])
        webhooks.enqueue(conn, settings, fresh, targets, now=now)
    if fresh:
        log.info("raised %d alert(s)", len(fresh))
    return fresh


AlertListener = Callable[[list[dict[str, Any]]], None]


def on_reports_linked(
    store: Store,
    settings: Settings,
    report_ids: Sequence[str],
    *,
    listener: AlertListener | None = None,
) -> list[dict[str, Any]]:
    """The ingest hook: raise alerts for a batch just stored and linked.

    Never fails the import (the batch is already committed): errors are logged.
    ``listener`` receives the new alerts (used to time report-to-alert latency).
    """
    try:
        fresh = raise_alerts(store, settings, report_ids)
    except CrosslineError as exc:
        log.error("alerts for %d report(s) not raised: %s", len(report_ids), exc.message)
        return []
    if fresh and listener is not None:
        listener(fresh)
    return fresh


def _listed(q: Select[Any], *, unacked: bool, view: OrgView) -> Select[Any]:
    """``q`` narrowed to the alerts ``view`` may see (only unacknowledged ones with
    ``unacked``): one filter, so a list and its total always agree."""
    q = only_visible(q, view, alerts.c.org_id, "alert", alerts.c.id)
    if unacked:
        q = q.where(alerts.c.acked_at.is_(None))
    return q


def list_alerts(
    store: Store,
    *,
    unacked: bool = False,
    limit: int = 100,
    offset: int = 0,
    view: OrgView = EVERYTHING,
) -> list[dict[str, Any]]:
    """Alerts, newest first; only those ``view`` may see."""
    q = _listed(select(alerts), unacked=unacked, view=view)
    q = q.order_by(alerts.c.created_at.desc(), alerts.c.id)
    with store.read() as conn:
        return [alert_dict(r) for r in conn.execute(q.limit(limit).offset(offset))]


def count_alerts(store: Store, *, unacked: bool = False, view: OrgView = EVERYTHING) -> int:
    """How many alerts :func:`list_alerts` pages through (for the list's total)."""
    q = _listed(select(func.count()).select_from(alerts), unacked=unacked, view=view)
    with store.read() as conn:
        return int(conn.execute(q).scalar() or 0)


def find_alert(store: Store, ref: str) -> dict[str, Any]:
    """One alert by id or unambiguous prefix (6+ characters)."""
    if len(ref) < 6:
        raise ValidationError(f"alert id {ref!r} is too short", expected="6+ characters of an id")
    with store.read() as conn:
        rows = conn.execute(select(alerts).where(alerts.c.id.like(f"{ref}%")).limit(2)).all()
    if len(rows) != 1:
        raise NotFoundError(f"no single alert with id {ref!r} (found {len(rows)})", alert=ref)
    return alert_dict(rows[0])


def ack_alert(store: Store, ref: str, *, by: str) -> dict[str, Any]:
    """Mark an alert as seen (the first acknowledgement is kept)."""
    alert = find_alert(store, ref)
    with store.transaction() as conn:
        conn.execute(
            update(alerts)
            .where(and_(alerts.c.id == alert["id"], alerts.c.acked_at.is_(None)))
            .values(acked_at=utcnow(), acked_by=by[:160])
        )
    return find_alert(store, alert["id"])


# -- alerts sent by a partner node ---------------------------------------------------------------

INBOUND_FIELDS = ("id", "kind", "message", "value_kind", "value", "partner_ref", "campaign_ref")


def receive_partner_alert(
    store: Store, settings: Settings, partner: Partner, envelope: Any
) -> tuple[dict[str, Any], bool]:
    """Verify a partner's sealed alert with its registered key and store it once.

    Returns (the alert, whether it is new). Raises IntegrityError when the envelope
    does not verify or is not an alert.
    """
    from crossline.share.envelope import open_envelope

    payload = open_envelope(envelope, partner.public_key)
    alert = payload.get("alert") if isinstance(payload, dict) else None
    if payload.get("type") != "crossline.alert" or not isinstance(alert, dict):
        raise IntegrityError("envelope does not hold a crossline.alert", expected="alert payload")
    remote_id = alert.get("id")
    if not isinstance(remote_id, str) or not 1 <= len(remote_id) <= 64:
        raise ValidationError("alert id missing or too long", field="alert.id")
    clean = {k: alert.get(k) for k in INBOUND_FIELDS if isinstance(alert.get(k), str | None)}
    clean = {k: (v[:512] if isinstance(v, str) else v) for k, v in clean.items()}
    now = utcnow()
    row = {
        "id": make_id("alert-in", partner.id, remote_id),
        "kind": str(clean.get("kind") or "partner_alert")[:32],
        "origin": "partner",
        "partner_id": partner.id,
        "indicator_id": None,
        "report_id": None,
        "component_id": None,
        "partner_ref": (clean.get("campaign_ref") or None),
        "summary": {
            "partner": partner.name,
            "value_kind": clean.get("value_kind"),
            "value": clean.get("value"),
            "message": clean.get("message") or f"alert from partner {partner.name}",
            "remote_id": remote_id,
            "our_ref": clean.get("partner_ref"),
            "signed_at": envelope.get("signed_at"),
        },
        "created_at": now,
    }
    targets = webhooks.targets(store, partners=False)
    with store.transaction() as conn:
        fresh = store_alerts(conn, [row])
        webhooks.enqueue(conn, settings, fresh, targets, now=now)
    with store.read() as conn:
        stored = conn.execute(select(alerts).where(alerts.c.id == row["id"])).one()
    return alert_dict(stored), bool(fresh)
