"""The HTTP face of a node: ``create_app(settings)`` builds the REST API and the web app.

Everything the app needs (store, accounts, audit log, import worker) is built
here and hung on ``app.state.node``, so tests build a fresh app on a temporary
store and nothing lives in module globals.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

import httpx
from fastapi import FastAPI, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles

import crossline
from crossline.api import errors
from crossline.api.responses.ops import HealthOut
from crossline.api.routes import (
    accounts,
    alerts,
    casework,
    citizens,
    evidence,
    imports,
    intel,
    legal_requests,
    matching,
    money,
    ops,
    reports,
    sharing,
    warnlist,
    workspace,
)
from crossline.config import Settings
from crossline.evidence.exchange import INBOX as LEGAL_INBOX
from crossline.filemodes import secure_home
from crossline.http.bodies import BoundedJson
from crossline.net.outbound import Outbound
from crossline.node import Node
from crossline.node.audit import AuditLog
from crossline.node.auth import Accounts
from crossline.node.jobs import ImportJobs
from crossline.node.security import LoginLimiter
from crossline.node.token_cache import RevocationStamp
from crossline.ops.http import HttpMiddleware, RequestMetrics
from crossline.public.app import create_public_app
from crossline.public.config import PublicConfig
from crossline.services.imports import run_import_job
from crossline.share.partner_cache import PartnerCache
from crossline.share.partner_stamp import partner_stamp
from crossline.store import Store, open_store

# Pages load scripts and styles from this node only; data for scripts travels in
# <script type="application/json"> blocks, so no inline script needs to be allowed.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
HSTS = "max-age=31536000; includeSubDomains"
# Swagger UI's page bootstraps itself with one inline script.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)

DESCRIPTION = """REST API of a Crossline fraud-intelligence node.

Authenticate machines with `Authorization: Bearer <token>` (tokens are created by an
admin: `crossline tokens create`, or `POST /api/v1/tokens`). Browsers use the session
cookie set by `POST /api/v1/auth/login` and send `X-CSRF-Token` on every change.

