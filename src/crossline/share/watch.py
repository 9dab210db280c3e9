"""Watchlists: alert an analyst when new reports match a value, a query or a campaign.

:func:`on_reports_linked` runs after each batch of an import is stored and linked (the
same moment as partner alerts, :mod:`crossline.share.alerts`). A report matches

* a ``value`` watch when it sights one of the indicator ids the watched value
  normalizes to (a suspect's value: victims' own contacts are not sightings);
* a ``query`` watch when its text or category holds the query (case-insensitive);
* a ``campaign`` watch when linking put it in the watched campaign.

Each match is one alert (``kind = 'watch'``) owned by the watcher's organisation, with
an id derived from (watch, report): re-importing or re-running the hook never alerts
twice. Watches with ``notify`` also queue the alert to the node's webhooks, carrying an
``email`` block (subject and body) a mail relay can send as it is. No victim data is in
an alert: the report is named by its reference and id.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from crossline.config import Settings
from crossline.domain import indicator_id, make_id
from crossline.errors import CrosslineError, ValidationError
from crossline.indicators.lookup import lookup_candidates
from crossline.share import webhooks
from crossline.share.alerts import store_alerts
from crossline.store import Store
from crossline.store import watchlists as ws
from crossline.store.repository import utcnow

log = logging.getLogger("crossline.watch")

KINDS = ("value", "query", "campaign")
MIN_QUERY = 3


def value_targets(target: str, region: str | None = None) -> list[str]:
    """The indicator ids a watched value stands for (every way it normalizes)."""
    ids = sorted({indicator_id(k, v) for k, v in lookup_candidates(target, region) if k})
    if not ids:
        raise ValidationError(
            f"{target[:60]!r} is not a value a report can be linked on",
            field="target",
            expected="a phone number, UPI handle, account, wallet, e-mail, URL or domain",
        )
    return ids


def query_targets(target: str) -> list[str]:
    text = " ".join(target.split()).lower()
    if len(text) < MIN_QUERY:
        raise ValidationError(
            "a watched query needs at least 3 characters", field="target", expected="3+ chars"
        )
    return [text]


def watch_row(
    *,
    user_id: str,
    org_id: str | None,
    actor: str,
    kind: str,
    target: str,
    targets: list[str],
    note: str | None,
    notify: bool,
    now: datetime,
) -> dict[str, Any]:
    """A new watch (its id fixed by who watches what: watching twice is one watch)."""
    return {
        "id": make_id("watch", user_id, kind, "\n".join(targets)),
        "org_id": org_id,
        "user_id": user_id,
        "actor": actor[:160],
        "kind": kind,
        "target": target[:500],
        "targets": targets,
        "note": (note or None) and note[:500],
        "notify": notify,
        "created_at": now,
        "alert_count": 0,
    }


def _matches(conn: Any, watches: list[dict[str, Any]], report_ids: Sequence[str]) -> list[tuple]:
    """(watch, report id, indicator id or None) for every match of the batch."""
    out: list[tuple[dict[str, Any], str, str | None]] = []
    by_kind: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
    for watch in watches:
        by_kind.setdefault(watch["kind"], []).append(watch)
    if by_kind["value"]:
        wanted = [t for x in by_kind["value"] for t in x["targets"]]
        seen = ws.reports_sighting(conn, report_ids, wanted)
        for watch in by_kind["value"]:
            for iid in watch["targets"]:
                out.extend((watch, rid, iid) for rid in sorted(seen.get(iid, ())))
    for watch in by_kind["query"]:
        out.extend(
            (watch, rid, None)
            for rid in ws.reports_mentioning(conn, report_ids, watch["targets"][0])
        )
    if by_kind["campaign"]:
        held = ws.reports_in_campaigns(
            conn, report_ids, [t for x in by_kind["campaign"] for t in x["targets"]]
        )
        for watch in by_kind["campaign"]:
            for cid in watch["targets"]:
                out.extend((watch, rid, None) for rid in held.get(cid, []))
    return out


def alert_row(
    watch: dict[str, Any], report: dict[str, Any], iid: str | None, now: datetime
) -> dict[str, Any]:
    """The alert of one match, with an e-mail-ready subject and body."""
    what = {"value": "the value", "query": "the query", "campaign": "the campaign"}[watch["kind"]]
    target = watch["target"]
    subject = f"Crossline watch: new report matches {what} {target[:60]}"
    message = (
        f"new report {report['source_ref']} ({report['jurisdiction']}) matches "
        f"{what} “{target[:80]}” watched by {watch['actor']}"
    )
    body = "\n".join(
        [
            message[0].upper() + message[1:] + ".",
            f"Report: /reports/{report['id']}",
            f"Campaign: /campaigns/{report['campaign_id']}" if report.get("campaign_id") else "",
            f"Watch note: {watch['note']}" if watch.get("note") else "",
        ]
    ).strip()
    return {
        "id": make_id("alert", "watch", watch["id"], report["id"]),
        "kind": "watch",
        "origin": "local",
        "partner_id": None,
        "indicator_id": iid,
        "report_id": report["id"],
        "component_id": report.get("campaign_id"),
        "partner_ref": None,
        "org_id": watch["org_id"],
        "summary": {
            "partner": None,
            "value_kind": watch["kind"],
            "value": target[:200],
            "message": message,
            "watch_id": watch["id"],
            "user_id": watch["user_id"],
            "email": {"subject": subject, "body": body},
        },
        "created_at": now,
    }


def raise_watch_alerts(
    store: Store, settings: Settings, report_ids: Sequence[str], *, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Match a batch against every watch; store the new alerts, queue the notified ones."""
    if not report_ids:
        return []
    with store.read() as conn:
        if ws.count_watches(conn) == 0:
            return []  # the common case: one cheap query per batch
        matches = _matches(conn, ws.all_watches(conn), report_ids)
        if not matches:
            return []
        briefs = ws.report_briefs(conn, sorted({rid for _w, rid, _i in matches}))
    now = now or utcnow()
    rows = [alert_row(w, briefs[rid], iid, now) for w, rid, iid in matches if rid in briefs]
    notify = {w["id"] for w, _r, _i in matches if w["notify"]}
    targets = webhooks.targets(store, partners=False) if notify else None
    with store.transaction() as conn:
        fresh = store_alerts(conn, list({r["id"]: r for r in rows}.values()))
        counts = Counter(r["summary"]["watch_id"] for r in fresh)
        ws.mark_alerted(conn, dict(counts), now)
        if targets is not None:
            to_send = [r for r in fresh if r["summary"]["watch_id"] in notify]
            webhooks.enqueue(conn, settings, to_send, targets, now=now)
    if fresh:
        log.info("raised %d watch alert(s)", len(fresh))
    return fresh


def on_reports_linked(
    store: Store, settings: Settings, report_ids: Sequence[str]
) -> list[dict[str, Any]]:
    """The ingest hook: never fails the import (the batch is committed); errors are logged."""
    try:
        return raise_watch_alerts(store, settings, report_ids)
    except CrosslineError as exc:
        log.error("watch alerts for %d report(s) not raised: %s", len(report_ids), exc.message)
        return []
