"""The viewer's own settings: the time zone every date on the pages is shown in."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from crossline.errors import ValidationError
from crossline.http.deps import audit
from crossline.web import timefmt
from crossline.web.page import csrf_field, form_principal, page_principal, render

router = APIRouter(include_in_schema=False)


@router.get("/settings")
def settings_page(request: Request, saved: bool = False) -> Response:
    principal = page_principal(request)
    return render(
        request,
        "settings.html",
        principal,
        zones=timefmt.zone_names(),
        org_zone=timefmt.org_zone(principal),
        saved=saved,
    )


@router.post("/settings/time-zone")
def set_time_zone(
    request: Request,
    zone: str = Form("", max_length=64),
    csrf_token: str = csrf_field(),
) -> Response:
    principal = form_principal(request, csrf_token)
    name = timefmt.valid_zone(zone.strip())
    if name is None:
        raise ValidationError(
            f"unknown time zone {zone[:64]!r}: pick an IANA zone such as Asia/Kolkata",
            field="zone",
        )
    audit(request, principal, "change", "setting", "time_zone", zone=name)
    response = RedirectResponse("/settings?saved=true", status_code=303)
    timefmt.remember_zone(request, response, principal, name)
    return response
