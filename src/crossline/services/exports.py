"""Exports: any list a person can page through, whole and filtered, as CSV or XLSX.

Every list has one column set here, used by the API and the web pages alike, and goes
through :mod:`crossline.services.tables` (cells neutralised against formula injection).
The quarantine also exports as JSON Lines, for fixing and re-importing.
"""

from __future__ import annotations

import json
from typing import Any

from crossline.csvsafe import csv_text
from crossline.errors import PermissionDeniedError, ValidationError
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.node.security import IMPORTS_READ, QUARANTINE_READ, REPORTS_READ, SHARING
from crossline.services import campaigns as campaigns_service
from crossline.services.bulk import COLUMNS as BULK_COLUMNS
from crossline.services.search import search
from crossline.services.tables import Column, Download, download
from crossline.share import alerts as alerts_store
from crossline.store import Store
from crossline.store.read import imports as read_imports
from crossline.store.read import reports as read_reports
from crossline.store.visibility import EVERYTHING, OrgView

QUARANTINE_COLUMNS = ["id", "file", "format", "line", "field", "reason", "raw"]
#: The most rows one export holds (a filtered list longer than this says so in its name).
MAX_ROWS = 50_000
PAGE = 1_000

CAMPAIGN_COLUMNS: list[Column] = [
    ("id", "campaign"),
    ("label_name", "scam type"),
    ("report_count", "reports"),
    ("victims", "victims"),
    ("jurisdictions", "jurisdictions"),
    ("cross_border", "cross-border"),
    ("total_loss", "loss (original currencies)"),
    ("loss_usd", "loss (USD, converted)"),
    ("first_seen", "first seen"),
    ("last_seen", "last seen"),
    ("values", "top values"),
    ("case_status", "status"),
    ("case_assignee", "assignee"),
]
REPORT_COLUMNS: list[Column] = [
    ("id", "report"),
    ("source", "source"),
    ("source_ref", "reference"),
    ("jurisdiction", "jurisdiction"),
    ("victim_state", "state"),
    ("seen_at", "seen"),
    ("label", "scam type"),
    ("amount_lost", "amount lost"),
    ("currency", "currency"),
    ("campaign_id", "campaign"),
    ("excerpt", "excerpt"),
]
SEARCH_COLUMNS: list[Column] = [("found_as", "found as"), ("value", "value"), *REPORT_COLUMNS]
IMPORT_COLUMNS: list[Column] = [
    (k, k.replace("_", " "))
    for k in ("id", "filename", "format", "source", "status", "rows_read", "actor",
              "import_id", "created_at", "finished_at", "error")
]  # fmt: skip
ALERT_COLUMNS: list[Column] = [
    (k, k.replace("_", " "))
    for k in ("id", "kind", "message", "value_kind", "value", "partner", "report_id",
              "campaign_id", "created_at", "acked_at", "acked_by")
]  # fmt: skip
LISTS = ("campaigns", "search", "campaign-reports", "imports", "quarantine", "alerts")


def export_quarantine(rows: list[dict[str, Any]], fmt: str) -> str:
    """Quarantined rows as CSV (cells a spreadsheet would evaluate neutralised) or JSON
    Lines, for fixing and re-importing."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return csv_text(rows, QUARANTINE_COLUMNS)


def quarantine_download(rows: list[dict[str, Any]], fmt: str) -> Download:
    """Quarantined rows as CSV or XLSX."""
    return download(rows, [(k, k) for k in QUARANTINE_COLUMNS], fmt, "quarantine")


def campaign_rows(store: Store, *, sort: str = "reports", **filters: Any) -> list[dict[str, Any]]:
    """The whole filtered campaign list (up to :data:`MAX_ROWS`), in the list's order."""
    out: list[dict[str, Any]] = []
    while len(out) < MAX_ROWS:
        page = campaigns_service.campaign_list(
            store, sort=sort, limit=PAGE, offset=len(out), tying=3, **filters
        )
        for item in page["items"]:
            item["values"] = [f"{i['kind']}:{i['value']}" for i in item.get("indicators", [])]
            case = item.get("casework") or {}
            item["case_status"], item["case_assignee"] = case.get("status"), case.get("assignee")
        out.extend(page["items"])
        if len(page["items"]) < PAGE:
            break
    return out[:MAX_ROWS]


def campaigns_download(
    store: Store, fmt: str, *, sort: str = "reports", **filters: Any
) -> Download:
    return download(campaign_rows(store, sort=sort, **filters), CAMPAIGN_COLUMNS, fmt, "campaigns")


def campaign_reports_download(store: Store, campaign: str, fmt: str) -> Download:
    """Every report of a campaign (briefs: no victim data), oldest first."""
    cid = campaigns_service.resolve_campaign_id(store, campaign)
    with store.read() as conn:
        listed = read_reports.search_reports(
            conn, campaign_id=cid, sort="seen_asc", limit=MAX_ROWS, offset=0
        )
    return download(listed["items"], REPORT_COLUMNS, fmt, f"campaign-{cid[:8]}-reports")


