"""What the account routes answer: organisations, users, tokens, the audit log."""

from __future__ import annotations

from typing import Any

from crossline.api.models import Open


class OrgOut(Open):
    id: str
    name: str
    country: str | None
    is_home: bool
    created_at: str | None


class UserOut(Open):
    id: str
    username: str
    display_name: str | None
    org_id: str
    org_name: str | None
    role: str
    active: bool
    created_at: str | None
    last_login_at: str | None


class TokenOut(Open):
    """A token's record; the secret itself is shown once, when it is created."""

    id: str
    name: str
    prefix: str
    org_id: str
    org_name: str | None
    role: str
    scopes: list[str]
    created_at: str | None
    expires_at: str | None
    last_used_at: str | None
    revoked_at: str | None
    active: bool


class AuditEntry(Open):
    seq: int
    at: str
    actor: str | None
    action: str
    target: str | None
    target_id: str | None
    outcome: str | None
    detail: dict[str, Any] | None
    prev_hash: str | None
    hash: str


class AuditPage(Open):
    items: list[AuditEntry]


class AuditVerifyOut(Open):
    entries: int
    intact: bool
    first_broken_seq: int | None


class OrgShareOut(Open):
    """One record shared with another organisation on this node."""

    kind: str
    id: str
    org_id: str
    shared: bool
    new: bool
