"""What an alert looks like outside the alerts table: to the node's own readers (API, web,
webhooks) and to a partner node (never victim data)."""

from __future__ import annotations

from typing import Any

from crossline.store.repository import as_utc, iso_utc

PARTNER_MESSAGES = {
    "partner_shared": "a new report holds a {kind} you shared",
    "partner_campaign": "your new data holds a {kind} of one of our campaigns",
    "match": "a new report holds a {kind} you hold in one of your cases",
    "digest": "a new report holds a {kind} you also hold (keyed digest)",
}


def alert_dict(row: Any) -> dict[str, Any]:
    summary = row.summary or {}
    return {
        "id": row.id,
        "kind": row.kind,
        "origin": row.origin,
        "partner": summary.get("partner"),
        "value_kind": summary.get("value_kind"),
        "value": summary.get("value"),
        "message": summary.get("message"),
        "indicator_id": row.indicator_id,
        "report_id": row.report_id,
        "campaign_id": row.component_id,
        "partner_ref": row.partner_ref,
        "created_at": as_utc(row.created_at).isoformat(),  # type: ignore[union-attr]
        "acked_at": iso_utc(row.acked_at),
        "acked_by": row.acked_by,
        "org_id": row.org_id,  # the owning organisation (None: the home one)
        # watch alerts: the watch, and a subject and body a mail relay can send as they are
        "watch_id": summary.get("watch_id"),
        "email": summary.get("email"),
    }


def partner_payload(row: dict[str, Any], node_name: str) -> dict[str, Any]:
    """What a partner receives about an alert: never victim data, and the value itself
    only when it came from that partner in the first place."""
    summary = row["summary"]
    shared_by_them = row["kind"] in ("partner_shared", "partner_campaign")
    return {
        "type": "crossline.alert",
        "alert": {
            "id": row["id"],
            "kind": row["kind"],
            "node": node_name,
            "message": f"node {node_name}: "
            + PARTNER_MESSAGES[row["kind"]].format(kind=summary["value_kind"]),
            "value_kind": summary["value_kind"],
            "value": summary["value"] if shared_by_them else None,
            "partner_ref": row.get("partner_ref"),  # the receiver's own case reference
            "campaign_ref": row.get("component_id"),  # opaque to the receiver
            "created_at": as_utc(row["created_at"]).isoformat(),  # type: ignore[union-attr]
        },
    }
