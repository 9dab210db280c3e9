"""What the casework routes take and answer: notes, state, tags, activity, decisions."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from crossline.api.models import Open, Strict

# -- requests ---------------------------------------------------------------------------------


class NoteIn(Strict):
    body: str = Field(..., min_length=1, max_length=10_000, description="@username mentions")


class AssignIn(Strict):
    assignee: str | None = Field(None, max_length=64, description="a username; null unassigns")


class StatusIn(Strict):
    status: str = Field(..., max_length=32, description="open, under_investigation, ...")


class TagIn(Strict):
    tag: str = Field(..., min_length=1, max_length=48)


class RenameIn(Strict):
    display_name: str | None = Field(None, max_length=200, description='"" clears it')
    label: str | None = Field(None, max_length=48, description='a scam type; "" clears it')


class MergeIn(Strict):
    campaigns: list[str] = Field(
        ..., min_length=1, max_length=50, description="merged with this one (ids or prefixes)"
    )
    reason: str = Field(..., min_length=3, max_length=2000)


class SplitIn(Strict):
    report_ids: list[str] = Field(
        ..., min_length=1, max_length=10_000, description="reports moved to a campaign of their own"
    )
    reason: str = Field(..., min_length=3, max_length=2000)


# -- answers ----------------------------------------------------------------------------------


class NoteOut(Open):
    id: str
    subject_kind: str
    subject_id: str
    campaign_id: str | None
    author: str
    body: str
    mentions: list[str]
    created_at: str | None


class NotesPage(Open):
    subject_kind: str
    subject_id: str
    total: int
    limit: int
    offset: int
    items: list[NoteOut]


class CaseStateOut(Open):
    campaign_id: str
    status: str
    allowed: list[str]
    assignee: str | None
    display_name: str | None
    label: str | None
    updated_at: str | None
    updated_by: str | None
    tags: list[str]


class TagsOut(Open):
    subject_kind: str
    subject_id: str
    tags: list[str]
    changed: bool


class ActivityItem(Open):
    id: str
    kind: str
    actor: str | None
    at: str | None
    campaign_id: str | None
    detail: dict[str, Any]


class ActivityPage(Open):
    campaign_id: str
    total: int
    limit: int
    offset: int
    items: list[ActivityItem]


class DecisionOut(Open):
    decision_id: str
    kind: str
    reason: str
    actor: str
    at: str
    into: str | list[str]
