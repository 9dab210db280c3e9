"""Money trails as use cases: a complaint's trail with its freeze requests, the outbox
of freeze requests, mule accounts, and sending a request again (audited). Called by
the web page ``/money``, the API and the CLI alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crossline.money import freeze, outbox, resend, service
from crossline.money.freeze import FreezeFilter
from crossline.node import Node
from crossline.node.audit import AuditLog
from crossline.services.accounts import Acting
from crossline.store import Store


def complaint_money(node: Node, ref: str) -> dict[str, Any]:
    """The trail of a complaint (report id or acknowledgement number) or of one transfer
    (id or UTR), with the freeze requests issued for the complaint."""
    trail, report_id, stats = freeze.trace_complaint(node.store, ref)
    mine = freeze.FreezeFilter(report_id=report_id)
    requests = freeze.list_requests(node.store, mine, limit=500) if report_id else []
    return {"ref": ref, "report_id": report_id, "stats": stats, "requests": requests,
            **trail.to_dict()}  # fmt: skip


def freeze_outbox(
    node: Node, where: FreezeFilter = freeze.ANY, *, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """A page of freeze requests (newest first) of one complaint, one campaign or all,
    with the count in each delivery state, the total matching the filter, and the
    complaint-to-request latency."""
    by_status = freeze.count_by_status(node.store, where)
    wanted = set(where.status.split(",")) if where.status else set(by_status)
    items = freeze.list_requests(node.store, where, limit=limit, offset=offset)
    return {
        "items": items,
        "total": sum(n for s, n in by_status.items() if s in wanted),
        "by_status": by_status,
        "limit": limit,
        "offset": offset,
        "latency": outbox.latency_summary(node.store),
    }


def mule_accounts(node: Node, *, min_score: float = 0.5, limit: int = 100) -> list[dict[str, Any]]:
    """Accounts scored as mules, highest first, with the reasons they were flagged."""
    return service.list_mules(node.store, min_score=min_score, limit=limit)


def resend_freeze_request(
    store: Store,
    audit: AuditLog,
    by: Acting,
    request_id: str,
    *,
    wake: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Send a request again (unacknowledged, failed, refused or waiting): back in the
    outbox, due now; the change is audited and ``wake`` (a serving node's delivery
    worker) is called so it goes at once."""
    before, after = resend.requeue(store, request_id)
    audit.record(
        by.who,
        "resend",
        "freeze_request",
        request_id,
        detail={
            "from": before["status"],
            "attempts": before["attempts"],
            "last_error": (before.get("last_error") or "")[:200] or None,
            "bank_code": before["bank_code"],
        },
        ip=by.ip,
    )
    if wake is not None:
        wake()
    return after


def resend_on_node(node: Node, by: Acting, request_id: str) -> dict[str, Any]:
    """:func:`resend_freeze_request` on a serving node (its audit log and worker)."""
    worker = node.freezes
    return resend_freeze_request(
        node.store, node.audit, by, request_id, wake=worker.wake if worker else None
    )
