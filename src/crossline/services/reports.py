"""Reports: store reports sent by a client, and read one as a principal may see it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crossline.domain import Report
from crossline.ingest.history import report_history
from crossline.node import Node
from crossline.node.auth import Principal
from crossline.node.security import PII_READ
from crossline.services.imports import import_reports
from crossline.store.read.reports import report_detail, report_owner


def create_reports(node: Node, principal: Principal, reports: Sequence[Report]) -> dict[str, Any]:
    """Run reports through the pipeline (extract, classify, store, link) as one import,
    recorded as the principal's import."""
    summary = import_reports(
        node.store, node.settings, reports, label=f"api:{principal.org_name}"[:64]
    )
    result = summary.to_dict()
    node.jobs.record_api_import(principal, result)
    return {**result, "report_ids": [r.id for r in reports]}


def visible_report(node: Node, principal: Principal, report_id: str) -> dict[str, Any]:
    """A report as this principal may see it: victim PII only for the owning organisation's
    admins and analysts (and tokens granted the ``pii`` scope by them)."""
    with node.store.read() as conn:
        item = report_detail(conn, report_id)
        owner = report_owner(conn, item["import_id"])
    pii = item.pop("victim_pii")
    item["owner_org_id"] = owner
    if principal.can(PII_READ) and owner == principal.org_id:
        item["victim_pii"] = pii or {}
    return item


def visible_history(node: Node, principal: Principal, report_id: str) -> dict[str, Any]:
    """The versions of a report the principal may see, what each changed, and the field
    warnings of its rows (``crossline.ingest.history``)."""
    visible_report(node, principal, report_id)  # NotFoundError for an unknown id
    return report_history(node.store, report_id)
