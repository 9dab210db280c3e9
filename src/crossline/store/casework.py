"""Casework SQL: notes, state (status, assignee, name, label), tags, the activity feed,
and the analysts' linking decisions (pairs kept together, sightings cut).

Campaign casework is kept by anchor report (see :mod:`crossline.store.schema_casework`):
"a campaign's rows" are the rows whose anchor is one of its reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, func, or_, select

from crossline.store.repository import chunks, iso_utc, select_in
from crossline.store.rowdict import Shape
from crossline.store.schema import components, reports
from crossline.store.schema_auth import users
from crossline.store.schema_casework import (
    case_events,
    case_notes,
    case_state,
    case_tags,
    link_cuts,
    link_decisions,
    link_pairs,
)

# Merges and splits change the campaign for every organisation on the node.
NODE_WIDE_EVENTS = ("merge", "split")
OPEN = "open"


def members(cid: str) -> Any:
    """SQL: the ids of a campaign's reports (its possible anchors)."""
    return select(reports.c.id).where(reports.c.component_id == cid)


def anchor_of(conn: Connection, cid: str) -> str | None:
    """The anchor for new casework on a campaign: its smallest report id."""
    row = conn.execute(select(components.c.min_report_id).where(components.c.id == cid)).first()
    return str(row[0]) if row else None


def org_usernames(conn: Connection, org_id: str, names: Iterable[str]) -> set[str]:
    """Which of ``names`` are active users of the organisation."""
    wanted = sorted(set(names))
    if not wanted:
        return set()
    q = select(users.c.username).where(
        users.c.org_id == org_id, users.c.active.is_(True), users.c.username.in_(wanted)
    )
    return set(conn.execute(q).scalars())


# -- notes --------------------------------------------------------------------------------