def search_rows(
    store: Store, q: str, *, region: str | None = None, text: bool = True
) -> list[dict[str, Any]]:
    """Everything a search finds, one row per (how it was found, report)."""
    answer = search(store, q, region=region, page=1, per_page=MAX_ROWS, text=text)
    rows: list[dict[str, Any]] = []
    result = answer["lookup"] or {}
    ids = result.get("identifiers") or {}
    rows += [{"found_as": "reference", "value": q, **r} for r in ids.get("references", [])]
    rows += [{"found_as": "report id", "value": q, **r} for r in ids.get("reports", [])]
    rows += [
        {"found_as": "campaign id", "value": q, "id": "", "campaign_id": c["id"],
         "label": c["label"], "seen_at": c["last_seen"]}
        for c in ids.get("campaigns", [])
    ]  # fmt: skip
    for ind in result.get("indicators", []):
        rows += [
            {"found_as": ind["kind"], "value": ind["value"], **s["report"]}
            for s in ind.get("sightings", [])
        ]
    rows += [
        {"found_as": "text", "value": q, **r} for r in (answer["mentions"] or {}).get("items", [])
    ]
    return rows[:MAX_ROWS]


def search_download(
    store: Store, q: str, fmt: str, *, region: str | None = None, text: bool = True
) -> Download:
    return download(search_rows(store, q, region=region, text=text), SEARCH_COLUMNS, fmt, "search")


def imports_download(store: Store, fmt: str, *, view: OrgView = EVERYTHING) -> Download:
    """The upload jobs a caller may see, newest first."""
    with store.read() as conn:
        jobs = read_imports.list_import_jobs(conn, limit=MAX_ROWS, view=view)
    return download(jobs, IMPORT_COLUMNS, fmt, "imports")


def alerts_download(
    store: Store, fmt: str, *, unacked: bool = False, view: OrgView = EVERYTHING
) -> Download:
    """The alerts a caller may see, newest first."""
    rows = alerts_store.list_alerts(store, unacked=unacked, limit=MAX_ROWS, view=view)
    return download(rows, ALERT_COLUMNS, fmt, "alerts")


def bulk_download(result: dict[str, Any], fmt: str) -> Download:
    """A bulk lookup's table."""
    return download(result["items"], BULK_COLUMNS, fmt, "lookup")


NEEDS = {"imports": IMPORTS_READ, "quarantine": QUARANTINE_READ, "alerts": SHARING}


def audit_params(params: dict[str, Any]) -> dict[str, Any]:
    """The filters worth recording in the audit entry of an export (the set ones)."""
    return {k: (v[:200] if isinstance(v, str) else v) for k, v in params.items() if v}


def export_table(
    store: Store, principal: Principal, table: str, fmt: str, params: dict[str, Any]
) -> Download:
    """The whole filtered list ``table`` (one of :data:`LISTS`) as a file, for
    ``principal``: the lists it may page through, the rows its organisation may see.
    Every face's export calls this; the face records the audit entry."""
    need = NEEDS.get(table)
    if need and not principal.can(need):
        raise PermissionDeniedError(f"exporting {table} needs {need}", needs=[need])
    view = scope.view(principal)
    if table == "campaigns":
        filters = campaigns_service.list_filters(
            label=params.get("label"), jurisdiction=params.get("jurisdiction"),
            state=params.get("state"), since=params.get("since"), until=params.get("until"),
            cross_border=bool(params.get("cross_border")),
        )  # fmt: skip
        # The caller's organisation's casework filters, as the list applies them.
        casework = {
            "org_id": principal.org_id,
            "status": params.get("status") or None,
            "assignee": (params.get("assignee") or "").strip().lower().lstrip("@") or None,
            "tag": (params.get("tag") or "").strip().lower() or None,
        }
        return campaigns_download(
            store, fmt, sort=params.get("sort") or "reports", **filters, **casework
        )
    if table == "search":
        q = (params.get("q") or "").strip()
        if not q:  # nothing searched, nothing found: an empty table
            return download([], SEARCH_COLUMNS, fmt, "search")
        return search_download(
            store, q, fmt, region=params.get("region"), text=principal.can(REPORTS_READ)
        )
    if table == "campaign-reports":
        return campaign_reports_download(store, params.get("campaign") or "", fmt)
    if table == "imports":
        return imports_download(store, fmt, view=view)
    if table == "alerts":
        return alerts_download(store, fmt, unacked=bool(params.get("unacked")), view=view)
    if table == "quarantine":
        with store.read() as conn:
            rows = read_imports.quarantine_rows(
                conn, org_id=principal.org_id, home=principal.home_org,
                import_id=params.get("import_id") or None, limit=MAX_ROWS,
            )  # fmt: skip
        return quarantine_download(rows, fmt)
    raise ValidationError(f"no list {table!r} to export", field="table", expected=", ".join(LISTS))
