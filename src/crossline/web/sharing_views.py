"""The sharing page: this node's identity, partners, agreements and the preview of
who would receive what (admins and analysts: permission ``sharing``); and the partner
pages of the home organisation's admins: register a partner node, see its agreement
and, field by field, what it would receive."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from crossline.errors import CrosslineError, ValidationError
from crossline.http.deps import acting, audit, check_csrf, get_node
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.node.security import ADMIN, SHARING
from crossline.services import partners as partners_case
from crossline.services.sharing_overview import sharing_overview
from crossline.web.forms import Fields, form_fields
from crossline.web.page import page_principal, render

router = APIRouter(include_in_schema=False)
PARTNER_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@router.get("/sharing")
def sharing(
    request: Request,
    partner: str | None = Query(None, max_length=64),
    sample: int = Query(3, ge=0, le=20),
) -> Response:
    principal = page_principal(request, SHARING)
    shown = sharing_overview(get_node(request), partner=partner, sample=sample)
    audit(request, principal, "read", "share_preview", partner)
    return render(request, "sharing.html", principal, **shown, selected=partner)


# -- partner nodes (the home organisation's admins) ---------------------------------------------


def _node_admin(request: Request) -> Principal:
    principal = page_principal(request, ADMIN, SHARING)
    scope.check_node_admin(principal, "manage partner nodes")
    return principal


def _partners_page(request: Request, principal: Principal, *, code: int = 200,
                   **extra: Any) -> Response:  # fmt: skip
    from crossline.share.agreements import get_agreement
    from crossline.share.partners import list_partners

    store = get_node(request).store
    rows = [
        {**p.public_dict(), "agreement": get_agreement(store, p.name)} for p in list_partners(store)
    ]
    context = {"error": None, "added": None, "form": {}, **extra}
    return render(request, "partners.html", principal, status_code=code, partners=rows, **context)


@router.get("/sharing/partners")
def partners_page(request: Request) -> Response:
    principal = _node_admin(request)
    audit(request, principal, "read", "partner", None, via="web")
    return _partners_page(request, principal)


PARTNER_FIELDS = form_fields(name=64, country=64, public_key=64, base_url=500, issue_token=8)


@router.post("/sharing/partners")
def register_partner(request: Request, form: Fields = PARTNER_FIELDS) -> Response:
    principal = _node_admin(request)
    check_csrf(request, principal, form.csrf_token)
    try:
        if not PARTNER_NAME.match(form.name):
            raise ValidationError(
                f"partner name {form.name!r}: expected 2-64 lower-case letters, digits, '.', '_' "
                "or '-', starting with a letter or digit", field="name",
            )  # fmt: skip
        if not re.fullmatch(r"[A-Z]{2}", form.country.upper()):
            raise ValidationError("country: expected a two-letter code (IN, US …)",
                                  field="country")  # fmt: skip
        if form.base_url and not form.base_url.startswith(("https://", "http://")):
            raise ValidationError("address: expected an http(s):// URL", field="base_url")
        entry = partners_case.PartnerEntry(
            form.name, form.country.upper(), form.public_key.strip(), form.base_url or None
        )
        done = partners_case.register(get_node(request), acting(request, principal), entry,
                                      issue_token=form.issue_token == "yes")  # fmt: skip
    except CrosslineError as exc:
        return _partners_page(request, principal, code=422, error=exc.message, form=form)
    return _partners_page(request, principal, added=done.to_dict())


@router.get("/sharing/partners/{partner}")
def partner_page(request: Request, partner: str, sample: int = Query(3, ge=1, le=20)) -> Response:
    principal = _node_admin(request)
    view = partners_case.partner_view(get_node(request), partner[:64], sample=sample)
    audit(request, principal, "read", "share_preview", partner[:64], via="web")
    return render(request, "partner.html", principal, v=view, sample=sample)
