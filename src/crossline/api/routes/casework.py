"""Casework on campaigns and reports: notes, assignment, status, tags, name and label,
merge and split, the activity feed. Thin: each route calls one use case of
:mod:`crossline.services.casework` (or ``casework_links``) as the caller.

Casework belongs to the caller's organisation; merges and splits change the node's
campaigns, so only analysts of the home organisation make them.
"""

from __future__ import annotations

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

CampaignRef = Annotated[
    str, Path(pattern=CAMPAIGN_REF, description="campaign id, or an unambiguous prefix (6+)")
]
ReportRef = Annotated[str, Path(max_length=64, description="report id")]
TagRef = Annotated[str, Path(max_length=48)]
LIMIT = Query(50, ge=1, le=200)
OFFSET = Query(0, ge=0, le=1_000_000)


def _home_writer(principal: CasesWrite) -> Principal:
    # Checked before the body is read: another organisation learns nothing from a 422.
    check_home(principal, "merge or split the node's campaigns")
    return principal


HomeWriter = Annotated[Principal, Depends(_home_writer)]


# -- campaigns ----------------------------------------------------------------------------


@router.get("/campaigns/{campaign_id}/casework", response_model=CaseStateOut)
def campaign_casework(campaign_id: CampaignRef, request: Request, principal: CasesRead) -> Any:
    """The organisation's status, assignee, name, label and tags of a campaign."""
    out = cs.case_state(get_node(request), principal, campaign_id)
    audit(request, principal, "read", "campaign", out["campaign_id"], what="casework")
    return out


@router.get("/campaigns/{campaign_id}/notes", response_model=NotesPage)
def campaign_notes(
    campaign_id: CampaignRef, request: Request, principal: CasesRead,
    limit: int = LIMIT, offset: int = OFFSET,
) -> Any:  # fmt: skip
    """The organisation's notes on a campaign, newest first."""
    out = cs.list_notes(get_node(request), principal, "campaign", campaign_id,
                        limit=limit, offset=offset)  # fmt: skip
    audit(request, principal, "read", "campaign", out["subject_id"], what="notes")
    return out


@router.post("/campaigns/{campaign_id}/notes", status_code=201, response_model=NoteOut)
def add_campaign_note(
    campaign_id: CampaignRef, body: NoteIn, request: Request, principal: CasesWrite
) -> Any:
    """Add a note; ``@username`` mentions alert users of the same organisation."""
    return cs.add_note(get_node(request), principal, "campaign", campaign_id, body.body,
                       ip=client_ip(request))  # fmt: skip


@router.post("/campaigns/{campaign_id}/assign", response_model=CaseStateOut)
def assign_campaign(
    campaign_id: CampaignRef, body: AssignIn, request: Request, principal: CasesWrite
) -> Any:
    """Assign the campaign to a user of the organisation (null unassigns)."""
    return cs.assign(get_node(request), principal, campaign_id, body.assignee,
                     ip=client_ip(request))  # fmt: skip


@router.post("/campaigns/{campaign_id}/status", response_model=CaseStateOut)
def campaign_status(
    campaign_id: CampaignRef, body: StatusIn, request: Request, principal: CasesWrite
) -> Any:
    """Move the campaign along open -> under_investigation -> referred -> closed (and
    reopen); another move answers 409 naming the allowed ones."""
    return cs.set_status(get_node(request), principal, campaign_id, body.status,
                         ip=client_ip(request))  # fmt: skip


@router.post("/campaigns/{campaign_id}/rename", response_model=CaseStateOut)
def rename_campaign(
    campaign_id: CampaignRef, body: RenameIn, request: Request, principal: CasesWrite
) -> Any:
    """Set the campaign's display name and/or label (a scam type of the taxonomy)."""
    return cs.rename(get_node(request), principal, campaign_id, display_name=body.display_name,
                     label=body.label, ip=client_ip(request))  # fmt: skip


@router.get("/campaigns/{campaign_id}/tags", response_model=TagsOut)
def campaign_tags(campaign_id: CampaignRef, request: Request, principal: CasesRead) -> Any:
    """The organisation's tags on a campaign."""
    return cs.list_tags(get_node(request), principal, "campaign", campaign_id)


