"""The declared access policy of every route: what the attack matrix expects.

One entry per (method, path template) the node serves, API and web pages alike. The
matrix test fails on a route without an entry, so a new route must be declared here
with who may call it. An entry is ``(needs, flags)``:

* ``needs``: ``PUBLIC`` (no login), ``AUTH`` (any valid login), ``NODE_ADMIN`` (an admin
  of the home organisation), ``PARTNER_ONLY`` (a registered partner's principal), or a
  permission of :mod:`crossline.node.security`;
* ``flags``: ``PARTNER`` (served to partner principals in their agreement's form),
  ``SCOPED`` (the path names a record owned by one organisation: another
  organisation's record answers 404 to all but node admins), ``HOME`` (only principals
  of the home organisation, whatever their role's permissions).
"""

from __future__ import annotations

from crossline.node import security as s

PUBLIC, AUTH, NODE_ADMIN, PARTNER_ONLY = "public", "auth", "node_admin", "partner_only"
PARTNER, SCOPED, HOME = "partner", "scoped", "home"

Policy = tuple[str, frozenset[str]]


def p(needs: str, *flags: str) -> Policy:
    return needs, frozenset(flags)


API = "/api/v1"
POLICY: dict[tuple[str, str], Policy] = {
    # sessions and the node itself
    ("POST", f"{API}/auth/login"): p(PUBLIC),
    ("POST", f"{API}/auth/logout"): p(PUBLIC),
    ("GET", f"{API}/me"): p(AUTH, PARTNER),
    ("GET", f"{API}/health"): p(PUBLIC),
    ("GET", "/healthz"): p(PUBLIC),
    ("GET", "/readyz"): p(PUBLIC),
    ("GET", "/metrics"): p(s.METRICS_READ),
    ("GET", "/openapi.json"): p(PUBLIC),
    ("GET", "/docs"): p(PUBLIC),
    # accounts (the organisation rule: node.scope)
    ("GET", f"{API}/organisations"): p(s.ADMIN),
    ("POST", f"{API}/organisations"): p(s.ADMIN),
    ("GET", f"{API}/users"): p(s.ADMIN),
    ("POST", f"{API}/users"): p(s.ADMIN),
    ("PATCH", f"{API}/users/{{user_id}}"): p(s.ADMIN, SCOPED),
    ("GET", f"{API}/tokens"): p(s.ADMIN),
    ("POST", f"{API}/tokens"): p(s.ADMIN),
    ("DELETE", f"{API}/tokens/{{token_id}}"): p(s.ADMIN, SCOPED),
    ("GET", f"{API}/audit"): p(s.ADMIN),
    ("GET", f"{API}/audit/verify"): p(NODE_ADMIN),
    ("POST", f"{API}/org-shares"): p(s.ADMIN),
    # case data
    ("GET", f"{API}/reports"): p(s.REPORTS_READ, PARTNER),
    ("POST", f"{API}/reports"): p(s.REPORTS_WRITE),
    ("POST", f"{API}/reports/bulk"): p(s.REPORTS_WRITE),
    ("GET", f"{API}/reports/{{report_id}}"): p(s.REPORTS_READ, PARTNER),
    ("GET", f"{API}/reports/{{report_id}}/history"): p(s.REPORTS_READ),
    ("GET", f"{API}/campaigns"): p(s.CASES_READ, PARTNER),
    ("GET", f"{API}/campaigns/{{campaign_id}}"): p(s.CASES_READ, PARTNER),
    ("GET", f"{API}/campaigns/{{campaign_id}}/export"): p(s.EXPORT),
    ("GET", f"{API}/campaigns/{{campaign_id}}/geography"): p(s.CASES_READ),
    ("GET", f"{API}/campaigns/{{campaign_id}}/graph"): p(s.CASES_READ),
    ("GET", f"{API}/campaigns/{{campaign_id}}/indicators"): p(s.CASES_READ),
    ("GET", f"{API}/campaigns/{{campaign_id}}/timeline"): p(s.CASES_READ),
    # casework: the caller's organisation's own; merge and split change the node's campaigns
    ("GET", f"{API}/campaigns/{{campaign_id}}/casework"): p(s.CASES_READ),
    ("GET", f"{API}/campaigns/{{campaign_id}}/notes"): p(s.CASES_READ),
    ("POST", f"{API}/campaigns/{{campaign_id}}/notes"): p(s.CASES_WRITE),
    ("POST", f"{API}/campaigns/{{campaign_id}}/assign"): p(s.CASES_WRITE),
    ("POST", f"{API}/campaigns/{{campaign_id}}/status"): p(s.CASES_WRITE),
    ("POST", f"{API}/campaigns/{{campaign_id}}/rename"): p(s.CASES_WRITE),
    ("GET", f"{API}/campaigns/{{campaign_id}}/tags"): p(s.CASES_READ),
    ("POST", f"{API}/campaigns/{{campaign_id}}/tags"): p(s.CASES_WRITE),
    ("DELETE", f"{API}/campaigns/{{campaign_id}}/tags/{{tag}}"): p(s.CASES_WRITE),
    ("GET", f"{API}/campaigns/{{campaign_id}}/activity"): p(s.CASES_READ),
    ("POST", f"{API}/campaigns/{{campaign_id}}/merge"): p(s.CASES_WRITE, HOME),
    ("POST", f"{API}/campaigns/{{campaign_id}}/split"): p(s.CASES_WRITE, HOME),
    ("GET", f"{API}/reports/{{report_id}}/notes"): p(s.CASES_READ),
    ("POST", f"{API}/reports/{{report_id}}/notes"): p(s.CASES_WRITE),
    ("GET", f"{API}/reports/{{report_id}}/tags"): p(s.CASES_READ),
    ("POST", f"{API}/reports/{{report_id}}/tags"): p(s.CASES_WRITE),
    ("DELETE", f"{API}/reports/{{report_id}}/tags/{{tag}}"): p(s.CASES_WRITE),
    ("GET", f"{API}/dashboard"): p(s.CASES_READ),
    ("GET", f"{API}/stats"): p(s.CASES_READ, PARTNER),
    ("GET", f"{API}/indicators/lookup"): p(s.CASES_READ, PARTNER),
    ("GET", f"{API}/indicators/{{indicator_id}}"): p(s.CASES_READ, PARTNER),
    ("GET", f"{API}/indicators/{{indicator_id}}/graph"): p(s.CASES_READ),
    ("GET", f"{API}/indicators/{{indicator_id}}/sightings"): p(s.CASES_READ),
    ("GET", f"{API}/imports"): p(s.IMPORTS_READ),
    ("POST", f"{API}/imports"): p(s.IMPORTS_WRITE),
    ("GET", f"{API}/imports/{{job_id}}"): p(s.IMPORTS_READ, SCOPED),
    ("GET", f"{API}/quarantine"): p(s.QUARANTINE_READ),
    ("GET", f"{API}/quarantine/export"): p(s.EXPORT),
    # the analysts' workspace: search, bulk lookup, exports of any list, own watchlists
    ("GET", f"{API}/search"): p(s.CASES_READ),
    ("POST", f"{API}/lookup/bulk"): p(s.CASES_READ),
    ("GET", f"{API}/exports/{{table}}"): p(s.EXPORT),
    ("GET", f"{API}/watchlists"): p(s.CASES_READ),
    ("POST", f"{API}/watchlists"): p(s.CASES_READ),
    ("DELETE", f"{API}/watchlists/{{watch_id}}"): p(s.CASES_READ),  # others' answer 404
    # evidence and legal requests
    ("GET", f"{API}/evidence"): p(s.EVIDENCE_READ),
    ("POST", f"{API}/evidence"): p(s.EVIDENCE_WRITE),
    ("GET", f"{API}/evidence/{{item_id}}"): p(s.EVIDENCE_READ, SCOPED),
    ("GET", f"{API}/evidence/{{item_id}}/content"): p(s.EVIDENCE_READ, SCOPED),
    ("GET", f"{API}/evidence/cases/{{case}}/custody"): p(s.EVIDENCE_READ, SCOPED),
    ("POST", f"{API}/evidence/cases/{{case}}/export"): p(s.EVIDENCE_WRITE, SCOPED),
    ("POST", f"{API}/evidence/packages/import"): p(s.EVIDENCE_WRITE),
    ("POST", f"{API}/evidence/packages/verify"): p(s.EVIDENCE_READ),
    ("POST", f"{API}/evidence/verify"): p(s.EVIDENCE_WRITE, HOME),  # others name a case
    ("GET", f"{API}/legal-requests"): p(s.EVIDENCE_READ),
    ("POST", f"{API}/legal-requests"): p(s.EVIDENCE_WRITE),
    ("POST", f"{API}/legal-requests/inbox"): p(AUTH, PARTNER),
    ("GET", f"{API}/legal-requests/{{request_id}}"): p(s.EVIDENCE_READ, SCOPED),
    ("POST", f"{API}/legal-requests/{{request_id}}/answer"): p(s.EVIDENCE_WRITE, SCOPED),
    ("POST", f"{API}/legal-requests/{{request_id}}/send"): p(s.EVIDENCE_WRITE, SCOPED),
    ("POST", f"{API}/legal-requests/{{request_id}}/status"): p(s.EVIDENCE_WRITE, SCOPED),
    # sharing, matching, alerts
    ("GET", f"{API}/sharing/agreements"): p(s.SHARING),
    ("PUT", f"{API}/sharing/agreements"): p(s.SHARING, HOME),
    ("GET", f"{API}/sharing/agreements/{{partner}}"): p(s.SHARING),
    ("GET", f"{API}/sharing/node"): p(s.SHARING),
    ("GET", f"{API}/sharing/partners"): p(s.SHARING),
    ("POST", f"{API}/sharing/partners"): p(NODE_ADMIN),
    ("GET", f"{API}/sharing/preview"): p(s.SHARING),
    ("GET", f"{API}/match/digests"): p(PARTNER_ONLY, PARTNER),
    ("POST", f"{API}/match/psi"): p(s.SHARE_PULL, PARTNER),
    ("POST", f"{API}/match/refs"): p(s.SHARE_PULL, PARTNER),
    ("GET", f"{API}/match/queries"): p(s.SHARING),
    ("GET", f"{API}/match/requests"): p(s.SHARING),
    ("POST", f"{API}/match/requests"): p(s.SHARE_PULL, PARTNER),
    ("GET", f"{API}/match/results"): p(s.SHARING),
    ("POST", f"{API}/match/results/{{match_id}}/request"): p(s.SHARING),
    ("POST", f"{API}/match/run"): p(s.SHARING),
    ("GET", f"{API}/alerts"): p(s.SHARING),
    ("POST", f"{API}/alerts/inbox"): p(s.SHARE_PULL, PARTNER),
    ("POST", f"{API}/alerts/{{alert_id}}/ack"): p(s.SHARING, SCOPED),
    ("GET", f"{API}/webhooks"): p(s.SHARING),
    ("POST", f"{API}/webhooks"): p(s.SHARING),
    # money and the suspect registry
    ("GET", f"{API}/money/freeze-requests"): p(s.MONEY_READ),
    ("POST", f"{API}/money/freeze-requests/{{request_id}}/ack"): p(s.MONEY_WRITE),
    ("GET", f"{API}/money/mules"): p(s.MONEY_READ),
    ("GET", f"{API}/money/trace/{{ref}}"): p(s.MONEY_READ),
    ("POST", f"{API}/money/transfers"): p(s.MONEY_WRITE),
    ("POST", f"{API}/money/freeze-requests/{{request_id}}/resend"): p(s.MONEY_WRITE),
    # the warning list: public values; changing it relinks every organisation's reports
    ("GET", f"{API}/warnlist"): p(s.CASES_READ),
    ("POST", f"{API}/warnlist"): p(NODE_ADMIN),
    ("POST", f"{API}/warnlist/remove"): p(NODE_ADMIN),
    ("GET", f"{API}/registry"): p(s.REGISTRY_READ, PARTNER),
    ("GET", f"{API}/registry/{{kind}}/{{value}}"): p(s.REGISTRY_READ, PARTNER),
    # TAXII 2.1 (the agreement decides what a partner reads)
    ("GET", "/taxii2/"): p(AUTH, PARTNER),  # discovery: no data
    ("GET", "/taxii2/api/"): p(s.SHARE_PULL, PARTNER),
    ("GET", "/taxii2/api/collections/"): p(s.SHARE_PULL, PARTNER),
    ("GET", "/taxii2/api/collections/{cid}/"): p(s.SHARE_PULL, PARTNER),
    ("GET", "/taxii2/api/collections/{cid}/objects/"): p(s.SHARE_PULL, PARTNER),
    ("POST", "/taxii2/api/collections/{cid}/objects/"): p(s.SHARE_PULL, PARTNER),
    ("GET", "/taxii2/api/collections/{cid}/objects/{object_id}/"): p(s.SHARE_PULL, PARTNER),
    ("DELETE", "/taxii2/api/collections/{cid}/objects/{object_id}/"): p(s.SHARE_PULL, PARTNER),
    ("GET", "/taxii2/api/collections/{cid}/objects/{object_id}/versions/"): p(
        s.SHARE_PULL, PARTNER
    ),
    ("GET", "/taxii2/api/collections/{cid}/manifest/"): p(s.SHARE_PULL, PARTNER),
    ("GET", "/taxii2/api/status/{sid}/"): p(s.SHARE_PULL, PARTNER),
    # web pages (sessions or tokens; forms need the session's CSRF token)
    ("GET", "/login"): p(PUBLIC),
    ("POST", "/login"): p(PUBLIC),
    ("POST", "/logout"): p(PUBLIC),
    ("GET", "/"): p(s.CASES_READ),
    ("GET", "/search"): p(s.CASES_READ),
    ("GET", "/campaigns"): p(s.CASES_READ),
    ("GET", "/campaigns/{campaign_id}"): p(s.CASES_READ),
    ("GET", "/reports/{report_id}"): p(s.REPORTS_READ),
    ("GET", "/campaigns/{campaign_id}/activity"): p(s.CASES_READ),
    ("POST", "/campaigns/{campaign_id}/notes"): p(s.CASES_WRITE),
    ("POST", "/campaigns/{campaign_id}/assign"): p(s.CASES_WRITE),
    ("POST", "/campaigns/{campaign_id}/status"): p(s.CASES_WRITE),
    ("POST", "/campaigns/{campaign_id}/rename"): p(s.CASES_WRITE),
    ("POST", "/campaigns/{campaign_id}/tags"): p(s.CASES_WRITE),
    ("POST", "/campaigns/{campaign_id}/merge"): p(s.CASES_WRITE, HOME),
    ("POST", "/campaigns/{campaign_id}/split"): p(s.CASES_WRITE, HOME),
    ("POST", "/reports/{report_id}/notes"): p(s.CASES_WRITE),
    ("POST", "/reports/{report_id}/tags"): p(s.CASES_WRITE),
    ("GET", "/imports"): p(s.IMPORTS_READ),
    ("GET", "/quarantine"): p(s.QUARANTINE_READ),
    ("GET", "/lookup"): p(s.CASES_READ),
    ("POST", "/lookup"): p(s.CASES_READ),
    ("GET", "/exports/{table}"): p(s.EXPORT),
    ("GET", "/watchlists"): p(s.CASES_READ),
    ("POST", "/watchlists"): p(s.CASES_READ),
    ("POST", "/watchlists/{watch_id}/delete"): p(s.CASES_READ),
    ("GET", "/admin"): p(s.ADMIN),
    ("POST", "/admin/users"): p(s.ADMIN),
    ("POST", "/admin/users/{user_id}"): p(s.ADMIN),
    ("POST", "/admin/organisations"): p(s.ADMIN),
    ("POST", "/admin/tokens"): p(s.ADMIN),
    ("POST", "/admin/tokens/{token_id}/revoke"): p(s.ADMIN),
    ("GET", "/admin/audit"): p(s.ADMIN),
    ("GET", "/alerts"): p(s.SHARING),
    ("POST", "/alerts/{alert_id}/ack"): p(s.SHARING, SCOPED),
    ("GET", "/evidence"): p(s.EVIDENCE_READ),
    ("GET", "/requests"): p(s.EVIDENCE_READ),
    ("GET", "/requests/{request_id}"): p(s.EVIDENCE_READ, SCOPED),
    ("GET", "/sharing"): p(s.SHARING),
    ("GET", "/sharing/partners"): p(NODE_ADMIN),
    ("POST", "/sharing/partners"): p(NODE_ADMIN),
    ("GET", "/sharing/partners/{partner}"): p(NODE_ADMIN),
    ("POST", "/evidence/items"): p(s.EVIDENCE_WRITE),
    ("POST", "/evidence/cases/{case}/export"): p(s.EVIDENCE_WRITE, SCOPED),
    ("POST", "/evidence/packages/verify"): p(s.EVIDENCE_READ),
    ("POST", "/requests"): p(s.EVIDENCE_WRITE),
    ("POST", "/requests/{request_id}/status"): p(s.EVIDENCE_WRITE, SCOPED),
    ("GET", "/money"): p(s.MONEY_READ),
    ("POST", "/money/freeze-requests/{request_id}/resend"): p(s.MONEY_WRITE),
    ("GET", "/warnlist"): p(s.CASES_READ),
    ("POST", "/warnlist"): p(NODE_ADMIN),
    ("POST", "/warnlist/remove"): p(NODE_ADMIN),
    # reports from the public: the home organisation moderates them (reporters' contacts)
    ("GET", f"{API}/citizen-reports"): p(s.REPORTS_READ, HOME),
    ("GET", f"{API}/citizen-reports/{{reference}}"): p(s.REPORTS_READ, HOME),
    ("POST", f"{API}/citizen-reports/{{reference}}/decision"): p(s.REPORTS_WRITE, HOME),
    ("GET", "/citizen-reports"): p(s.REPORTS_READ, HOME),
    ("POST", "/citizen-reports/{reference}/decision"): p(s.REPORTS_WRITE, HOME),
    # the citizens' site: no login, no analyst credentials accepted
    ("GET", "/public/"): p(PUBLIC),
    ("GET", "/public/report"): p(PUBLIC),
    ("POST", "/public/report"): p(PUBLIC),
    ("GET", "/public/check"): p(PUBLIC),
    ("POST", "/public/check"): p(PUBLIC),
    ("GET", "/public/challenge"): p(PUBLIC),
    ("GET", "/public/api/v1/openapi.json"): p(PUBLIC),
}
