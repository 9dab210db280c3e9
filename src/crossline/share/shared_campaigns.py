"""The campaigns a partner's campaign list is served from, kept current incrementally.

Summarising every campaign over the reports an agreement lets go costs a pass over the
whole store; a partner's list asks for it on every page. The summaries are kept per
agreement in ``shared_campaigns`` instead, and each read first brings them up to date
from the change log (:mod:`crossline.store.schema_publish`): only the campaigns whose
reports, membership or values changed since the last read are summarised again. A new
agreement (or a changed one) is summarised whole once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from crossline.domain import make_id
from crossline.errors import StoreError
from crossline.share.agreements import Agreement
from crossline.share.shareable import iter_campaigns, query_markings
from crossline.store import Store
from crossline.store import publish_log as log
from crossline.store.repository import chunks


def view_id(agreement: Agreement) -> str:
    return make_id("shared-campaigns", agreement.id)


def shared_campaigns(store: Store, agreement: Agreement | None) -> list[dict[str, Any]]:
    """Every campaign summary the agreement shares now (what ``iter_campaigns`` yields)."""
    if agreement is None or not query_markings(agreement, "campaign", None):
        return []
    try:
        refresh(store, agreement)
    except StoreError:
        # another reader refreshed the same view at the same moment: compute directly
        return list(iter_campaigns(store, agreement))
    with store.read() as conn:
        return log.shared_campaign_rows(conn, view_id(agreement))


def refresh(store: Store, agreement: Agreement) -> None:
    """Bring the agreement's stored summaries up to date with the change log."""
    vid, mark = view_id(agreement), agreement.digest()
    with store.read() as conn:
        cursor = log.get_cursor(conn, vid)
        upto = log.last_change(conn)
        if cursor is not None and cursor.fingerprint == mark:
            if cursor.change_seq == upto:
                return
            changes = log.changes_between(conn, cursor.change_seq, upto)
            touched = set(changes.get("campaign", ()))
            touched |= log.report_campaigns(conn, changes.get("report", ()))
            touched |= log.holder_campaigns(conn, changes.get("indicator", ()))
        else:
            touched = None
    if touched is None:
        fresh = list(iter_campaigns(store, agreement))
    else:
        fresh = [
            c
            for part in chunks(sorted(touched), 200)
            for c in iter_campaigns(store, agreement, ids=list(part))
        ]
    with store.transaction() as conn:
        log.replace_shared_campaigns(conn, vid, fresh, campaigns=touched)
        log.save_cursor(
            conn,
            log.Cursor(vid, agreement.id, mark, upto),
            now=datetime.now(UTC),
            full=touched is None,
        )
