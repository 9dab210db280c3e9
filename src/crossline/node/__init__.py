"""The running node as an object: store, settings, accounts, sessions, permissions,
audit, background jobs and its outbound side (how it reaches other machines). No HTTP
serving here: the faces (CLI, API, web) hold a ``Node``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crossline.config import Settings
from crossline.net.outbound import Outbound
from crossline.node.audit import AuditLog
from crossline.node.auth import Accounts
from crossline.node.security import LoginLimiter
from crossline.store.repository import Store


@dataclass
class Node:
    """Everything a request needs from the running node."""

    settings: Settings
    store: Store
    accounts: Accounts
    audit: AuditLog
    limiter: LoginLimiter
    jobs: Any  # crossline.node.jobs.ImportJobs (import cycle avoided)
    max_upload_bytes: int = 512 * 1024 * 1024
    # How the node reaches other machines (egress guard, transport): see crossline.net.
    outbound: Outbound = field(default_factory=Outbound)
    extra: dict[str, Any] = field(default_factory=dict)
