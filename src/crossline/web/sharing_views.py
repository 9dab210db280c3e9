"""The sharing page: this node's identity, partners, agreements and the preview of
who would receive what (admins and analysts: permission ``sharing``)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from crossline.http.deps import audit, get_node
from crossline.node.security import SHARING
from crossline.web.views import page_principal, render

router = APIRouter(include_in_schema=False)


@router.get("/sharing")
def sharing(
    request: Request,
    partner: str | None = Query(None, max_length=64),
    sample: int = Query(3, ge=0, le=20),
) -> Response:
    principal = page_principal(request, SHARING)
    from crossline.share.agreements import list_agreements
    from crossline.share.identity import load_identity
    from crossline.share.partners import list_partners
    from crossline.share.preview import preview

    node = get_node(request)
    ident = load_identity(node.settings)
    previews = preview(node.store, partner=partner, sample=sample)
    audit(request, principal, "read", "share_preview", partner)
    return render(
        request,
        "sharing.html",
        principal,
        ident=ident,
        partners=list_partners(node.store),
        agreements=list_agreements(node.store),
        previews=previews,
        selected=partner,
    )
