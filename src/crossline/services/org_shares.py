"""Explicit sharing of one record with another organisation on the same node.

A record owned by one organisation (an evidence case, a legal request, an import job,
an alert) is shown to another only on purpose: its owner's admin (or a node admin)
shares it here, and the organisation rule (:mod:`crossline.node.scope`) lets the other
organisation see it from then on. Every share is in the audit log.
"""

from __future__ import annotations

from typing import Any

from crossline.errors import NotFoundError, PermissionDeniedError, ValidationError
from crossline.evidence import items, requests
from crossline.node import Node, scope
from crossline.node.auth import Principal
from crossline.share import alerts as al
from crossline.store.visibility import SHARE_KINDS, share


def _owner(node: Node, kind: str, ref: str) -> tuple[str, str | None]:
    """(the record's key, its owning organisation; None: the home organisation)."""
    if kind == "evidence_case":
        owner, _shares = items.case_access(node.store, ref)
        if not items.list_items(node.store, case=ref, limit=1):
            raise NotFoundError(f"no case {ref!r}")
        return ref, owner
    if kind == "legal_request":
        req = requests.get_request(node.store, ref)
        return str(req["id"]), req.get("org_id")
    if kind == "import_job":
        job = node.jobs.get(ref)
        home = next((o["id"] for o in node.accounts.list_orgs() if o["is_home"]), None)
        return str(job["id"]), None if job["org_id"] == home else job["org_id"]
    alert = al.find_alert(node.store, ref)
    return str(alert["id"]), alert.get("org_id")


def share_record(node: Node, p: Principal, kind: str, ref: str, org_id: str) -> dict[str, Any]:
    """Share ``kind``/``ref`` with ``org_id``; only its owner's admins and node admins may."""
    if kind not in SHARE_KINDS:
        raise ValidationError(f"kind {kind!r}: expected one of {', '.join(SHARE_KINDS)}")
    try:
        key, owner = _owner(node, kind, ref)
    except ValidationError as exc:  # an id that cannot name a record names none
        raise NotFoundError(f"no {kind.replace('_', ' ')} {ref!r}", field="id") from exc
    scope.check_record(node.store, p, kind, key, owner)  # another's record: 404
    if not scope.owns(p, owner):
        raise PermissionDeniedError("only the owning organisation's admins share its records")
    if org_id not in {o["id"] for o in node.accounts.list_orgs()}:
        raise NotFoundError(f"no organisation with id {org_id!r}", field="org_id")
    with node.store.transaction() as conn:
        added = share(conn, kind, key, org_id, by=p.actor)
    node.audit.record(p, "share", kind, key, detail={"org_id": org_id, "new": added})
    return {"kind": kind, "id": key, "org_id": org_id, "shared": True, "new": added}
