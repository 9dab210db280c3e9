"""The import pipeline's hook: a complaint carrying a transaction gets its freeze
requests the moment it arrives.

:class:`crossline.ingest.pipeline.Importer` calls :func:`on_arrival` for the new
reports of each batch as soon as they are parsed, before the slower classification
and linking (for a single complaint those take ~0.2 s here; money moves on in
minutes). The complaint-to-request latency is measured from the batch's arrival. A
request does not need its report to be stored: it is keyed by the report id, and an
import that fails after it leaves the request in place (re-running the import stores
the report and creates nothing twice).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from crossline.domain import Report
from crossline.money import store as mstore
from crossline.money.complaints import first_hops
from crossline.money.freeze import create_requests
from crossline.money.model import Transfer
from crossline.store.repository import Store, utcnow

log = logging.getLogger("crossline.money")


def on_arrival(store: Store, reports: Sequence[Report], received_at: datetime) -> int:
    """Store the complaints' first hops and create their freeze requests; returns how
    many requests were created. A failure is logged, never undoes the stored reports
    (``crossline money freeze refresh`` re-runs it)."""
    hops = [h for r in reports for h in first_hops(r)]
    if not hops:
        return 0
    try:
        now = utcnow()
        with store.transaction() as conn:
            # Two imports of the same complaints (a partner's push and a pull, one file
            # uploaded twice) must not both find a hop new and both insert it.
            store.dialect.key_lock(conn, mstore.TRANSFERS_KEY)
            known = mstore.existing_transfer_ids(conn, [h.id for h in hops])
            mstore.insert_transfers(
                conn, [h.row(import_id=None, now=now) for h in hops if h.id not in known]
            )
        seeds: dict[str, list[Transfer]] = {}
        for h in hops:
            seeds.setdefault(h.report_id or "", []).append(h)
        refs = {r.id: r.source_ref for r in reports}
        return len(create_requests(store, seeds=seeds, seen_at=received_at, refs=refs))
    except Exception:  # the reports are stored; the requests can be rebuilt
        log.exception("freeze requests for %d complaints failed", len(hops))
        return 0
