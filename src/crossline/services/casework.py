"""Casework as use cases: notes with mentions, assignment, the status workflow, tags,
a campaign's name and label, and its activity feed. Merges and splits are in
:mod:`crossline.services.casework_links`.

Every function takes the node and the analyst (a :class:`Principal`: the API and web
give the caller, the CLI the user named with ``--as``), works inside the analyst's
organisation only, and writes its audit entry itself. None of it is shared with
partners: it lives in its own tables, which no sharing path reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from crossline.classify.taxonomy import LABELS
from crossline.config import Settings
from crossline.domain import make_id
from crossline.errors import ConflictError, NotFoundError, ValidationError
from crossline.node.audit import AuditLog
from crossline.node.auth import Accounts, Principal
from crossline.node.security import permissions_for
from crossline.share import alerts as al
from crossline.store import casework as cw
from crossline.store.read import campaigns as read_campaigns
from crossline.store.read.reports import report_detail
from crossline.store.repository import Connection, Store, iso_utc, open_store, utcnow

STATUSES = ("open", "under_investigation", "referred", "closed")
# Where a campaign may go from each status; "closed" -> "open" reopens it.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("under_investigation", "closed"),
    "under_investigation": ("referred", "closed"),
    "referred": ("under_investigation", "closed"),
    "closed": ("open",),
}
SUBJECTS = ("campaign", "report")
MAX_NOTE = 10_000
TAG = re.compile(r"^[a-z0-9][a-z0-9 _:.\-]{0,47}$")
MENTION = re.compile(r"(?<![\w.@])@([a-z0-9][a-z0-9._\-]{1,63})", re.IGNORECASE)


class Desk(Protocol):
    """What casework needs of the node (a running :class:`crossline.node.Node` has it;
    the command line opens a :class:`CliDesk`)."""

    store: Store
    audit: AuditLog
    accounts: Accounts


@dataclass
class CliDesk:
    """The store, audit log and accounts of a node, for a command-line run."""

    store: Store
    audit: AuditLog
    accounts: Accounts

    @classmethod
    def open(cls, settings: Settings) -> CliDesk:
        store = open_store(settings)
        return cls(store, AuditLog(store, background=False), Accounts(store))

    def close(self) -> None:
        self.audit.close()
        self.store.close()


def user_principal(node: Desk, username: str) -> Principal:
    """The principal of a user named on the command line (``--as alice``)."""
    name = username.strip().lower()
    for user in node.accounts.list_users():
        if user["username"] == name and user.get("active", True):
            orgs = {o["id"]: o for o in node.accounts.list_orgs()}
            org = orgs.get(user["org_id"], {})
            return Principal("user", user["id"], name, user["org_id"], str(org.get("name", "")),
                             bool(org.get("is_home")), user["role"],
                             permissions_for(user["role"]))  # fmt: skip
    raise NotFoundError(f"no active user {username!r}", field="as")


def _campaign(conn: Connection, ref: str) -> tuple[str, str]:
    """(campaign id, its anchor) from an id or prefix."""
    cid = read_campaigns.resolve_campaign_id(conn, ref)
    anchor = cw.anchor_of(conn, cid)
    if anchor is None:  # pragma: no cover - resolved just above
        raise NotFoundError(f"no campaign with id {ref!r}")
    return cid, anchor


def _subject(conn: Connection, kind: str, ref: str) -> tuple[str, str, str | None]:
    """(subject id to key rows by, id to show, campaign id) of a campaign or report."""
    if kind == "campaign":
        cid, anchor = _campaign(conn, ref)
        return anchor, cid, cid
    if kind == "report":
        item = report_detail(conn, ref.strip())  # NotFoundError for an unknown id
        return item["id"], item["id"], item.get("campaign_id")
    raise ValidationError(f"unknown subject {kind!r}", expected=" or ".join(SUBJECTS))


def _event(
    conn: Connection, by: Principal, anchor: str, cid: str, kind: str, **detail: Any
) -> None:
    at = utcnow()
    cw.add_event(conn, {
        "id": make_id("case-event", by.org_id, anchor, kind, by.name, at.isoformat()),
        "org_id": by.org_id, "anchor_id": anchor, "campaign_id": cid, "kind": kind,
        "actor": by.name[:64], "at": at,
        "detail": {k: v for k, v in detail.items() if v is not None},
    })  # fmt: skip


def _audit(
    node: Desk, by: Principal, target: str, ident: str, ip: str | None, **detail: Any
) -> None:
    node.audit.record(by, "change", target, ident, detail=detail, ip=ip)


# -- notes ------------------------------------------------------------------------------------


def mentions(body: str) -> list[str]:
    """The usernames a note mentions with ``@name``, in order, once each."""
    return list(dict.fromkeys(m.lower().rstrip(".") for m in MENTION.findall(body)))


def add_note(
    node: Desk, by: Principal, kind: str, ref: str, body: str, *, ip: str | None = None
) -> dict[str, Any]:
    """A note on a campaign or report. ``@username`` mentions of users of the same
    organisation raise an alert for them on the alerts page; other names stay text."""
    body = (body or "").strip()
    if not body or len(body) > MAX_NOTE:
        raise ValidationError(
            "a note needs text", field="body", expected=f"1-{MAX_NOTE} characters"
        )
    now = utcnow()
    with node.store.transaction() as conn:
        subject, shown, cid = _subject(conn, kind, ref)
        named = cw.org_usernames(conn, by.org_id, mentions(body))
        found = [m for m in mentions(body) if m in named]
        row = {
            "id": make_id("note", by.org_id, kind, subject, by.name, now.isoformat(), body),
            "org_id": by.org_id, "subject_kind": kind, "subject_id": subject,
            "campaign_id": cid, "author": by.name[:64], "body": body, "mentions": found,
            "created_at": now,
        }  # fmt: skip
        cw.insert_note(conn, row)
        if kind == "campaign":
            _event(conn, by, subject, shown, "note", note_id=row["id"], mentions=found or None)
        _mention_alerts(conn, by, row, shown, now)
    _audit(node, by, kind, shown, ip, op="note", note=row["id"], mentions=found or None)
    return {**row, "created_at": iso_utc(now), "subject_id": shown}


def _mention_alerts(
    conn: Connection, by: Principal, note: dict[str, Any], shown: str, now: datetime
) -> None:
    """One alert per mentioned user, owned by the organisation (the note's text stays
    out of it: alerts may be delivered to webhooks)."""
    rows = [
        {
            "id": make_id("alert", "mention", note["id"], user),
            "kind": "mention",
            "origin": "local",
            "component_id": note["campaign_id"],
            "report_id": shown if note["subject_kind"] == "report" else None,
            "summary": {
                "message": f"{by.name} mentioned @{user} in a note on "
                f"{note['subject_kind']} {shown[:8]}",
                "mention": user,
                "note_id": note["id"],
            },
            "created_at": now,
            "org_id": None if by.home_org else by.org_id,
        }
        for user in note["mentions"]
    ]
    al.store_alerts(conn, rows)


def list_notes(
    node: Desk, by: Principal, kind: str, ref: str, *, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """The organisation's notes on a campaign or report, newest first."""
    with node.store.read() as conn:
        subject, shown, _cid = _subject(conn, kind, ref)
        page = cw.notes(conn, by.org_id, kind, shown if kind == "campaign" else subject,
                        limit=limit, offset=offset)  # fmt: skip
    return {"subject_kind": kind, "subject_id": shown, "limit": limit, "offset": offset, **page}


