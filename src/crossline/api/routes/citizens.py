"""Reports from the public, for analysts: the moderation queue and its decisions.

A public report counts in the citizens' check and links campaigns only once an
analyst confirms it (or an independent source reported the same value); a rejected
one never counts. Reading needs ``reports:read``, deciding ``reports:write``; both are
for the home organisation only (public reports may carry the reporter's contact).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from crossline.api.models import ERRORS, Open
from crossline.http.deps import ReportsRead, ReportsWrite, audit, get_node
from crossline.node.auth import Principal
from crossline.node.scope import check_home
from crossline.services import citizens

router = APIRouter(prefix="/api/v1", responses=ERRORS, tags=["citizens"])
Reference = Annotated[str, Path(pattern=r"^CR-[A-Z2-7]{5}-[A-Z2-7]{5}$", description="reference")]
Status = Literal["pending", "corroborated", "confirmed", "rejected", "all"]


class CitizenReportOut(Open):
    """One report from the public: its reference, moderation state and what it said."""

    reference: str
    status: str


class CitizenQueueOut(Open):
    """Reports from the public, newest first."""

    items: list[CitizenReportOut]


def _home_reader(principal: ReportsRead) -> Principal:
    check_home(principal, "read reports from the public")
    return principal


def _home_moderator(principal: ReportsWrite) -> Principal:
    check_home(principal, "moderate reports from the public")
    return principal


# Checked before the body is read: a caller who may not moderate learns nothing from 422s.
HomeReader = Annotated[Principal, Depends(_home_reader)]
HomeModerator = Annotated[Principal, Depends(_home_moderator)]


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Literal["confirm", "reject"]
    note: str | None = Field(None, max_length=2000)


@router.get("/citizen-reports", response_model=CitizenQueueOut)
def queue(
    request: Request,
    principal: HomeReader,
    status: Status = "pending",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Reports sent by the public, newest first, with their reference numbers."""
    items = citizens.moderation_queue(
        get_node(request).store, status=None if status == "all" else status, limit=limit
    )
    audit(request, principal, "read", "citizen_reports", None, status=status, count=len(items))
    return {"items": items}


@router.get("/citizen-reports/{reference}", response_model=CitizenReportOut)
def one(reference: Reference, request: Request, principal: HomeReader) -> dict[str, Any]:
    item = citizens.citizen_report(get_node(request).store, reference)
    audit(request, principal, "read", "citizen_report", reference)
    return item


@router.post("/citizen-reports/{reference}/decision", response_model=CitizenReportOut)
def decide(
    reference: Reference, body: DecisionIn, request: Request, principal: HomeModerator
) -> dict[str, Any]:
    """Confirm (the report counts and links) or reject (it never counts)."""
    item = citizens.decide(
        get_node(request).store,
        reference,
        body.decision,
        by=principal.actor,
        note=body.note,
    )
    audit(request, principal, "update", "citizen_report", reference, decision=body.decision)
    return item
