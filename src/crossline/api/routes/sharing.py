"""Sharing administration: this node's identity, partners, agreements and the preview.

Reads need the ``sharing`` permission (admins and analysts); registering a partner
also needs ``admin`` because it creates an organisation and may issue a token.
Agreement bodies are the JSON form of the agreement file (docs/sharing.md) and are
validated the same way, so a bad field is a 422 naming it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from crossline.api.models import ERRORS, Strict
from crossline.api.responses.sharing import (
    AgreementListed,
    AgreementOut,
    NodeInfoOut,
    PartnerAdded,
    PartnerListed,
    PreviewOut,
)
from crossline.errors import NotFoundError, PermissionDeniedError, SharingError, ValidationError
from crossline.http.deps import acting, audit, get_node, require
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.node.security import ADMIN, SHARING
from crossline.services import partners as partners_case

router = APIRouter(prefix="/api/v1/sharing", tags=["sharing"], responses=ERRORS)

SharingRead = Annotated[Principal, Depends(require(SHARING))]
SharingAdmin = Annotated[Principal, Depends(require(SHARING, ADMIN))]


def _node_admin(principal: SharingAdmin) -> Principal:
    """Partners are the node's: only the home organisation's admins register them."""
    scope.check_node_admin(principal, "register partner nodes")
    return principal


def _home_sharing(principal: SharingRead) -> Principal:
    """What leaves the node is the home organisation's decision, not a guest's."""
    if not principal.home_org:
        raise PermissionDeniedError("only the home organisation sets sharing agreements")
    return principal


NodeAdmin = Annotated[Principal, Depends(_node_admin)]
HomeSharing = Annotated[Principal, Depends(_home_sharing)]
PartnerName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")]


class PartnerIn(Strict):
    """A partner node to register (see ``crossline partners add``)."""

    name: PartnerName
    country: str = Field(pattern=r"^[A-Z]{2}$")
    public_key: str = Field(min_length=40, max_length=64, description="Ed25519, base64")
    base_url: str | None = Field(None, max_length=500, pattern=r"^https?://")
    credential: str | None = Field(None, max_length=4000, description="never shown again")
    issue_token: bool = False


class AgreementIn(Strict):
    """An agreement document (the JSON form of an agreement file)."""

    id: str | None = Field(None, max_length=36)
    partner: PartnerName
    kinds: list[str] = Field(min_length=1, max_length=4)
    max_marking: str = Field(max_length=24)
    purposes: list[str] = Field(default_factory=list, max_length=32)
    withheld: list[str] = Field(default_factory=list, max_length=32)
    coarsen: dict[str, str] = Field(default_factory=dict, max_length=4)
    allow_victim_contacts: bool = False
    matching: list[str] = Field(default_factory=list, max_length=2)
    alerts: bool = False
    valid_from: str | None = Field(None, max_length=40)
    expires_at: str | None = Field(None, max_length=40)
    active: bool = True
    notes: str | None = Field(None, max_length=2000)


@router.get("/node", response_model=NodeInfoOut)
def node_info(request: Request, principal: SharingRead) -> dict[str, Any]:
    """This node's name, country, key id and public key (what a partner registers)."""
    from crossline.share.identity import load_identity

    ident = load_identity(get_node(request).settings)
    return {
        "name": ident.name,
        "country": ident.country,
        "key_id": ident.key_id,
        "public_key": ident.public_key,
    }


@router.get("/partners", response_model=list[PartnerListed])
def partners(request: Request, principal: SharingRead) -> list[dict[str, Any]]:
    """Registered partners (never their credentials) and the agreement in force."""
    from crossline.share.agreements import get_agreement
    from crossline.share.partners import list_partners

    store = get_node(request).store
    out = []
    for p in list_partners(store):
        a = get_agreement(store, p.name)
        out.append({**p.public_dict(), "agreement": a.to_dict() if a else None})
    return out


@router.post("/partners", status_code=201, response_model=PartnerAdded)
def add_partner(body: PartnerIn, request: Request, principal: NodeAdmin) -> dict[str, Any]:
    """Register a partner with its organisation; ``issue_token`` returns its token once."""
    entry = partners_case.PartnerEntry(
        body.name, body.country, body.public_key, body.base_url, body.credential
    )
    done = partners_case.register(
        get_node(request), acting(request, principal), entry, issue_token=body.issue_token
    )
    return done.to_dict()


@router.get("/agreements", response_model=list[AgreementListed])
def agreements(
    request: Request,
    principal: SharingRead,
    partner: str | None = Query(None, max_length=64),
) -> list[dict[str, Any]]:
    """Every stored agreement (in force or not)."""
    from crossline.share.agreements import list_agreements

    return [
        {**a.to_dict(), "in_force": a.in_force()}
        for a in list_agreements(get_node(request).store, partner=partner)
    ]


@router.put("/agreements", status_code=200, response_model=AgreementOut)
def set_agreement(body: AgreementIn, request: Request, principal: HomeSharing) -> dict[str, Any]:
    """Store an agreement (replacing the one with the same id)."""
    from crossline.share.agreements import agreement_from_dict, save_agreement

    doc = body.model_dump(exclude_none=True)
    try:
        saved = save_agreement(get_node(request).store, agreement_from_dict(doc))
    except SharingError as exc:  # the partner is not registered
        raise ValidationError(exc.message, field="partner", **exc.context) from None
    audit(request, principal, "change", "agreement", saved.id, partner=saved.partner)
    return saved.to_dict()


@router.get("/agreements/{partner}", response_model=AgreementOut)
def agreement(partner: str, request: Request, principal: SharingRead) -> dict[str, Any]:
    """The agreement in force for ``partner`` (404 when none is)."""
    from crossline.share.agreements import get_agreement

    found = get_agreement(get_node(request).store, partner)
    if found is None:
        raise NotFoundError(f"no agreement in force for partner {partner!r}", partner=partner)
    return found.to_dict()


@router.get("/preview", response_model=list[PreviewOut])
def preview(
    request: Request,
    principal: SharingRead,
    partner: str | None = Query(None, max_length=64),
    sample: int = Query(3, ge=0, le=50),
) -> list[dict[str, Any]]:
    """Who would receive what now: per partner and kind, counts by marking and samples."""
    from crossline.share.preview import preview as run

    items = run(get_node(request).store, partner=partner, sample=sample)
    audit(request, principal, "read", "share_preview", partner)
    return items
