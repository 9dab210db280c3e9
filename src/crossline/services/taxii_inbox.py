"""Objects a partner POSTs to its collection: checked one by one, kept with provenance,
imported as partner reports, and answered with a TAXII status resource.

The work is done before answering (envelopes are bounded by ``max_content_length``),
so the status is ``complete`` at once; it is stored so the client can fetch it again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crossline.errors import CrosslineError
from crossline.node import Node
from crossline.node.auth import Principal
from crossline.node.security import SHARING
from crossline.services.imports import pipeline_hooks
from crossline.share.partners import get_partner
from crossline.share.stix.ingest import import_objects
from crossline.share.stix.objects_store import Provenance, object_version
from crossline.share.stix.validate import object_problem
from crossline.share.taxii.collections import CollectionView
from crossline.share.taxii.queries import stamp
from crossline.store import Store
from crossline.store.taxii_status import get_status, insert_status


def receive(
    node: Node,
    view: CollectionView,
    principal: Principal,
    objects: list[Any],
    *,
    status_id: str,
    now: datetime,
) -> dict[str, Any]:
    """Import what is usable of ``objects``; the status resource of the request."""
    good: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    for i, obj in enumerate(objects):
        problem = object_problem(obj)
        oid = obj.get("id") if isinstance(obj, dict) else None
        if problem is not None:
            failures.append(
                {"id": str(oid or f"objects[{i}]"), "message": f"{problem[0]}: {problem[1]}"}
            )
        else:
            good.append(obj)
    successes: list[dict[str, Any]] = []
    if good:
        partner = get_partner(node.store, view.agreement.partner)
        prov = Provenance(
            partner=partner.name,
            country=partner.country,
            agreement=view.agreement.id,
            received_at=now,
        )
        try:
            import_objects(
                node.store,
                node.settings,
                good,
                prov,
                hooks=pipeline_hooks(node.store, node.settings),
                collection_id=view.id,
            )
        except CrosslineError as exc:
            failures.extend({"id": o["id"], "message": exc.message} for o in good)
        else:
            successes = [
                {"id": o["id"], "version": object_version(o, now)[:23] + "Z"} for o in good
            ]
    row = {
        "id": status_id,
        "collection_id": view.id,
        "status": "complete",
        "request_timestamp": now,
        "total_count": len(objects),
        "success_count": len(successes),
        "failure_count": len(failures),
        "pending_count": 0,
        "successes": successes,
        "failures": failures,
        "pendings": [],
        "org_id": principal.org_id,
        "partner": view.agreement.partner,
        "agreement": view.agreement.id,
    }
    with node.store.transaction() as conn:
        insert_status(conn, row)
    return _resource(row)


def _resource(row: Any) -> dict[str, Any]:
    def get(key: str) -> Any:
        return row[key] if isinstance(row, dict) else getattr(row, key)

    return {
        "id": get("id"),
        "status": get("status"),
        "request_timestamp": stamp(get("request_timestamp")),
        "total_count": get("total_count"),
        "success_count": get("success_count"),
        "successes": get("successes") or [],
        "failure_count": get("failure_count"),
        "failures": get("failures") or [],
        "pending_count": get("pending_count"),
        "pendings": get("pendings") or [],
    }


def read_status(store: Store, principal: Principal, status_id: str) -> dict[str, Any] | None:
    """A status resource, for the organisation that posted (or the home agency)."""
    with store.read() as conn:
        row = get_status(conn, status_id)
    if row is None:
        return None
    if row.org_id != principal.org_id and not (principal.home_org and principal.can(SHARING)):
        return None
    return _resource(row)