def insert_note(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(case_notes.insert().values(**row))


_note = Shape(
    ("id", "subject_kind", "subject_id", "campaign_id", "author", "body", "mentions",
     "created_at"),
    iso=("created_at",),
    convert={"mentions": lambda names: list(names or [])},
)  # fmt: skip


def notes(
    conn: Connection, org_id: str, kind: str, subject: str, *, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """Notes of one organisation on a campaign (by id: its anchors) or a report, newest
    first, with their total."""
    n = case_notes.c
    on = n.subject_id.in_(members(subject)) if kind == "campaign" else n.subject_id == subject
    where = and_(n.org_id == org_id, n.subject_kind == kind, on)
    total = conn.execute(select(func.count()).select_from(case_notes).where(where)).scalar()
    q = select(case_notes).where(where).order_by(n.created_at.desc(), n.id)
    rows = conn.execute(q.limit(limit).offset(offset))
    return {"total": int(total or 0), "items": [_note(r) for r in rows]}


# -- state ----------------------------------------------------------------------------------


_state = Shape(
    ("status", "assignee", "display_name", "label", "updated_at", "updated_by"),
    iso=("updated_at",),
)


def state(conn: Connection, org_id: str, cid: str) -> dict[str, Any] | None:
    """An organisation's state of a campaign (the latest written among its anchors)."""
    s = case_state.c
    row = conn.execute(
        select(case_state)
        .where(s.org_id == org_id, s.anchor_id.in_(members(cid)))
        .order_by(s.updated_at.desc(), s.anchor_id)
        .limit(1)
    ).first()
    if row is None:
        return None
    return _state(row)


def put_state(conn: Connection, org_id: str, cid: str, anchor: str, values: dict[str, Any]) -> None:
    """Write an organisation's state of a campaign: one row, on its current anchor
    (rows left on other anchors by merges are folded into it)."""
    s = case_state.c
    conn.execute(delete(case_state).where(s.org_id == org_id, s.anchor_id.in_(members(cid))))
    conn.execute(case_state.insert().values(org_id=org_id, anchor_id=anchor, **values))


# -- tags -------------------------------------------------------------------------------------


def _tag_where(org_id: str, kind: str, subject: str) -> Any:
    t = case_tags.c
    on = t.subject_id.in_(members(subject)) if kind == "campaign" else t.subject_id == subject
    return and_(t.org_id == org_id, t.subject_kind == kind, on)


def tags(conn: Connection, org_id: str, kind: str, subject: str) -> list[str]:
    """An organisation's tags on a campaign or a report, sorted."""
    q = select(case_tags.c.tag).where(_tag_where(org_id, kind, subject)).distinct()
    return sorted(conn.execute(q).scalars())


def add_tag(conn: Connection, row: dict[str, Any]) -> bool:
    """Tag a subject; False when it already had the tag."""
    # A campaign's tag may sit on another of its anchors: look it up by campaign.
    key = row["campaign_id"] if row["subject_kind"] == "campaign" else row["subject_id"]
    if row["tag"] in tags(conn, row["org_id"], row["subject_kind"], key):
        return False
    conn.execute(case_tags.insert().values(**{k: v for k, v in row.items() if k != "campaign_id"}))
    return True


def remove_tag(conn: Connection, org_id: str, kind: str, subject: str, tag: str) -> bool:
    """Untag a subject; False when it did not have the tag."""
    where = and_(_tag_where(org_id, kind, subject), case_tags.c.tag == tag)
    return bool(conn.execute(delete(case_tags).where(where)).rowcount)


# -- the campaign list's filters ----------------------------------------------------------


def _campaigns_of(anchor: Any, *conds: Any) -> Any:
    """SQL: the campaigns holding the anchors selected by ``conds``."""
    r = reports.c
    return (
        select(r.component_id)
        .where(r.id.in_(select(anchor).where(*conds)), r.component_id.is_not(None))
        .distinct()
    )


def list_filters(
    org_id: str, *, status: str | None = None, assignee: str | None = None, tag: str | None = None
) -> list[Any]:
    """SQL conditions on ``components.c.id`` for the campaign list (one organisation's
    casework). Campaigns without state are open and unassigned."""
    s, t, cid = case_state.c, case_tags.c, components.c.id
    conds: list[Any] = []
    if status == OPEN:
        conds.append(cid.not_in(_campaigns_of(s.anchor_id, s.org_id == org_id, s.status != OPEN)))
    elif status:
        conds.append(cid.in_(_campaigns_of(s.anchor_id, s.org_id == org_id, s.status == status)))
    if assignee:
        conds.append(
            cid.in_(_campaigns_of(s.anchor_id, s.org_id == org_id, s.assignee == assignee))
        )
    if tag:
        conds.append(
            cid.in_(
                _campaigns_of(t.subject_id, t.org_id == org_id, t.subject_kind == "campaign",
                              t.tag == tag)
            )
        )  # fmt: skip
    return conds


def states_of(conn: Connection, org_id: str, cids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """campaign id -> an organisation's status, assignee and name (for a list page)."""
    out: dict[str, dict[str, Any]] = {}
    s, r = case_state.c, reports.c
    for part in chunks(list(cids)):
        q = (
            select(r.component_id, s.status, s.assignee, s.display_name, s.label, s.updated_at)
            .join(reports, r.id == s.anchor_id)
            .where(s.org_id == org_id, r.component_id.in_(part))
            .order_by(s.updated_at)
        )
        for row in conn.execute(q):  # the latest written wins
            out[row[0]] = {"status": row[1], "assignee": row[2], "display_name": row[3],
                           "label": row[4]}  # fmt: skip
    return out


# -- activity -------------------------------------------------------------------------------


def add_event(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(case_events.insert().values(**row))


def activity(
    conn: Connection, org_id: str, cid: str, *, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """A campaign's activity, newest first: the organisation's casework events, merges
    and splits, and its reports as they arrived on the node."""
    e, r = case_events.c, reports.c
    ev_where = and_(
        e.anchor_id.in_(members(cid)), or_(e.org_id == org_id, e.kind.in_(NODE_WIDE_EVENTS))
    )
    want = limit + offset
    events = conn.execute(
        select(case_events).where(ev_where).order_by(e.at.desc(), e.id.desc()).limit(want)
    ).all()
    arrived = conn.execute(
        select(r.id, r.source, r.source_ref, r.created_at)
        .where(r.component_id == cid)
        .order_by(r.created_at.desc(), r.id.desc())
        .limit(want)
    ).all()
    items = [
        {"id": x.id, "kind": x.kind, "actor": x.actor, "at": iso_utc(x.at),
         "campaign_id": x.campaign_id, "detail": x.detail or {}}
        for x in events
    ] + [
        {"id": x.id, "kind": "report_linked", "actor": None, "at": iso_utc(x.created_at),
         "campaign_id": cid, "detail": {"report_id": x.id, "source": x.source,
                                        "source_ref": x.source_ref}}
        for x in arrived
    ]  # fmt: skip
    items.sort(key=lambda i: (i["at"] or "", i["id"]), reverse=True)
    n_ev = conn.execute(select(func.count()).select_from(case_events).where(ev_where)).scalar()
    n_rep = conn.execute(
        select(func.count()).select_from(reports).where(r.component_id == cid)
    ).scalar()
    return {"total": int(n_ev or 0) + int(n_rep or 0), "items": items[offset:want]}


# -- linking decisions ------------------------------------------------------------------------


def add_decision(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(link_decisions.insert().values(**row))


def decision(conn: Connection, decision_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(link_decisions).where(link_decisions.c.id == decision_id)).first()
    if row is None:
        return None
    return {"id": row.id, "kind": row.kind, "actor": row.actor, "reason": row.reason,
            "at": iso_utc(row.at), "detail": row.detail or {}}  # fmt: skip


def any_decisions(conn: Connection) -> bool:
    """Whether any pair or cut is recorded (most nodes: none, and linking skips them)."""
    return bool(
        conn.execute(select(exists(select(link_pairs.c.report_a)))).scalar()
        or conn.execute(select(exists(select(link_cuts.c.report_id)))).scalar()
    )


def add_pairs(conn: Connection, pairs: Iterable[tuple[str, str]], decision_id: str) -> int:
    """Keep each pair of reports in one campaign; returns how many pairs were new."""
    wanted = {(min(a, b), max(a, b)) for a, b in pairs if a != b}
    have = set(pairs_of(conn, sorted({x for p in wanted for x in p})))
    rows = [{"report_a": a, "report_b": b, "decision_id": decision_id}
            for a, b in sorted(wanted - have)]  # fmt: skip
    if rows:
        conn.execute(link_pairs.insert(), rows)
    return len(rows)


def drop_pairs(conn: Connection, pairs: Iterable[tuple[str, str]]) -> None:
    p = link_pairs.c
    for a, b in pairs:
        conn.execute(delete(link_pairs).where(p.report_a == min(a, b), p.report_b == max(a, b)))


def pairs_of(conn: Connection, report_ids: Sequence[str]) -> list[tuple[str, str]]:
    """The recorded pairs touching any of the reports."""
    out: set[tuple[str, str]] = set()
    p = link_pairs.c
    for part in chunks(list(report_ids)):
        q = select(p.report_a, p.report_b).where(or_(p.report_a.in_(part), p.report_b.in_(part)))
        out.update((a, b) for a, b in conn.execute(q))
    return sorted(out)


def add_cuts(conn: Connection, cuts: Iterable[tuple[str, str]], decision_id: str) -> int:
    """Stop each (report, value) sighting from linking; returns how many were new."""
    wanted = set(cuts)
    have = cuts_of(conn, sorted({r for r, _ in wanted}))
    rows = [{"report_id": r, "indicator_id": i, "decision_id": decision_id}
            for r, i in sorted(wanted - have)]  # fmt: skip
    if rows:
        conn.execute(link_cuts.insert(), rows)
    return len(rows)


def cuts_of(conn: Connection, report_ids: Sequence[str]) -> set[tuple[str, str]]:
    """The cut sightings (report, value) of the reports."""
    c = link_cuts.c
    q = select(c.report_id, c.indicator_id)
    return {(r, i) for r, i in select_in(conn, q, c.report_id, report_ids)}


def report_components(conn: Connection, report_ids: Sequence[str]) -> dict[str, str | None]:
    """report id -> its component (None: in none)."""
    r = reports.c
    return {a: b for a, b in select_in(conn, select(r.id, r.component_id), r.id, report_ids)}


def org_users(conn: Connection, org_id: str) -> list[str]:
    """The active usernames of an organisation (whom a campaign can be assigned to)."""
    q = select(users.c.username).where(users.c.org_id == org_id, users.c.active.is_(True))
    return sorted(conn.execute(q).scalars())