Every error has one shape: `{"error": {"code": "...", "message": "...", ...}}`.
"""


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    audit_background: bool = True,
    limiter: LoginLimiter | None = None,
    max_upload_bytes: int = 512 * 1024 * 1024,
    http_transport: httpx.BaseTransport | None = None,
    sync_interval: float | None = None,
    freeze_interval: float = 1.0,
    public: PublicConfig | None = None,
) -> FastAPI:
    """The node's ASGI app on the store named by ``settings`` (migrated on open).

    Every request this node sends (partners, webhooks, banks) goes through one
    :class:`~crossline.net.outbound.Outbound`: the egress policy of ``settings`` over
    ``http_transport`` (the network by default; tests bridge in-process nodes with an
    ``httpx.MockTransport``). Alerts are delivered by a background worker while the app
    runs, and due freeze requests every ``freeze_interval`` seconds (and at once after an
    import through the node).

    ``public`` sets the limits of the citizens' site served at ``/public``.

    With ``sync_interval`` (seconds) a background worker pulls from every partner at that
    interval and pushes to them as soon as an import stores something new.
    """
    own_store = store is None
    store = store or open_store(settings)
    secure_home(settings.home)
    node = Node(
        settings=settings,
        store=store,
        accounts=Accounts(store, stamp=RevocationStamp.in_home(settings.home)),
        audit=AuditLog(store, background=audit_background),
        limiter=limiter or LoginLimiter.shared_by(_workers()),
        jobs=ImportJobs(store, settings, run_import_job),
        max_upload_bytes=max_upload_bytes,
        outbound=Outbound.of(settings, http_transport),
        partners=PartnerCache(store, partner_stamp(settings.home)),
    )
    outbound = node.outbound
    sync = _sync_worker(node, sync_interval) if sync_interval is not None else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        from crossline.money.outbox import FreezeWorker
        from crossline.ops import caches, memwatch

        memwatch.start_from_env()  # soaks only: where memory grows
        trimmer = caches.start_from_env()  # served by `crossline serve`: bounded caches
        from crossline.share.webhooks import DeliveryWorker

        worker = DeliveryWorker(store, settings, outbound).start()
        node.deliveries = worker
        freezes = FreezeWorker(store, settings, outbound, interval=freeze_interval)
        node.freezes = freezes.start()
        node.jobs.listeners.append(freezes.wake)
        if sync is not None:
            sync.start()
        yield
        if sync is not None:
            sync.stop()
        freezes.close()
        worker.close()
        node.jobs.close()
        node.audit.close()
        if trimmer is not None:
            trimmer.close()
        if own_store:
            store.close()

    app = FastAPI(
        title=f"Crossline node ({settings.node_name})",
        version=crossline.__version__ if hasattr(crossline, "__version__") else "0.1.0",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.node = node
    static = resources.files("crossline.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    from crossline.web import views

    errors.install(app, html=views.error_page)
    # A request is matched against the routes one by one, in this order: the ones called
    # most (the registry, lookups and campaign pages) come first. No route's path
    # matches another's (tests/api/test_route_order.py), so the order changes no answer.
    for router in (
        money.router,
        intel.router,
        accounts.router,
        citizens.router,
        reports.router,
        casework.router,
        imports.router,
        sharing.router,
        matching.router,
        alerts.router,
        evidence.router,
        legal_requests.router,
        warnlist.router,
        ops.router,
        workspace.router,
    ):
        app.include_router(router)

    @app.get("/api/v1/health", tags=["meta"], response_model=HealthOut)
    def health() -> dict[str, Any]:
        """Liveness: no authentication, no case data."""
        return {"status": "ok", "node": settings.node_name}

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Crossline API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="data:,",
        )

    from crossline.web import (
        admin_views,
        alert_views,
        casework_views,
        citizen_views,
        evidence_views,
        money_views,
        request_views,
        settings_views,
        sharing_views,
        warnlist_views,
        workspace_views,
    )

    for page in (
        views,
        admin_views,
        sharing_views,
        alert_views,
        evidence_views,
        request_views,
        money_views,
        warnlist_views,
        citizen_views,
        settings_views,
        workspace_views,
        casework_views,
    ):
        app.include_router(page.router)

    from crossline.api.taxii import create_taxii_app

    app.mount("/public", create_public_app(node, public))  # no login, limits of its own
    app.mount("/taxii2", create_taxii_app(node))  # TAXII 2.1: its own media type and errors

    # Inside SecurityHeaders: its refusals get the headers too. The legal-request inbox
    # takes a partner's answer with its evidence inline: a bound of its own.
    app.add_middleware(BoundedJson, route_limits={LEGAL_INBOX: settings.max_legal_inbox_bytes})
    app.add_middleware(SecurityHeaders)
    # Outermost: times the whole request, headers included, and tags it with a request id.
    app.add_middleware(RequestMetrics)
    return app


def _workers() -> int:
    """How many server processes share this node's port (set by ``crossline serve``)."""
    try:
        return max(1, int(os.environ.get("CROSSLINE_WORKERS", "1")))
    except ValueError:
        return 1


def _sync_worker(node: Node, interval: float) -> Any:
    from crossline.services.sync import syncer_for
    from crossline.share.sync_worker import SyncWorker

    worker = SyncWorker(
        syncer_for(node.store, node.settings, outbound=node.outbound), interval=interval
    )
    node.jobs.listeners.append(worker.notify)
    node.sync = worker
    return worker


class SecurityHeaders(HttpMiddleware):
    """Adds the security headers to every response."""

    async def http(self, scope: Any, receive: Any, send: Any) -> None:
        path = scope["path"]
        extra = [
            (b"content-security-policy", (DOCS_CSP if path == "/docs" else CSP).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
        ]
        if not path.startswith("/static/"):
            # Case data must not linger in shared caches or the browser's back history.
            extra.append((b"cache-control", b"no-store"))
        if scope.get("scheme") == "https":
            # Once a browser has reached the node over HTTPS it never falls back to HTTP.
            extra.append((b"strict-transport-security", HSTS.encode()))

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
