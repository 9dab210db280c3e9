"""The gate in front of every route for a partner's tokens and users.

A principal whose organisation is a registered partner's ``org_id`` is a *partner
principal*. Whatever its role and scopes, it may reach only:

* routes with no case data (log in/out, ``/me``, health, static files);
* routes registered here as partner-aware (:data:`PARTNER_ROUTES`): they serve the
  agreement's view of the data (:mod:`crossline.share.partner_reads`);
* routes under a prefix registered with :func:`register_partner_prefix` (the TAXII
  server): they enforce the agreement themselves.

Every other route answers 404 to a partner principal, as if it did not exist. The
gate is default-deny, so a read route added later is closed to partners until it is
made partner-aware. 404 rather than 403: a 403 on ``/reports/{id}`` would confirm
that the report exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from crossline.errors import NotFoundError
from crossline.share.agreements import Agreement, agreement_for_org
from crossline.share.partner_cache import PartnerCache
from crossline.share.partner_stamp import partner_stamp
from crossline.share.partners import Partner

# (method, path template) served in their partner form.
PARTNER_ROUTES: set[tuple[str, str]] = {
    ("GET", "/api/v1/campaigns"),
    ("GET", "/api/v1/campaigns/{campaign_id}"),
    ("GET", "/api/v1/indicators/lookup"),
    ("GET", "/api/v1/indicators/{indicator_id}"),
    ("GET", "/api/v1/reports"),
    ("GET", "/api/v1/reports/{report_id}"),
    ("GET", "/api/v1/stats"),
}
# No case data behind these.
OPEN_ROUTES: set[tuple[str, str]] = {
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"),
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/health"),
    ("GET", "/docs"),
    ("GET", "/openapi.json"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
}
# Prefixes whose routes check the agreement themselves (TAXII, blind matching ...).
PARTNER_PREFIXES: set[str] = {"/taxii2/"}


def register_partner_prefix(prefix: str) -> None:
    """Open every route under ``prefix`` to partner principals: those routes must apply
    the agreement themselves (e.g. through :mod:`crossline.share.policy`)."""
    PARTNER_PREFIXES.add(prefix)


@dataclass(frozen=True)
class PartnerContext:
    """The partner behind a principal and the agreement in force (None: nothing shared)."""

    partner: Partner
    agreement: Agreement | None


def _partners(node: Any) -> PartnerCache:
    if node.partners is None:
        node.partners = PartnerCache(node.store, partner_stamp(node.settings.home))
    cache: PartnerCache = node.partners
    return cache


def no_partner_kept(request: Request, principal: Any) -> bool:
    """Whether memory alone shows ``principal``'s organisation is no partner's (then
    its partner context, None, is set on the request); nothing is read or written."""
    kept = _partners(request.app.state.node).kept()
    if kept is None or principal.org_id in kept:
        return False
    request.state.partner_ctx = None
    return True


def resolve(request: Request, principal: Any) -> PartnerContext | None:
    """The partner context of ``principal`` (cached on the request); None when the
    principal does not belong to a partner's organisation."""
    if hasattr(request.state, "partner_ctx"):
        cached: PartnerContext | None = request.state.partner_ctx
        return cached
    ctx = None
    if principal is not None and not principal.home_org:
        node = request.app.state.node
        partner = _partners(node).by_org().get(principal.org_id)
        if partner is not None:
            agreement = agreement_for_org(node.store, principal.org_id) if partner.active else None
            ctx = PartnerContext(partner, agreement)
    request.state.partner_ctx = ctx
    return ctx


def partner_context(request: Request) -> PartnerContext | None:
    """For partner-aware routes: the caller's partner context, or None for everyone else."""
    return getattr(request.state, "partner_ctx", None)


def gate(request: Request, principal: Any) -> None:
    """Refuse (404) a partner principal on any route not open to partners."""
    ctx = resolve(request, principal)
    if ctx is None:
        return
    route = request.scope.get("route")
    template = getattr(route, "path", request.url.path)
    key = (request.method.upper(), template)
    if key in PARTNER_ROUTES or key in OPEN_ROUTES:
        return
    if request.method.upper() == "HEAD" and ("GET", template) in PARTNER_ROUTES | OPEN_ROUTES:
        return
    if any(request.url.path.startswith(p) for p in PARTNER_PREFIXES):
        return
    raise NotFoundError(f"not found: {request.url.path}")
