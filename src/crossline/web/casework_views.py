"""Casework on the campaign and report pages: the forms' targets (notes, assignment,
status, tags, name and label, merge, split) and the campaign's activity page.

Each form posts here with the session's CSRF token, calls one use case of
:mod:`crossline.services.casework` as the logged-in user and returns to the page.
Fields default to "" so that the permission and CSRF checks answer before the form's
content is judged (the use case names a missing or wrong field).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from crossline.http.deps import audit, check_csrf, client_ip, get_node
from crossline.node.auth import Principal
from crossline.node.scope import check_home
from crossline.node.security import CASES_READ, CASES_WRITE
from crossline.services import casework as cs
from crossline.services import casework_links as links
from crossline.web.views import page_principal, render

router = APIRouter(include_in_schema=False)
FEED_PAGE = 25


# A Form() object per parameter: FastAPI keeps the parameter's name on it.
def _text() -> Any:
    return Form("", max_length=10_000)


def _short() -> Any:
    return Form("", max_length=200)


def _csrf() -> Any:
    return Form("", max_length=128)


IDS = re.compile(r"[0-9a-fA-F-]{6,36}")


def _writer(request: Request, csrf_token: str) -> Principal:
    principal = page_principal(request, CASES_READ, CASES_WRITE)
    check_csrf(request, principal, csrf_token)
    return principal


def _back(cid: str, anchor: str = "casework") -> Response:
    return RedirectResponse(f"/campaigns/{cid}#{anchor}", status_code=303)


@router.post("/campaigns/{campaign_id}/notes")
def note(
    request: Request, campaign_id: str, body: str = _text(), csrf_token: str = _csrf()
) -> Response:
    principal = _writer(request, csrf_token)
    out = cs.add_note(get_node(request), principal, "campaign", campaign_id, body,
                      ip=client_ip(request))  # fmt: skip
    return _back(out["subject_id"], "notes")


@router.post("/campaigns/{campaign_id}/assign")
def assign(
    request: Request, campaign_id: str, assignee: str = _short(), csrf_token: str = _csrf()
) -> Response:
    principal = _writer(request, csrf_token)
    out = cs.assign(get_node(request), principal, campaign_id, assignee, ip=client_ip(request))
    return _back(out["campaign_id"])


@router.post("/campaigns/{campaign_id}/status")
def status(
    request: Request, campaign_id: str, status: str = _short(), csrf_token: str = _csrf()
) -> Response:
    principal = _writer(request, csrf_token)
    out = cs.set_status(get_node(request), principal, campaign_id, status, ip=client_ip(request))
    return _back(out["campaign_id"])


@router.post("/campaigns/{campaign_id}/rename")
def rename(
    request: Request, campaign_id: str, display_name: str = _short(), label: str = _short(),
    csrf_token: str = _csrf(),
) -> Response:  # fmt: skip
    principal = _writer(request, csrf_token)
    out = cs.rename(get_node(request), principal, campaign_id, display_name=display_name,
                    label=label, ip=client_ip(request))  # fmt: skip
    return _back(out["campaign_id"])


@router.post("/campaigns/{campaign_id}/tags")
def tag(
    request: Request, campaign_id: str, tag: str = _short(), remove: str = Form("", max_length=8),
    csrf_token: str = _csrf(),
) -> Response:  # fmt: skip
    principal = _writer(request, csrf_token)
    out = cs.tag(get_node(request), principal, "campaign", campaign_id, tag,
                 remove=bool(remove), ip=client_ip(request))  # fmt: skip
    return _back(out["subject_id"])


@router.post("/campaigns/{campaign_id}/merge")
def merge(
    request: Request, campaign_id: str, campaigns: str = _text(), reason: str = _text(),
    csrf_token: str = _csrf(),
) -> Response:  # fmt: skip
    principal = _writer(request, csrf_token)
    check_home(principal, "merge or split the node's campaigns")
    out = links.merge(get_node(request), principal, [campaign_id, *IDS.findall(campaigns)],
                      reason, ip=client_ip(request))  # fmt: skip
    return _back(out["into"], "activity")


@router.post("/campaigns/{campaign_id}/split")
def split(
    request: Request, campaign_id: str, report_ids: str = _text(), reason: str = _text(),
    csrf_token: str = _csrf(),
) -> Response:  # fmt: skip
    principal = _writer(request, csrf_token)
    check_home(principal, "merge or split the node's campaigns")
    out = links.split(get_node(request), principal, campaign_id, report_ids.split(), reason,
                      ip=client_ip(request))  # fmt: skip
    stays = out["campaign"] if out["campaign"] in out["into"] else out["into"][0]
    return _back(stays, "activity")


@router.get("/campaigns/{campaign_id}/activity")
def activity(
    request: Request, campaign_id: str, page: int = Query(1, ge=1, le=100_000)
) -> Response:
    principal = page_principal(request, CASES_READ)
    feed = cs.activity(get_node(request), principal, campaign_id, limit=FEED_PAGE,
                       offset=(page - 1) * FEED_PAGE)  # fmt: skip
    audit(request, principal, "read", "campaign", feed["campaign_id"], what="activity")
    pages = max(1, -(-feed["total"] // FEED_PAGE))
    return render(request, "activity.html", principal, feed=feed, page=page, pages=pages)


@router.post("/reports/{report_id}/notes")
def report_note(
    request: Request, report_id: str, body: str = _text(), csrf_token: str = _csrf()
) -> Response:
    principal = _writer(request, csrf_token)
    out = cs.add_note(get_node(request), principal, "report", report_id, body,
                      ip=client_ip(request))  # fmt: skip
    return RedirectResponse(f"/reports/{out['subject_id']}#notes", status_code=303)


@router.post("/reports/{report_id}/tags")
def report_tag(
    request: Request, report_id: str, tag: str = _short(), remove: str = Form("", max_length=8),
    csrf_token: str = _csrf(),
) -> Response:  # fmt: skip
    principal = _writer(request, csrf_token)
    out = cs.tag(get_node(request), principal, "report", report_id, tag, remove=bool(remove),
                 ip=client_ip(request))  # fmt: skip
    return RedirectResponse(f"/reports/{out['subject_id']}#notes", status_code=303)
