"""Alerts (list, acknowledge), the inbox for partners' signed alerts, and webhooks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import Field

from crossline.api.models import ERRORS, Strict
from crossline.api.paging import PageLimit, PageOffset
from crossline.api.partner_requests import RawBody, check_partner_request
from crossline.api.responses.sharing import (
    AlertOut,
    AlertPage,
    AlertReceived,
    WebhookOut,
    WebhooksOut,
)
from crossline.api.routes.matching import EnvelopeIn, calling_partner, refusals
from crossline.http import partner_gate
from crossline.http.deps import audit, get_node, require
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.node.security import SHARE_PULL, SHARING
from crossline.share import alerts as al
from crossline.share import webhooks as wh

router = APIRouter(prefix="/api/v1", responses=ERRORS)

# A partner node delivers its signed alerts here (verified with its registered key).
partner_gate.PARTNER_ROUTES.add(("POST", "/api/v1/alerts/inbox"))

Sharing = Annotated[Principal, Depends(require(SHARING))]
SharePull = Annotated[Principal, Depends(require(SHARE_PULL))]
AlertRef = Annotated[str, Path(pattern=r"^[0-9a-f-]{6,36}$", description="alert id or prefix")]


class WebhookIn(Strict):
    name: str = Field(..., min_length=1, max_length=64)
    url: str = Field(..., min_length=8, max_length=2000)


@router.get("/alerts", tags=["alerts"], response_model=AlertPage)
def list_alerts(
    request: Request,
    principal: Sharing,
    unacked: bool = False,
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    """Alerts, newest first: local hits on partners' values, and partners' alerts."""
    items = al.list_alerts(
        get_node(request).store,
        unacked=unacked,
        limit=limit,
        offset=offset,
        view=scope.view(principal),
    )
    audit(request, principal, "read", "alerts", None, count=len(items))
    return {"items": items}


@router.post("/alerts/{alert_id}/ack", tags=["alerts"], response_model=AlertOut)
def ack(alert_id: AlertRef, request: Request, principal: Sharing) -> dict[str, Any]:
    """Mark an alert as seen."""
    store = get_node(request).store
    found = al.find_alert(store, alert_id)
    scope.check_record(store, principal, "alert", found["id"], found["org_id"])
    out = al.ack_alert(store, found["id"], by=principal.actor)
    audit(request, principal, "change", "alert", out["id"], acked=True)
    return out


@router.post("/alerts/inbox", status_code=201, tags=["alerts"], response_model=AlertReceived)
def inbox(body: EnvelopeIn, request: Request, principal: SharePull, raw: RawBody) -> dict[str, Any]:
    """A partner node's signed alert, verified with the key registered for that partner
    (the request too: a replayed or stale delivery answers 401)."""
    node = get_node(request)
    partner = calling_partner(request, principal)
    check_partner_request(request, partner, raw)
    with refusals(request, principal, "alert"):
        alert, new = al.receive_partner_alert(node.store, node.settings, partner, body.model_dump())
    audit(request, principal, "create", "alert", alert["id"], new=new)
    return {"id": alert["id"], "new": new}


@router.get("/webhooks", tags=["alerts"], response_model=WebhooksOut)
def list_webhooks(request: Request, principal: Sharing) -> dict[str, Any]:
    audit(request, principal, "read", "webhooks")
    store = get_node(request).store
    return {
        "items": wh.list_subscriptions(store),
        "deliveries": wh.list_deliveries(store, limit=20),
    }


@router.post("/webhooks", status_code=201, tags=["alerts"], response_model=WebhookOut)
def add_webhook(body: WebhookIn, request: Request, principal: Sharing) -> dict[str, Any]:
    """Send every new alert, signed, to ``url``."""
    node = get_node(request)
    out = wh.add_subscription(node.store, body.name, body.url, node.outbound)
    audit(request, principal, "create", "webhook", out["id"], name=body.name)
    return out