# -- state: assignment, status, name and label ---------------------------------------------


def _with_state(
    node: Desk, by: Principal, ref: str, ip: str | None, kind: str, **change: Any
) -> dict[str, Any]:
    """Apply a change to a campaign's state in one transaction; record event and audit."""
    with node.store.transaction() as conn:
        cid, anchor = _campaign(conn, ref)
        before = cw.state(conn, by.org_id, cid) or {"status": "open"}
        values = {k: before.get(k) for k in ("status", "assignee", "display_name", "label")}
        values["status"] = values["status"] or "open"
        check = change.pop("_check", None)
        if check is not None:
            check(conn, cid, values)
        values.update(change)
        cw.put_state(conn, by.org_id, cid, anchor,
                     {**values, "updated_at": utcnow(), "updated_by": by.name[:64]})  # fmt: skip
        detail = {k: {"from": before.get(k), "to": v} for k, v in change.items()}
        _event(conn, by, anchor, cid, kind, **detail)
    _audit(node, by, "campaign", cid, ip, op=kind, **detail)
    return case_state(node, by, cid)


def assign(
    node: Desk, by: Principal, ref: str, assignee: str | None, *, ip: str | None = None
) -> dict[str, Any]:
    """Assign a campaign to a user of the organisation (None or "" unassigns)."""
    name = (assignee or "").strip().lower().lstrip("@") or None

    def check(conn: Connection, cid: str, values: dict[str, Any]) -> None:
        if name and name not in cw.org_usernames(conn, by.org_id, [name]):
            raise ValidationError(
                f"cannot assign campaign {cid[:8]} to {assignee!r}: no active user of "
                "your organisation has that name", field="assignee",
            )  # fmt: skip

    return _with_state(node, by, ref, ip, "assignment", _check=check, assignee=name)


def set_status(
    node: Desk, by: Principal, ref: str, status: str, *, ip: str | None = None
) -> dict[str, Any]:
    """Move a campaign along the workflow (see :data:`TRANSITIONS`)."""
    wanted = status.strip().lower().replace(" ", "_")
    if wanted not in STATUSES:
        raise ValidationError(f"unknown status {status!r}", field="status",
                              expected=", ".join(STATUSES))  # fmt: skip

    def check(conn: Connection, cid: str, values: dict[str, Any]) -> None:
        now = values["status"]
        if wanted not in TRANSITIONS[now]:
            raise ConflictError(
                f"campaign {cid[:8]} is {now!r}: it cannot go to {wanted!r}; "
                f"allowed: {', '.join(TRANSITIONS[now])}",
                field="status", allowed=list(TRANSITIONS[now]),
            )  # fmt: skip

    return _with_state(node, by, ref, ip, "status", _check=check, status=wanted)


