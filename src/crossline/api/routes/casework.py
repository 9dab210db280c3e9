"""Casework on campaigns and reports: notes, assignment, status, tags, name and label,
merge and split, the activity feed. Thin: each route calls one use case of
:mod:`crossline.services.casework` (or ``casework_links``) as the caller.

Casework belongs to the caller's organisation; merges and splits change the node's
campaigns, so only analysts of the home organisation make them.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from crossline.api.models import CAMPAIGN_REF, ERRORS
from crossline.api.responses.casework import (
    ActivityPage,
    AssignIn,
    CaseStateOut,
    DecisionOut,
    MergeIn,
    NoteIn,
    NoteOut,
    NotesPage,
    RenameIn,
    SplitIn,
    StatusIn,
    TagIn,
    TagsOut,
)
from crossline.http.deps import CasesRead, CasesWrite, audit, client_ip, get_node
from crossline.node.auth import Principal
from crossline.node.scope import check_home
from crossline.services import casework as cs
from crossline.services import casework_links as links

router = APIRouter(prefix="/api/v1", tags=["casework"], responses=ERRORS)

# Aliased to the path's own name: the notes and tags handlers, shared by campaigns and
# reports, name their parameter ``subject_id``.
CampaignRef = Annotated[
    str,
    Path(alias="campaign_id", pattern=CAMPAIGN_REF,
         description="campaign id, or an unambiguous prefix (6+)"),
]  # fmt: skip
ReportRef = Annotated[str, Path(alias="report_id", max_length=64, description="report id")]
TagRef = Annotated[str, Path(max_length=48)]
LIMIT = Query(50, ge=1, le=200)
OFFSET = Query(0, ge=0, le=1_000_000)


def _home_writer(principal: CasesWrite) -> Principal:
    # Checked before the body is read: another organisation learns nothing from a 422.
    check_home(principal, "merge or split the node's campaigns")
    return principal


HomeWriter = Annotated[Principal, Depends(_home_writer)]


def _change(
    request: Request, principal: Principal, change: Callable[..., Any], *args: Any, **kw: Any
) -> Any:
    """Make one casework change on the node as the caller, from the caller's address (for
    the audit log)."""
    return change(get_node(request), principal, *args, ip=client_ip(request), **kw)


def _audited(
    request: Request,
    principal: Principal,
    kind: str,
    what: str,
    out: dict[str, Any],
    key: str = "campaign_id",
) -> dict[str, Any]:
    """``out``, once its reading is audited against the subject it names under ``key``
    (the full id a prefix resolved to)."""
    audit(request, principal, "read", kind, out[key], what=what)
    return out


# -- campaigns ----------------------------------------------------------------------------


@router.get("/campaigns/{campaign_id}/casework", response_model=CaseStateOut)
def campaign_casework(campaign_id: CampaignRef, request: Request, principal: CasesRead) -> Any:
    """The organisation's status, assignee, name, label and tags of a campaign."""
    return _audited(request, principal, "campaign", "casework",
                    cs.case_state(get_node(request), principal, campaign_id))  # fmt: skip


@router.post("/campaigns/{campaign_id}/assign", response_model=CaseStateOut)
def assign_campaign(
    campaign_id: CampaignRef, body: AssignIn, request: Request, principal: CasesWrite
) -> Any:
    """Assign the campaign to a user of the organisation (null unassigns)."""
    return _change(request, principal, cs.assign, campaign_id, body.assignee)


@router.post("/campaigns/{campaign_id}/status", response_model=CaseStateOut)
def campaign_status(
    campaign_id: CampaignRef, body: StatusIn, request: Request, principal: CasesWrite
) -> Any:
    """Move the campaign along open -> under_investigation -> referred -> closed (and
    reopen); another move answers 409 naming the allowed ones."""
    return _change(request, principal, cs.set_status, campaign_id, body.status)


@router.post("/campaigns/{campaign_id}/rename", response_model=CaseStateOut)
def rename_campaign(
    campaign_id: CampaignRef, body: RenameIn, request: Request, principal: CasesWrite
) -> Any:
    """Set the campaign's display name and/or label (a scam type of the taxonomy)."""
    naming = cs.Naming(display_name=body.display_name, label=body.label)
    return _change(request, principal, cs.rename, campaign_id, naming)


