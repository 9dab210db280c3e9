"""What the money routes answer: transfer imports, trails, mules, freeze requests and
the registry check banks call."""

from __future__ import annotations

from typing import Any

from crossline.api.models import Open


class TransferImportOut(Open):
    """The reconciliation of one trail import: rows_read = stored + duplicates + quarantined."""

    import_id: str
    rows_read: int
    stored: int
    duplicates: int
    quarantined: int
    freeze_requests: int
    reconciles: bool


class TraceOut(Open):
    """A complaint's money trail: layered accounts (nodes) and transfers (edges)."""

    ref: str
    report_id: str | None
    stats: dict[str, Any]
    seeds: list[dict[str, Any]]
    currency: str | None
    totals: dict[str, Any]
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


class MulesOut(Open):
    items: list[dict[str, Any]]


class FreezeRequestOut(Open):
    id: str
    report_id: str
    account: str
    amount: str
    status: str
    created_at: str | None
    sent_at: str | None
    acked_at: str | None


class FreezeRequestsOut(Open):
    """A page of freeze requests, the total matching and the count in each state."""

    items: list[FreezeRequestOut]
    total: int
    by_status: dict[str, int]
    limit: int
    offset: int
    latency: dict[str, Any]


class RegistryOut(Open):
    """What the node knows of an account, handle or number, and how risky it looks."""

    query: str
    kind: str | None
    matched: list[dict[str, Any]]
    risk: str
    reasons: list[Any]
    report_count: int
    campaign_count: int
    first_seen: str | None
    last_seen: str | None
    mule_score: float | None
    freeze_requests: Any