@dataclass(frozen=True)
class Naming:
    """A campaign's new display name and/or label (a scam type of the taxonomy): None
    leaves it as it is, an empty string clears it (the label falls back to the
    classifier's)."""

    display_name: str | None = None
    label: str | None = None

    def change(self) -> dict[str, Any]:
        """The values to store, normalised (ValidationError names one not accepted)."""
        change: dict[str, Any] = {}
        if self.display_name is not None:
            name = " ".join(self.display_name.split())
            if len(name) > 120:
                raise ValidationError("display name too long", field="display_name",
                                      expected="at most 120 characters")  # fmt: skip
            change["display_name"] = name or None
        if self.label is not None:
            lab = self.label.strip().lower().replace(" ", "_").replace("-", "_")
            if lab and lab not in LABELS:
                raise ValidationError(f"unknown scam type {self.label!r}", field="label",
                                      expected=", ".join(LABELS))  # fmt: skip
            change["label"] = lab or None
        if not change:
            raise ValidationError("nothing to change", expected="display_name or label")
        return change


def rename(
    node: Desk, by: Principal, ref: str, naming: Naming, *, ip: str | None = None
) -> dict[str, Any]:
    """Set a campaign's display name and/or its label (see :class:`Naming`)."""
    return _with_state(node, by, ref, ip, "rename", **naming.change())


def case_state(node: Desk, by: Principal, ref: str) -> dict[str, Any]:
    """A campaign's casework for the organisation: status, assignee, name, label, tags."""
    with node.store.read() as conn:
        cid, _anchor = _campaign(conn, ref)
        st = cw.state(conn, by.org_id, cid) or {}
        tags = cw.tags(conn, by.org_id, "campaign", cid)
    return {
        "campaign_id": cid,
        "status": st.get("status") or "open",
        "allowed": list(TRANSITIONS[st.get("status") or "open"]),
        "assignee": st.get("assignee"),
        "display_name": st.get("display_name"),
        "label": st.get("label"),
        "updated_at": st.get("updated_at"),
        "updated_by": st.get("updated_by"),
        "tags": tags,
    }


def assignable(node: Desk, by: Principal) -> list[str]:
    """The users of the organisation a campaign can be assigned to."""
    with node.store.read() as conn:
        return cw.org_users(conn, by.org_id)


# -- tags -------------------------------------------------------------------------------------


def _tag(value: str) -> str:
    tag = " ".join(value.strip().lower().split())
    if not TAG.match(tag):
        raise ValidationError(f"invalid tag {value!r}", field="tag",
                              expected="1-48 characters: a-z 0-9 space _ : . -")  # fmt: skip
    return tag


def tag(
    node: Desk,
    by: Principal,
    kind: str,
    ref: str,
    value: str,
    *,
    remove: bool = False,
    ip: str | None = None,
) -> dict[str, Any]:
    """Add (or remove) a tag on a campaign or report; returns the subject's tags."""
    name = _tag(value)
    with node.store.transaction() as conn:
        subject, shown, cid = _subject(conn, kind, ref)
        key = shown if kind == "campaign" else subject
        if remove:
            changed = cw.remove_tag(conn, by.org_id, kind, key, name)
        else:
            changed = cw.add_tag(conn, {
                "org_id": by.org_id, "subject_kind": kind, "subject_id": subject,
                "campaign_id": cid, "tag": name, "added_by": by.name[:64], "added_at": utcnow(),
            })  # fmt: skip
        if changed and kind == "campaign" and cid:
            _event(conn, by, subject, cid, "untag" if remove else "tag", tag=name)
        tags = cw.tags(conn, by.org_id, kind, key)
    if changed:
        _audit(node, by, kind, shown, ip, op="untag" if remove else "tag", tag=name)
    return {"subject_kind": kind, "subject_id": shown, "tags": tags, "changed": changed}


def list_tags(node: Desk, by: Principal, kind: str, ref: str) -> dict[str, Any]:
    """A campaign's or report's tags (the organisation's)."""
    with node.store.read() as conn:
        subject, shown, _cid = _subject(conn, kind, ref)
        tags = cw.tags(conn, by.org_id, kind, shown if kind == "campaign" else subject)
    return {"subject_kind": kind, "subject_id": shown, "tags": tags, "changed": False}


# -- activity ---------------------------------------------------------------------------------


def activity(
    node: Desk, by: Principal, ref: str, *, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """A campaign's activity, newest first, paginated: the organisation's notes,
    assignment, status, tags, name and label; merges and splits; reports as linked."""
    with node.store.read() as conn:
        cid, _anchor = _campaign(conn, ref)
        page = cw.activity(conn, by.org_id, cid, limit=limit, offset=offset)
    return {"campaign_id": cid, "limit": limit, "offset": offset, **page}
