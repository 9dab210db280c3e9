"""The match service, responder side and records: what a partner may match against, under
which agreement and budget; match results; requests for details.

Which local values take part: non-common indicators of the matchable kinds (phones,
UPI handles, accounts, IBANs, wallets, e-mails, domains) sighted in at least one local
report (not one imported from a partner) whose TLP marking the partner's agreement
allows. The agreement must list the mode ("hmac" or "psi"); a case reference goes with
a match only when the agreement lets campaigns go, and it is opaque: a keyed hash of
the campaign id that only this node can resolve.

Every query a partner makes is bounded (values per request, values per 24 h, per
partner: ``match_budgets``, defaults below) and logged in ``match_queries``; over budget
raises RateLimitedError (HTTP 429). :mod:`crossline.share.match_run` is the querying side.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox
from sqlalchemy import Connection, Row, Table, exists, func, select, update

from crossline.config import Settings
from crossline.domain import make_id
from crossline.errors import (
    IntegrityError,
    NotAllowedError,
    NotFoundError,
    RateLimitedError,
    ValidationError,
)
from crossline.share import blind
from crossline.share.agreements import Agreement, get_agreement
from crossline.share.alerts import PARTNER_SOURCE
from crossline.share.partners import Partner, list_partners
from crossline.store import Store
from crossline.store.repository import as_utc, utcnow
from crossline.store.schema import components, indicators, reports, sightings
from crossline.store.schema_matching import (
    match_budgets,
    match_keys,
    match_queries,
    match_requests,
    match_results,
)

MODES = ("hmac", "psi")
DEFAULT_PER_REQUEST = 10_000
DEFAULT_PER_DAY = 100_000
PAGE = 5_000  # digests per page of GET /match/digests


# -- who is asking, and may they ----------------------------------------------------------------


def partner_for_org(store: Store, org_id: str | None) -> Partner:
    """The active partner whose node uses the tokens of organisation ``org_id``."""
    for p in list_partners(store):
        if org_id and p.org_id == org_id and p.active:
            return p
    raise NotAllowedError("this token does not belong to a registered partner node")


def agreement_for(store: Store, partner: Partner, mode: str | None = None) -> Agreement:
    """The agreement in force with ``partner``, allowing ``mode`` when given."""
    agreement = get_agreement(store, partner.name)
    if agreement is None:
        raise NotAllowedError(f"no agreement in force with partner {partner.name!r}")
    if mode is not None and mode not in agreement.matching:
        raise NotAllowedError(
            f"the agreement with {partner.name!r} does not allow {mode} matching",
            allowed=sorted(agreement.matching),
        )
    return agreement


def allowed_markings(agreement: Agreement) -> tuple[str, ...]:
    from crossline.share.policy import allowed_markings as allowed

    return allowed(agreement)


# -- keys ---------------------------------------------------------------------------------------


def key_epoch(store: Store, partner: Partner) -> int:
    with store.read() as conn:
        epoch = conn.execute(
            select(match_keys.c.epoch).where(match_keys.c.partner_id == partner.id)
        ).scalar()
    return int(epoch or 1)


def match_key(store: Store, settings: Settings, partner: Partner) -> tuple[bytes, int]:
    """(the key shared with ``partner``, its epoch); the epoch is recorded on first use."""
    from crossline.share.identity import load_identity

    epoch = key_epoch(store, partner)
    key = blind.derive_key(load_identity(settings), partner.public_key, epoch=epoch)
    with store.transaction() as conn:
        known = conn.execute(
            select(match_keys.c.partner_id).where(match_keys.c.partner_id == partner.id)
        ).first()
        if not known:
            conn.execute(
                match_keys.insert().values(
                    partner_id=partner.id, epoch=epoch, method=blind.KEY_METHOD,
                    fingerprint=blind.fingerprint(key), created_at=utcnow(),
                )
            )  # fmt: skip
    return key, epoch


def rotate_key(store: Store, settings: Settings, partner: Partner) -> int:
    """Move to the next key epoch (both nodes must do it; digests on file are dropped)."""
    from crossline.share.identity import load_identity
    from crossline.store.schema_matching import match_partner_digests

    epoch = key_epoch(store, partner) + 1
    key = blind.derive_key(load_identity(settings), partner.public_key, epoch=epoch)
    with store.transaction() as conn:
        conn.execute(match_keys.delete().where(match_keys.c.partner_id == partner.id))
        conn.execute(
            match_keys.insert().values(
                partner_id=partner.id, epoch=epoch, method=blind.KEY_METHOD,
                fingerprint=blind.fingerprint(key), created_at=utcnow(),
            )
        )  # fmt: skip
        conn.execute(
            match_partner_digests.delete().where(match_partner_digests.c.partner_id == partner.id)
        )
    return epoch


# -- local values -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalValue:
    indicator_id: str
    kind: str
    value: str
    component_id: str | None


def local_values(
    conn: Connection, markings: Sequence[str], *, after: str | None = None, limit: int | None = None
) -> list[LocalValue]:
    """Matchable values seen in local reports of the given markings, by indicator id."""
    i, s, r = indicators.c, sightings.c, reports.c
    seen_locally = exists(
        select(s.indicator_id)
        .join(reports, r.id == s.report_id)
        .where(
            s.indicator_id == i.id,
            ~r.source.like(f"{PARTNER_SOURCE}%"),
            r.marking.in_(list(markings)),
        )
    )
    q = (
        select(i.id, i.kind, i.value, i.component_id)
        .where(i.common.is_(False), i.kind.in_(sorted(blind.MATCH_KINDS)), seen_locally)
        .order_by(i.id)
    )
    if after:
        q = q.where(i.id > after)
    if limit:
        q = q.limit(limit)
    return [LocalValue(row.id, row.kind, row.value, row.component_id) for row in conn.execute(q)]


def iter_local_values(
    store: Store, markings: Sequence[str], page: int = PAGE
) -> Iterator[LocalValue]:
    after = None
    while True:
        with store.read() as conn:
            part = local_values(conn, markings, after=after, limit=page)
        yield from part
        if len(part) < page:
            return
        after = part[-1].indicator_id


# -- opaque cursors and case references ---------------------------------------------------------


def _secret(settings: Settings, label: str) -> bytes:
    return hashlib.sha256(label.encode() + b"\x00" + settings.secret_key()).digest()


def seal_cursor(settings: Settings, last_id: str) -> str:
    box = SecretBox(_secret(settings, "match-cursor"))
    return base64.urlsafe_b64encode(box.encrypt(last_id.encode())).decode()


def open_cursor(settings: Settings, cursor: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode())
        return SecretBox(_secret(settings, "match-cursor")).decrypt(raw).decode()
    except (ValueError, CryptoError) as exc:
        raise ValidationError("cursor is not one this node issued", field="cursor") from exc


def case_ref(settings: Settings, partner: Partner, value: LocalValue) -> str:
    """Opaque, stable per partner: the same campaign gives the same reference."""
    anchor = value.component_id or f"indicator:{value.indicator_id}"
    mac = hmac.new(_secret(settings, "case-ref"), f"{partner.id}|{anchor}".encode(), "sha256")
    return f"case-{mac.hexdigest()[:20]}"


def resolve_case_ref(store: Store, settings: Settings, partner: Partner, ref: str) -> str | None:
    """The local campaign id behind a reference this node gave ``partner`` (None if unknown)."""
    with store.read() as conn:
        for cid in conn.execute(select(components.c.id)).scalars():
            if case_ref(settings, partner, LocalValue("", "", "", cid)) == ref:
                return str(cid)
    return None


def refs_allowed(agreement: Agreement) -> bool:
    return agreement.allows_kind("campaign")


# -- budgets and the query log ------------------------------------------------------------------


def budget(store: Store, partner: Partner) -> tuple[int, int]:
    """(values per request, values per 24 h) allowed to ``partner``."""
    with store.read() as conn:
        row = conn.execute(
            select(match_budgets).where(match_budgets.c.partner_id == partner.id)
        ).first()
    return (row.per_request, row.per_day) if row else (DEFAULT_PER_REQUEST, DEFAULT_PER_DAY)


def set_budget(store: Store, partner: Partner, *, per_request: int, per_day: int) -> None:
    if not 1 <= per_request <= per_day:
        raise ValidationError(
            f"budget {per_request}/request, {per_day}/day", expected="1 <= per_request <= per_day"
        )
    with store.transaction() as conn:
        conn.execute(match_budgets.delete().where(match_budgets.c.partner_id == partner.id))
        conn.execute(
            match_budgets.insert().values(
                partner_id=partner.id, per_request=per_request, per_day=per_day,
                updated_at=utcnow(),
            )
        )  # fmt: skip


def log_query(
    conn: Connection, *, direction: str, partner: Partner, mode: str, endpoint: str,
    count: int, outcome: str, actor: str | None, now: datetime,
) -> None:  # fmt: skip
    conn.execute(
        match_queries.insert().values(
            id=make_id(
                "match-query", direction, partner.id, endpoint, now.isoformat(), str(count),
                actor or "",
            ),
            direction=direction, partner_id=partner.id, mode=mode, endpoint=endpoint,
            values_count=count, outcome=outcome, actor=actor, at=now,
        )
    )  # fmt: skip


def charge(
    store: Store, partner: Partner, *, mode: str, endpoint: str, count: int, actor: str | None,
    now: datetime | None = None,
) -> None:  # fmt: skip
    """Log a partner's query of ``count`` values, refusing it when over budget.

    The check and the charge are one step under a lock per partner, so simultaneous
    requests cannot each spend the same remaining budget (SQLite and PostgreSQL alike).
    """
    q = match_queries.c
    with store.transaction() as conn:
        store.dialect.key_lock(conn, f"match-budget:{partner.id}")
        now = now or utcnow()  # taken under the lock: serialized charges get distinct times
        row = conn.execute(
            select(match_budgets).where(match_budgets.c.partner_id == partner.id)
        ).first()
        per_request, per_day = (
            (row.per_request, row.per_day) if row else (DEFAULT_PER_REQUEST, DEFAULT_PER_DAY)
        )
        used = conn.execute(
            select(func.coalesce(func.sum(q.values_count), 0)).where(
                q.partner_id == partner.id, q.direction == "in", q.outcome == "ok",
                q.at > now - timedelta(days=1),
            )
        ).scalar()  # fmt: skip
        over = count > per_request or int(used or 0) + count > per_day
        log_query(
            conn, direction="in", partner=partner, mode=mode, endpoint=endpoint, count=count,
            outcome="over_budget" if over else "ok", actor=actor, now=now,
        )  # fmt: skip
    if count > per_request:
        raise RateLimitedError(
            f"{count} values in one request; partner {partner.name!r} may send {per_request}",
            retry_after=1, per_request=per_request,
        )  # fmt: skip
    if over:
        raise RateLimitedError(
            f"partner {partner.name!r} used {used} of {per_day} values in the last 24 h",
            retry_after=3600, per_day=per_day, used=int(used or 0),
        )  # fmt: skip


def newest_with_partner(store: Store, table: Table, at: str, limit: int) -> Sequence[Row[Any]]:
    """The newest ``limit`` rows of ``table`` (by its column ``at``, then id), each with
    its partner's name as ``partner`` (None once the partner is gone)."""
    from crossline.store.schema_share import partners

    c = table.c
    with store.read() as conn:
        return conn.execute(
            select(table, partners.c.name.label("partner"))
            .join(partners, partners.c.id == c.partner_id, isouter=True)
            .order_by(c[at].desc(), c.id)
            .limit(limit)
        ).all()


