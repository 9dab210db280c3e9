"""Merging and splitting campaigns by analyst decision, as use cases.

The decision (with its required reason) is recorded, applied by the linker
(:mod:`crossline.link.analyst`), written to each campaign's activity and to the audit
log. Campaigns are the node's, not one organisation's: a merge or split changes them
for everyone on the node, so the activity of every organisation shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crossline.domain import make_id
from crossline.errors import ValidationError
from crossline.link import analyst
from crossline.node.auth import Principal
from crossline.services.casework import Desk
from crossline.store import casework as cw
from crossline.store.read import campaigns as read_campaigns
from crossline.store.repository import utcnow

MAX_REASON = 2_000


def _reason(reason: str) -> str:
    text = " ".join((reason or "").split())
    if len(text) < 3 or len(text) > MAX_REASON:
        raise ValidationError("a merge or split needs a reason", field="reason",
                              expected=f"3-{MAX_REASON} characters")  # fmt: skip
    return text


def _decide(
    node: Desk,
    by: Principal,
    kind: str,
    reason: str,
    apply: Any,
    ip: str | None,
) -> dict[str, Any]:
    """Record a decision, apply it, write the events and the audit entry."""
    now = utcnow()
    with node.store.transaction() as conn:
        node.store.dialect.link_lock(conn)  # campaign ids resolved here must stay valid
        decision_id, outcome, detail = apply(conn, now)
        cw.add_decision(conn, {"id": decision_id, "kind": kind, "org_id": by.org_id,
                               "actor": by.name[:64], "reason": reason, "at": now,
                               "detail": detail})  # fmt: skip
        for cid in outcome.after:
            anchor = cw.anchor_of(conn, cid)
            if anchor is None:
                continue
            cw.add_event(conn, {
                "id": make_id("case-event", decision_id, cid), "org_id": by.org_id,
                "anchor_id": anchor, "campaign_id": cid, "kind": kind, "actor": by.name[:64],
                "at": now, "detail": {**detail, "reason": reason, "decision_id": decision_id},
            })  # fmt: skip
    node.audit.record(by, "change", "campaign", outcome.after[0], ip=ip,
                      detail={"op": kind, "reason": reason, "decision": decision_id,
                              **detail})  # fmt: skip
    return {"decision_id": decision_id, "kind": kind, "reason": reason, "actor": by.name,
            "at": now.isoformat(), **detail}  # fmt: skip


def merge(
    node: Desk, by: Principal, refs: Sequence[str], reason: str, *, ip: str | None = None
) -> dict[str, Any]:
    """Merge two or more campaigns into one. The merged campaign's id is that of the
    campaign holding the smallest report id (``make_id("campaign", that id)``)."""
    why = _reason(reason)

    def apply(conn: Any, now: Any) -> tuple[str, analyst.Outcome, dict[str, Any]]:
        cids = sorted({read_campaigns.resolve_campaign_id(conn, r) for r in refs})
        if len(cids) < 2:
            raise ValidationError("a merge needs two or more different campaigns",
                                  field="campaigns")  # fmt: skip
        decision_id = make_id("link-decision", "merge", *cids, now.isoformat())
        out = analyst.merge(conn, node.store, cids, decision_id)
        return decision_id, out, {"campaigns": out.before, "into": out.after[0]}

    return _decide(node, by, "merge", why, apply, ip)


def split(
    node: Desk,
    by: Principal,
    ref: str,
    report_ids: Sequence[str],
    reason: str,
    *,
    ip: str | None = None,
) -> dict[str, Any]:
    """Take some reports out of a campaign into a campaign of their own."""
    why = _reason(reason)
    moved = sorted({r.strip() for r in report_ids if r.strip()})

    def apply(conn: Any, now: Any) -> tuple[str, analyst.Outcome, dict[str, Any]]:
        cid = read_campaigns.resolve_campaign_id(conn, ref)
        decision_id = make_id("link-decision", "split", cid, *moved, now.isoformat())
        out = analyst.split(conn, node.store, cid, moved, decision_id)
        return decision_id, out, {"campaign": cid, "reports": moved, "into": out.after}

    return _decide(node, by, "split", why, apply, ip)
