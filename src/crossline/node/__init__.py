"""The running node as an object: store, settings, accounts, sessions, permissions,
audit, background jobs and its outbound side (how it reaches other machines). No HTTP
serving here: the faces (CLI, API, web) hold a ``Node``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from crossline.config import Settings
from crossline.net.outbound import Outbound
from crossline.node.audit import AuditLog
from crossline.node.auth import Accounts
from crossline.node.jobs import ImportJobs
from crossline.node.security import LoginLimiter
from crossline.store.repository import Store

if TYPE_CHECKING:
    from crossline.evidence.items import Evidence
    from crossline.money.outbox import FreezeWorker
    from crossline.money.registry import TokenBucket
    from crossline.money.risk_index import RiskIndex
    from crossline.share.partner_cache import PartnerCache
    from crossline.share.sync_worker import SyncWorker
    from crossline.share.webhooks import DeliveryWorker


@dataclass
class Node:
    """Everything a request needs from the running node.

    The background workers are set while the app runs (its lifespan) and are None
    outside it; the caches are built on first use and live as long as the node.
    """

    settings: Settings
    store: Store
    accounts: Accounts
    audit: AuditLog
    limiter: LoginLimiter
    jobs: ImportJobs
    max_upload_bytes: int = 512 * 1024 * 1024
    # How the node reaches other machines (egress guard, transport): see crossline.net.
    outbound: Outbound = field(default_factory=Outbound)
    # Background workers (alerts and webhooks, freeze requests, partner sync).
    deliveries: DeliveryWorker | None = None
    freezes: FreezeWorker | None = None
    sync: SyncWorker | None = None
    # Built on first use.
    evidence: Evidence | None = None
    registry_limiter: TokenBucket | None = None
    # The suspect registry's answers in memory, kept in step through the database.
    risk_index: RiskIndex | None = None
    # The registered partners, for the partner check of every token not the home agency's.
    partners: PartnerCache | None = None
    # The PSI responder's per-partner secrets (see ``crossline.share.match_serve``).
    psi_cache: dict[str, Any] = field(default_factory=dict)