def list_queries(store: Store, *, limit: int = 100) -> list[dict[str, Any]]:
    rows = newest_with_partner(store, match_queries, "at", limit)
    return [
        {
            "direction": r.direction, "partner": r.partner, "mode": r.mode,
            "endpoint": r.endpoint, "values": r.values_count, "outcome": r.outcome,
            "actor": r.actor, "at": as_utc(r.at).isoformat(),  # type: ignore[union-attr]
        }
        for r in rows
    ]  # fmt: skip


# -- match results ------------------------------------------------------------------------------


def save_results(
    store: Store, partner: Partner, mode: str, found: Sequence[tuple[LocalValue, str | None]]
) -> list[str]:
    """Store "partner holds this value (in case ref)"; returns the match ids."""
    now = utcnow()
    ids = []
    m = match_results.c
    with store.transaction() as conn:
        for value, ref in found:
            mid = make_id("match", partner.id, value.indicator_id, mode)
            ids.append(mid)
            done = conn.execute(
                update(match_results).where(m.id == mid).values(matched_at=now, partner_ref=ref)
            )
            if not done.rowcount:
                conn.execute(
                    match_results.insert().values(
                        id=mid, partner_id=partner.id, indicator_id=value.indicator_id,
                        kind=value.kind, mode=mode, partner_ref=ref, first_matched_at=now,
                        matched_at=now,
                    )
                )  # fmt: skip
    return ids


