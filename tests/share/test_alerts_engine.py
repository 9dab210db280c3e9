"""Alerts raised by the ingest hook: partner-shared values, partner data on a local
campaign, blind-match results and published digests; each hit alerts exactly once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from crossline.config import Settings
from crossline.domain import make_id
from crossline.share import alerts as al
from crossline.share.blind import derive_key, digest_hex
from crossline.store import Store
from crossline.store.schema import indicators
from crossline.store.schema_matching import alerts, match_partner_digests, match_results
from support.share_match_env import add_partner, ingest, other_identity, own_identity, report

UPI = ("upi", "taskpay4471@ybl")
PHONE = ("phone", "+919876543210")


def count_alerts(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(alerts)).scalar() or 0)


def indicator_id(store: Store, kind: str, value: str) -> str:
    with store.read() as conn:
        return str(
            conn.execute(
                select(indicators.c.id).where(
                    indicators.c.kind == kind, indicators.c.value == value
                )
            ).scalar_one()
        )


def test_no_partner_no_alert(store: Store, settings: Settings) -> None:
    ingest(store, settings, report("p1", UPI, source="partner:in-i4c"))
    ingest(store, settings, report("l1", UPI))
    assert count_alerts(store) == 0


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        ("partner:in-i4c", "local", "partner_shared"),
        ("local", "partner:in-i4c", "partner_campaign"),
    ],
    ids=["local-report-hits-partner-value", "partner-data-hits-local-campaign"],
)
def test_hit_alerts_once(
    store: Store, settings: Settings, first: str, second: str, kind: str
) -> None:
    add_partner(store, other_identity())
    ingest(store, settings, report("a", UPI, ("phone", "+14155550100"), source=first))
    assert count_alerts(store) == 0
    ids = ingest(store, settings, report("b", UPI, source=second))
    rows = al.list_alerts(store)
    assert [(a["kind"], a["partner"], a["value"], a["report_id"]) for a in rows] == [
        (kind, "in-i4c", UPI[1], ids[0])
    ]
    assert rows[0]["campaign_id"] is not None
    # The same hit, seen again: the hook re-run and a re-import add nothing.
    assert al.raise_alerts(store, settings, ids) == []
    ingest(store, settings, report("b", UPI, source=second))
    assert count_alerts(store) == 1


def test_unrelated_values_do_not_alert(store: Store, settings: Settings) -> None:
    add_partner(store, other_identity())
    ingest(store, settings, report("a", UPI, source="partner:in-i4c"))
    ingest(store, settings, report("b", PHONE))
    assert count_alerts(store) == 0


def test_match_result_alerts_with_partner_case(store: Store, settings: Settings) -> None:
    partner = add_partner(store, other_identity())
    ingest(store, settings, report("a", PHONE))
    ind = indicator_id(store, *PHONE)
    now = datetime.now(UTC)
    with store.transaction() as conn:
        conn.execute(
            match_results.insert().values(
                id=make_id("match", partner.id, ind, "psi"), partner_id=partner.id,
                indicator_id=ind, kind="phone", mode="psi", partner_ref="campaign:c-77",
                first_matched_at=now, matched_at=now,
            )
        )  # fmt: skip
    ids = ingest(store, settings, report("b", PHONE))
    [alert] = al.list_alerts(store)
    assert (alert["kind"], alert["partner_ref"], alert["report_id"]) == (
        "match",
        "campaign:c-77",
        ids[0],
    )
    assert "case campaign:c-77" in alert["message"]


def test_published_digest_alerts(store: Store, settings: Settings) -> None:
    them = other_identity()
    partner = add_partner(store, them)
    # What the partner published: digests under the key both sides derive.
    key = derive_key(them, own_identity(settings).public_key)
    now = datetime.now(UTC)
    rows = [
        {"partner_id": partner.id, "digest": digest_hex(key, k, v), "epoch": 1, "fetched_at": now}
        for k, v in (PHONE, ("phone", "+911111111111"))
    ]
    with store.transaction() as conn:
        conn.execute(match_partner_digests.insert(), rows)
    ingest(store, settings, report("x", UPI))
    assert count_alerts(store) == 0
    ingest(store, settings, report("y", PHONE))
    [alert] = al.list_alerts(store)
    assert (alert["kind"], alert["partner"], alert["value"]) == ("digest", "in-i4c", PHONE[1])


def test_ack(store: Store, settings: Settings) -> None:
    add_partner(store, other_identity())
    ingest(store, settings, report("a", UPI, source="partner:in-i4c"))
    ingest(store, settings, report("b", UPI))
    [alert] = al.list_alerts(store, unacked=True)
    acked = al.ack_alert(store, alert["id"][:8], by="user:alice")
    assert acked["acked_by"] == "user:alice" and acked["acked_at"]
    assert al.ack_alert(store, alert["id"], by="user:bob")["acked_by"] == "user:alice"
    assert al.list_alerts(store, unacked=True) == []


def test_hook_failure_does_not_fail_the_import(
    store: Store, settings: Settings, monkeypatch
) -> None:
    from crossline.errors import StoreError

    add_partner(store, other_identity())

    def broken(*_a, **_k):  # type: ignore[no-untyped-def]
        raise StoreError("database is locked")

    monkeypatch.setattr(al, "raise_alerts", broken)
    assert al.on_reports_linked(store, settings, ["r"]) == []


def test_same_batch_pair_alerts_once(store: Store, settings: Settings) -> None:
    add_partner(store, other_identity())
    ids = ingest(store, settings, report("p", UPI, source="partner:in-i4c"), report("l", UPI))
    assert [(a["kind"], a["report_id"]) for a in al.list_alerts(store)] == [
        ("partner_shared", ids[1])
    ]
