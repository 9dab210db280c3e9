"""What the public is told about a value: only counted, non-restricted reports, never a
flood of unconfirmed public reports (store-backed, both engines)."""

from __future__ import annotations

import pytest

from crossline.config import Settings
from crossline.ingest.pipeline import Importer
from crossline.link.relink import relink
from crossline.money import registry
from crossline.services import citizens
from crossline.store import Store
from crossline.store import queries_citizen as qc
from support.public_seed import AMBER_ONLY, FLOODED, ONCE, RED_ONLY, REPORTED, seed_public
from support.public_seed import report as _report


@pytest.fixture
def seeded(store: Store, settings: Settings) -> tuple[Store, Settings]:
    seed_public(store, settings)
    return store, settings


@pytest.mark.parametrize(
    ("typed", "region", "verdict"),
    [
        ("(415) 555-0123", "US", "reported_scam"),
        ("+1 415 555 0123", None, "reported_scam"),
        ("4155550123", "US", "reported_scam"),
        ("Missed call from 415.555.0123, call back now!", "US", "reported_scam"),
        (ONCE, None, "suspicious"),
        ("(800) 772-1213", "US", "genuine"),
        ("1930", "IN", "genuine"),
        ("+1 202 555 0199", "US", "no_reports"),
    ],
    ids=[
        "national",
        "e164-spaced",
        "digits",
        "in-a-message",
        "one-report",
        "ssa",
        "1930",
        "unknown",
    ],
)
def test_verdicts(
    seeded: tuple[Store, Settings], typed: str, region: str | None, verdict: str
) -> None:
    store, settings = seeded
    assert citizens.check(store, settings, typed, region=region).verdict == verdict


def test_reported_answer_says_type_count_and_month_only(seeded: tuple[Store, Settings]) -> None:
    store, settings = seeded
    [value] = citizens.check(store, settings, REPORTED).to_dict()["values"]
    assert value["reports"] == 3
    assert value["last_reported"] == "2026-03"
    assert value["scam_type"]
    assert set(value) == {
        "kind",
        "value",
        "verdict",
        "reports",
        "scam_type",
        "last_reported",
        "genuine_name",
    }


@pytest.mark.parametrize(
    ("restricted", "unknown"),
    [(RED_ONLY, "+14155550188"), (AMBER_ONLY, "nobody-here@okaxis")],
    ids=["tlp-red", "tlp-amber"],
)
def test_restricted_value_answers_exactly_like_an_unknown_one(
    seeded: tuple[Store, Settings], restricted: str, unknown: str
) -> None:
    store, settings = seeded
    known = citizens.check(store, settings, restricted, region="IN").to_dict()
    never = citizens.check(store, settings, unknown, region="IN").to_dict()
    for answer in (known, never):
        for item in answer["values"]:
            item.pop("value")
    assert known == never
    assert known["verdict"] == "no_reports"


def _flood(store: Store, settings: Settings, n: int) -> None:
    Importer(store, settings).import_reports(
        [
            _report(f"flood-{i}", FLOODED, marking="TLP:AMBER", source="citizen", region="IN")
            for i in range(n)
        ],
        label="citizen",
    )


def test_a_flood_of_public_reports_flags_nothing_and_links_nothing(
    store: Store, settings: Settings
) -> None:
    _flood(store, settings, 1000)
    for i in range(3):  # and through the public path itself
        citizens.submit_report(
            store,
            settings,
            citizens.CitizenReportIn(
                what_happened="he threatened me", reported_value=FLOODED, region="IN"
            ),
            nonce=f"n{i}",
            origin="api",
            address=f"10.0.0.{i}",
        )
    answer = citizens.check(store, settings, FLOODED, region="IN")
    assert answer.verdict == "no_reports"
    with store.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT count(*) FROM reports WHERE source = 'citizen' AND component_id IS NOT NULL"
        ).scalar_one()
    assert rows == 0
    assert [i["status"] for i in citizens.moderation_queue(store, status=None)] == ["pending"] * 3
    # Banks and carriers asking the registry are not misled either, and a relink from
    # scratch leaves the unconfirmed reports out too.
    assert registry.check(store, FLOODED)["risk"] == "unknown"
    relink(store)
    with store.read() as conn:
        linked = conn.exec_driver_sql(
            "SELECT count(*) FROM reports WHERE source = 'citizen' AND component_id IS NOT NULL"
        ).scalar_one()
    assert linked == 0


def test_confirmation_or_an_independent_source_makes_public_reports_count(
    store: Store, settings: Settings
) -> None:
    sent = [
        citizens.submit_report(
            store,
            settings,
            citizens.CitizenReportIn(
                what_happened="fake KYC call", reported_value=FLOODED, region="IN"
            ),
            nonce=f"c{i}",
            origin="web",
            address="10.1.1.1",
        )
        for i in range(3)
    ]
    assert citizens.check(store, settings, FLOODED, region="IN").verdict == "no_reports"
    citizens.decide(store, sent[0].reference, "confirm", by="analyst")
    assert registry.check(store, FLOODED)["report_count"] == 1
    after_one = citizens.check(store, settings, FLOODED, region="IN")
    assert (after_one.verdict, after_one.values[0].reports) == ("suspicious", 1)
    # A rejected one never counts, even once an independent source speaks.
    citizens.decide(store, sent[1].reference, "reject", by="analyst")
    Importer(store, settings).import_reports(
        [_report("ncrp-1", FLOODED, marking="TLP:GREEN", source="ncrp", region="IN")], label="ncrp"
    )
    both = citizens.check(store, settings, FLOODED, region="IN")
    # confirmed one + pending one (now corroborated) + the independent report
    assert (both.verdict, both.values[0].reports) == ("reported_scam", 3)
    # A later public report about a value an independent source reported counts and links.
    late = citizens.submit_report(
        store,
        settings,
        citizens.CitizenReportIn(
            what_happened="same number again", reported_value=FLOODED, region="IN"
        ),
        nonce="late",
        origin="web",
        address="10.1.1.2",
    )
    assert late.status == "corroborated"
    with store.read() as conn:
        row = qc.citizen_report(conn, reference=late.reference)
    assert row is not None and row["component_id"] is not None
    assert citizens.check(store, settings, FLOODED, region="IN").values[0].reports == 4
    # Confirming a corroborated report changes its status only: nothing counted twice.
    before = registry.check(store, FLOODED)["report_count"]
    assert citizens.decide(store, late.reference, "confirm", by="analyst")["status"] == "confirmed"
    assert registry.check(store, FLOODED)["report_count"] == before


def test_the_same_form_sent_twice_is_one_report(store: Store, settings: Settings) -> None:
    form = citizens.CitizenReportIn(
        what_happened="asked for OTP", reported_value="fraud.kyc@ybl", region="IN"
    )
    first = citizens.submit_report(
        store, settings, form, nonce="same", origin="web", address="1.2.3.4"
    )
    again = citizens.submit_report(
        store, settings, form, nonce="same", origin="web", address="1.2.3.4"
    )
    assert first.reference == again.reference and first.stored and not again.stored
    assert len(citizens.moderation_queue(store, status=None)) == 1