@router.post("/campaigns/{campaign_id}/tags", response_model=TagsOut)
def tag_campaign(
    campaign_id: CampaignRef, body: TagIn, request: Request, principal: CasesWrite
) -> Any:
    """Tag a campaign."""
    return cs.tag(get_node(request), principal, "campaign", campaign_id, body.tag,
                  ip=client_ip(request))  # fmt: skip


@router.delete("/campaigns/{campaign_id}/tags/{tag}", response_model=TagsOut)
def untag_campaign(
    campaign_id: CampaignRef, tag: TagRef, request: Request, principal: CasesWrite
) -> Any:
    """Remove a tag from a campaign."""
    return cs.tag(get_node(request), principal, "campaign", campaign_id, tag, remove=True,
                  ip=client_ip(request))  # fmt: skip


@router.get("/campaigns/{campaign_id}/activity", response_model=ActivityPage)
def campaign_activity(
    campaign_id: CampaignRef, request: Request, principal: CasesRead,
    limit: int = LIMIT, offset: int = OFFSET,
) -> Any:  # fmt: skip
    """What happened to the campaign, newest first: casework, merges and splits, reports."""
    out = cs.activity(get_node(request), principal, campaign_id, limit=limit, offset=offset)
    audit(request, principal, "read", "campaign", out["campaign_id"], what="activity")
    return out


@router.post("/campaigns/{campaign_id}/merge", response_model=DecisionOut)
def merge_campaigns(
    campaign_id: CampaignRef, body: MergeIn, request: Request, principal: HomeWriter
) -> Any:
    """Merge other campaigns with this one (a reason is required; audited; kept by
    relinking). The merged campaign's id is the one holding the smallest report id."""
    return links.merge(get_node(request), principal, [campaign_id, *body.campaigns],
                       body.reason, ip=client_ip(request))  # fmt: skip


@router.post("/campaigns/{campaign_id}/split", response_model=DecisionOut)
def split_campaign(
    campaign_id: CampaignRef, body: SplitIn, request: Request, principal: HomeWriter
) -> Any:
    """Take reports out of the campaign into one of their own (reason required; audited;
    kept by relinking)."""
    return links.split(get_node(request), principal, campaign_id, body.report_ids,
                       body.reason, ip=client_ip(request))  # fmt: skip


# -- reports ----------------------------------------------------------------------------------


@router.get("/reports/{report_id}/notes", response_model=NotesPage)
def report_notes(
    report_id: ReportRef, request: Request, principal: CasesRead,
    limit: int = LIMIT, offset: int = OFFSET,
) -> Any:  # fmt: skip
    """The organisation's notes on a report, newest first."""
    out = cs.list_notes(get_node(request), principal, "report", report_id,
                        limit=limit, offset=offset)  # fmt: skip
    audit(request, principal, "read", "report", out["subject_id"], what="notes")
    return out


@router.post("/reports/{report_id}/notes", status_code=201, response_model=NoteOut)
def add_report_note(
    report_id: ReportRef, body: NoteIn, request: Request, principal: CasesWrite
) -> Any:
    """Add a note on a report; ``@username`` mentions alert users of the organisation."""
    return cs.add_note(get_node(request), principal, "report", report_id, body.body,
                       ip=client_ip(request))  # fmt: skip


@router.get("/reports/{report_id}/tags", response_model=TagsOut)
def report_tags(report_id: ReportRef, request: Request, principal: CasesRead) -> Any:
    """The organisation's tags on a report."""
    return cs.list_tags(get_node(request), principal, "report", report_id)


@router.post("/reports/{report_id}/tags", response_model=TagsOut)
def tag_report(report_id: ReportRef, body: TagIn, request: Request, principal: CasesWrite) -> Any:
    """Tag a report."""
    return cs.tag(get_node(request), principal, "report", report_id, body.tag,
                  ip=client_ip(request))  # fmt: skip


@router.delete("/reports/{report_id}/tags/{tag}", response_model=TagsOut)
def untag_report(report_id: ReportRef, tag: TagRef, request: Request, principal: CasesWrite) -> Any:
    """Remove a tag from a report."""
    return cs.tag(get_node(request), principal, "report", report_id, tag, remove=True,
                  ip=client_ip(request))  # fmt: skip
