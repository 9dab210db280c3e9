"""What the evidence and legal-request routes answer."""

from __future__ import annotations

from typing import Any

from crossline.api.models import Open


class EvidenceItemOut(Open):
    """An exhibit: what it is, who acquired it, how, and its SHA-256."""

    id: str
    case_ref: str
    exhibit: str
    description: str
    acquired_at: str | None
    acquired_by: str
    filename: str
    sha256: str
    size_bytes: int
    created_at: str | None
    links: list[Any]


class EvidenceShown(EvidenceItemOut):
    custody: list[dict[str, Any]]


class EvidencePage(Open):
    items: list[EvidenceItemOut]
    limit: int
    offset: int


class CustodyOut(Open):
    case: str
    entries: list[dict[str, Any]]


class VerifyOut(Open):
    """A verification: ``ok`` and every problem found, named."""

    ok: bool
    problems: list[dict[str, Any]]


class LegalRequestOut(Open):
    id: str
    direction: str
    type: str
    type_label: str
    partner: str
    title: str
    status: str
    created_at: str | None


class LegalRequestShown(LegalRequestOut):
    history: list[dict[str, Any]]
    evidence: list[dict[str, Any]]


class LegalRequestPage(Open):
    items: list[LegalRequestOut]


class Received(Open):
    id: str
    status: str


class PackageImported(Open):
    """A received package stored here: its case, how many items were new, the custody
    entry that records the receipt."""

    case: str
    package: str
    items: int
    new_items: int
    custody_entries: int
    receive_seq: int