def list_results(
    store: Store, *, partner: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Match results with the local value (known only here), newest first."""
    from crossline.store.schema_share import partners

    m, i, p = match_results.c, indicators.c, partners.c
    q = (
        select(match_results, i.value, i.component_id, p.name.label("partner"))
        .join(indicators, i.id == m.indicator_id)
        .join(partners, p.id == m.partner_id)
        .order_by(m.matched_at.desc(), m.id)
        .limit(limit)
        .offset(offset)
    )
    if partner:
        q = q.where(p.name == partner)
    with store.read() as conn:
        return [
            {
                "id": r.id, "partner": r.partner, "mode": r.mode, "kind": r.kind,
                "value": r.value, "indicator_id": r.indicator_id, "campaign_id": r.component_id,
                "partner_ref": r.partner_ref,
                "first_matched_at": as_utc(r.first_matched_at).isoformat(),  # type: ignore[union-attr]
                "matched_at": as_utc(r.matched_at).isoformat(),  # type: ignore[union-attr]
            }
            for r in conn.execute(q)
        ]  # fmt: skip


def get_result(store: Store, match_id: str) -> dict[str, Any]:
    with store.read() as conn:
        row = conn.execute(
            select(match_results.c.id).where(match_results.c.id.like(f"{match_id}%")).limit(2)
        ).all()
    if len(match_id) < 6 or len(row) != 1:
        raise NotFoundError(f"no single match with id {match_id!r}", match=match_id)
    return next(r for r in list_results(store, limit=1_000_000) if r["id"] == row[0].id)


# -- requests for details -----------------------------------------------------------------------


def receive_request(
    store: Store, settings: Settings, partner: Partner, envelope: Any
) -> dict[str, Any]:
    """Verify and store a partner's request for details (idempotent on its id)."""
    from crossline.share.envelope import open_envelope

    payload = open_envelope(envelope, partner.public_key)
    if not isinstance(payload, dict) or payload.get("type") != "crossline.match_request":
        raise IntegrityError("envelope does not hold a crossline.match_request")
    rid, ref, note = payload.get("id"), payload.get("partner_ref"), payload.get("note")
    if not isinstance(rid, str) or not 1 <= len(rid) <= 64:
        raise ValidationError("request id missing or too long", field="id")
    if not (ref is None or (isinstance(ref, str) and len(ref) <= 128)):
        raise ValidationError("partner_ref must be a string of at most 128", field="partner_ref")
    if not (note is None or (isinstance(note, str) and len(note) <= 2000)):
        raise ValidationError("note must be a string of at most 2000", field="note")
    local_id = make_id("match-request-in", partner.id, rid)
    with store.transaction() as conn:
        if not conn.execute(
            select(match_requests.c.id).where(match_requests.c.id == local_id)
        ).first():
            conn.execute(
                match_requests.insert().values(
                    id=local_id, direction="in", partner_id=partner.id, match_id=None,
                    partner_ref=ref, note=note, status="received", envelope=envelope,
                    created_at=utcnow(),
                )
            )  # fmt: skip
    campaign = resolve_case_ref(store, settings, partner, ref) if ref else None
    return {"id": local_id, "partner": partner.name, "partner_ref": ref, "campaign_id": campaign,
            "note": note, "status": "received"}  # fmt: skip


def list_requests(store: Store, *, limit: int = 100) -> list[dict[str, Any]]:
    rows = newest_with_partner(store, match_requests, "created_at", limit)
    return [
        {
            "id": x.id, "direction": x.direction, "partner": x.partner, "match_id": x.match_id,
            "partner_ref": x.partner_ref, "note": x.note, "status": x.status,
            "created_at": as_utc(x.created_at).isoformat(),  # type: ignore[union-attr]
        }
        for x in rows
    ]  # fmt: skip
