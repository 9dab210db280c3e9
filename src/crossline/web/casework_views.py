"""Casework on the campaign and report pages: the forms' targets (notes, assignment,
status, tags, name and label, merge, split) and the campaign's activity page.

Each form posts here with the session's CSRF token, calls one use case of
:mod:`crossline.services.casework` as the logged-in user and returns to the page.
Fields default to "" so that the permission and CSRF checks answer before the form's
content is judged (the use case names a missing or wrong field).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from crossline.http.deps import audit, client_ip, get_node
from crossline.node import Node
from crossline.node.auth import Principal
from crossline.node.scope import check_home
from crossline.node.security import CASES_READ, CASES_WRITE
from crossline.services import casework as cs
from crossline.services import casework_links as links
from crossline.web.page import csrf_field, form_principal, page_principal, pager, render

router = APIRouter(include_in_schema=False)
FEED_PAGE = 25


# A Form() object per parameter: FastAPI keeps the parameter's name on it.
def _text(alias: str | None = None) -> Any:
    return Form("", max_length=10_000, alias=alias)


def _short(alias: str | None = None) -> Any:
    return Form("", max_length=200, alias=alias)


IDS = re.compile(r"[0-9a-fA-F-]{6,36}")


def _writer(request: Request, csrf_token: str) -> Principal:
    return form_principal(request, csrf_token, CASES_READ, CASES_WRITE)


def _decider(request: Request, csrf_token: str) -> Principal:
    """A writer of the home organisation: only it merges or splits the node's campaigns."""
    principal = _writer(request, csrf_token)
    check_home(principal, "merge or split the node's campaigns")
    return principal


def _back(cid: str, anchor: str = "casework", subject: str = "campaign") -> Response:
    return RedirectResponse(f"/{subject}s/{cid}#{anchor}", status_code=303)


def _subject_routes(subject: str, name_prefix: str, tag_anchor: str) -> None:
    """The note and tag forms of ``subject`` (campaign or report): the same casework on
    either, back to the subject's page (a tag change to ``tag_anchor`` there)."""

    def _subject_id() -> Any:  # the path names it campaign_id or report_id
        return Path(alias=f"{subject}_id")

    def note(
        request: Request,
        subject_id: str = _subject_id(),
        body: str = _text(),
        csrf_token: str = csrf_field(),
    ) -> Response:
        principal = _writer(request, csrf_token)
        out = cs.add_note(get_node(request), principal, subject, subject_id, body,
                          ip=client_ip(request))  # fmt: skip
        return _back(out["subject_id"], "notes", subject)

    def tag(
        request: Request, subject_id: str = _subject_id(), tag: str = _short(),
        remove: str = Form("", max_length=8), csrf_token: str = csrf_field(),
    ) -> Response:  # fmt: skip
        principal = _writer(request, csrf_token)
        out = cs.tag(get_node(request), principal, subject, subject_id, tag, remove=bool(remove),
                     ip=client_ip(request))  # fmt: skip
        return _back(out["subject_id"], tag_anchor, subject)

    base = f"/{subject}s/{{{subject}_id}}"
    router.add_api_route(f"{base}/notes", note, methods=["POST"], name=f"{name_prefix}note")
    router.add_api_route(f"{base}/tags", tag, methods=["POST"], name=f"{name_prefix}tag")


def _field_route(name: str, field: str, change: Callable[..., dict[str, Any]]) -> None:
    """A campaign form of one field (``field``) that ``change`` applies, as
    ``change(node, principal, campaign_id, value, ip=...)``; back to the casework."""

    def handler(
        request: Request,
        campaign_id: str,
        value: str = _short(field),
        csrf_token: str = csrf_field(),
    ) -> Response:
        principal = _writer(request, csrf_token)
        out = change(get_node(request), principal, campaign_id, value, ip=client_ip(request))
        return _back(out["campaign_id"])

    handler.__name__ = name
    router.add_api_route(f"/campaigns/{{campaign_id}}/{name}", handler, methods=["POST"], name=name)


_subject_routes("campaign", "", "casework")
_subject_routes("report", "report_", "notes")
_field_route("assign", "assignee", cs.assign)
_field_route("status", "status", cs.set_status)


@router.post("/campaigns/{campaign_id}/rename")
def rename(
    request: Request, campaign_id: str, display_name: str = _short(), label: str = _short(),
    csrf_token: str = csrf_field(),
) -> Response:  # fmt: skip
    principal = _writer(request, csrf_token)
    naming = cs.Naming(display_name=display_name, label=label)
    out = cs.rename(get_node(request), principal, campaign_id, naming,
                    ip=client_ip(request))  # fmt: skip
    return _back(out["campaign_id"])


def _merge(node: Node, principal: Principal, cid: str, named: str, reason: str, ip: str) -> str:
    """Merge the campaigns ``named`` (ids or prefixes) into ``cid``; the one they became."""
    return links.merge(node, principal, [cid, *IDS.findall(named)], reason, ip=ip)["into"]


def _split(node: Node, principal: Principal, cid: str, named: str, reason: str, ip: str) -> str:
    """Take the reports ``named`` (one per line) out of ``cid``; the campaign to show:
    ``cid`` if it stays, else the first that came out of it."""
    out = links.split(node, principal, cid, named.split(), reason, ip=ip)
    return out["campaign"] if out["campaign"] in out["into"] else out["into"][0]


def _decision_route(name: str, field: str, decide: Callable[..., str]) -> None:
    """An analyst's decision on a campaign (merge, split): what it names (``field``) and
    why; ``decide`` applies it and answers the campaign whose activity to show."""

    def handler(
        request: Request, campaign_id: str, named: str = _text(field), reason: str = _text(),
        csrf_token: str = csrf_field(),
    ) -> Response:  # fmt: skip
        principal = _decider(request, csrf_token)
        node = get_node(request)
        return _back(decide(node, principal, campaign_id, named, reason, client_ip(request)),
                     "activity")  # fmt: skip

    handler.__name__ = name
    router.add_api_route(f"/campaigns/{{campaign_id}}/{name}", handler, methods=["POST"], name=name)


_decision_route("merge", "campaigns", _merge)
_decision_route("split", "report_ids", _split)


@router.get("/campaigns/{campaign_id}/activity")
def activity(
    request: Request, campaign_id: str, page: int = Query(1, ge=1, le=100_000)
) -> Response:
    principal = page_principal(request, CASES_READ)
    feed = cs.activity(get_node(request), principal, campaign_id, limit=FEED_PAGE,
                       offset=(page - 1) * FEED_PAGE)  # fmt: skip
    audit(request, principal, "read", "campaign", feed["campaign_id"], what="activity")
    return render(request, "activity.html", principal, feed=feed,
                  **pager(page, FEED_PAGE, feed["total"]))  # fmt: skip