@router.get("/campaigns/{campaign_id}/activity", response_model=ActivityPage)
def campaign_activity(
    campaign_id: CampaignRef, request: Request, principal: CasesRead,
    limit: int = LIMIT, offset: int = OFFSET,
) -> Any:  # fmt: skip
    """What happened to the campaign, newest first: casework, merges and splits, reports."""
    out = cs.activity(get_node(request), principal, campaign_id, limit=limit, offset=offset)
    return _audited(request, principal, "campaign", "activity", out)


@router.post("/campaigns/{campaign_id}/merge", response_model=DecisionOut)
def merge_campaigns(
    campaign_id: CampaignRef, body: MergeIn, request: Request, principal: HomeWriter
) -> Any:
    """Merge other campaigns with this one (a reason is required; audited; kept by
    relinking). The merged campaign's id is the one holding the smallest report id."""
    return _change(request, principal, links.merge, [campaign_id, *body.campaigns], body.reason)


@router.post("/campaigns/{campaign_id}/split", response_model=DecisionOut)
def split_campaign(
    campaign_id: CampaignRef, body: SplitIn, request: Request, principal: HomeWriter
) -> Any:
    """Take reports out of the campaign into one of their own (reason required; audited;
    kept by relinking)."""
    return _change(request, principal, links.split, campaign_id, body.report_ids, body.reason)


# -- notes and tags: the same five routes on campaigns and on reports ------------------------


def add_subject_routes(router: APIRouter, kind: str, plural: str, ref: Any) -> None:
    """Register the notes and tags routes of one kind of subject on ``router``.

    ``ref`` is the ``Annotated`` type of the subject's path parameter, aliased to the
    path's own name (``campaign_id``, ``report_id``), so that each kind keeps its
    paths, validation and operation ids while one handler serves both.
    """
    base = f"/{plural}/{{{kind}_id}}"

    def notes(subject_id: ref, request: Request, principal: CasesRead,
              limit: int = LIMIT, offset: int = OFFSET) -> Any:  # fmt: skip
        out = cs.list_notes(get_node(request), principal, kind, subject_id,
                            limit=limit, offset=offset)  # fmt: skip
        return _audited(request, principal, kind, "notes", out, key="subject_id")

    def add_note(subject_id: ref, body: NoteIn, request: Request, principal: CasesWrite) -> Any:
        return _change(request, principal, cs.add_note, kind, subject_id, body.body)

    def tags(subject_id: ref, request: Request, principal: CasesRead) -> Any:
        return cs.list_tags(get_node(request), principal, kind, subject_id)

    def tag(subject_id: ref, body: TagIn, request: Request, principal: CasesWrite) -> Any:
        return _change(request, principal, cs.tag, kind, subject_id, body.tag)

    def untag(subject_id: ref, tag: TagRef, request: Request, principal: CasesWrite) -> Any:
        return _change(request, principal, cs.tag, kind, subject_id, tag, remove=True)

    # (method, path, handler, name, status (None: the default), response model, description)
    table: list[tuple[str, str, Callable[..., Any], str, int | None, type, str]] = [
        ("GET", "/notes", notes, f"{kind}_notes", None, NotesPage,
         f"The organisation's notes on a {kind}, newest first."),
        ("POST", "/notes", add_note, f"add_{kind}_note", 201, NoteOut,
         f"Add a note on a {kind}; ``@username`` mentions alert users of the organisation."),
        ("GET", "/tags", tags, f"{kind}_tags", None, TagsOut,
         f"The organisation's tags on a {kind}."),
        ("POST", "/tags", tag, f"tag_{kind}", None, TagsOut, f"Tag a {kind}."),
        ("DELETE", "/tags/{tag}", untag, f"untag_{kind}", None, TagsOut,
         f"Remove a tag from a {kind}."),
    ]  # fmt: skip
    for method, path, handler, name, status, model, doc in table:
        router.add_api_route(base + path, handler, methods=[method], name=name,
                             status_code=status, response_model=model, description=doc)  # fmt: skip


add_subject_routes(router, "campaign", "campaigns", CampaignRef)
add_subject_routes(router, "report", "reports", ReportRef)
