"""STIX export: strict OASIS validation, shipped schemas, patterns, ids, what never leaves."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import stix2
from sqlalchemy import text
from stix2patterns.validator import run_validator
from stix2validator import ValidationOptions, validate_instance

from crossline.config import Settings
from crossline.share.agreements import get_agreement
from crossline.share.stix.export import bundle_dict, partner_feed
from crossline.share.stix.extensions import NEW_SCOS, REPORT, schema
from crossline.share.stix.observables import sco
from crossline.store import Store, open_store
from support.stix_support import (
    DEMO,
    VALIDATOR_OPTIONS,
    add_partner,
    bundle_of,
    by_type,
    cheap_hashing,  # noqa: F401 - fixture
    load_demo,
)

CUSTOM = sorted(NEW_SCOS)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Store]]:
    tmp = tmp_path_factory.mktemp("stix")
    settings = Settings(
        home=tmp / "home", database_url=f"sqlite:///{tmp / 'db.sqlite'}", node_name="us-node"
    )
    store = open_store(settings)
    load_demo(settings, store)
    yield settings, store
    store.close()


@pytest.fixture(scope="module")
def bundle(demo: tuple[Settings, Store]) -> dict[str, Any]:
    return bundle_of(demo[1], demo[0])


def test_demo_export_passes_the_oasis_validator_strictly(bundle: dict[str, Any]) -> None:
    results = validate_instance(bundle, ValidationOptions(**VALIDATOR_OPTIONS))
    problems = [str(e) for e in [*results.errors, *(results.warnings or [])]]
    assert problems == []
    assert results.is_valid
    types = by_type(bundle)
    for needed in ("identity", "indicator", "campaign", "relationship", "sighting",
                   "observed-data", "marking-definition", "extension-definition"):  # fmt: skip
        assert types.get(needed), needed
    assert {"phone-number", "payment-handle", "bank-account"} <= set(types)


def test_the_validator_does_catch_a_broken_object(bundle: dict[str, Any]) -> None:
    """The check above can fail: an indicator without a pattern is refused."""
    ind = dict(by_type(bundle)["indicator"][0])
    del ind["pattern"]
    results = validate_instance(
        {"type": "bundle", "id": bundle["id"], "objects": [ind]},
        ValidationOptions(**VALIDATOR_OPTIONS),
    )
    assert not results.is_valid


@pytest.mark.parametrize(
    ("kind", "value", "stix_type"),
    [
        ("phone", "+18333041447", "phone-number"),
        ("upi", "refund.desk@okaxis", "payment-handle"),
        ("bank_account", "HDFC0091163:50100020804403", "bank-account"),
        ("bank_account", "50100020804403", "bank-account"),
        ("iban", "GB82WEST12345698765432", "bank-account"),
        ("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "cryptocurrency-wallet"),
        ("eth", "0x52908400098527886e0f7030069857d2e4169ee7", "cryptocurrency-wallet"),
    ],
    ids=["phone", "upi", "account-ifsc", "account-bare", "iban", "btc", "eth"],
)
def test_custom_scos_follow_their_shipped_schema(kind: str, value: str, stix_type: str) -> None:
    obj = sco(kind, value, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421")
    assert obj is not None and obj["type"] == stix_type
    jsonschema.validate(obj, schema(stix_type))
    broken = {**obj, "x_unknown": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema(stix_type))


@pytest.mark.parametrize("stix_type", CUSTOM)
def test_every_exported_custom_sco_follows_its_schema(
    bundle: dict[str, Any], stix_type: str
) -> None:
    objs = by_type(bundle).get(stix_type, [])
    if stix_type == "cryptocurrency-wallet":  # the demo data names no wallet
        objs = [sco("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT")]
    assert objs
    check = jsonschema.Draft202012Validator(schema(stix_type))
    for obj in objs:
        check.validate(obj)


def test_report_details_follow_the_report_extension_schema(bundle: dict[str, Any]) -> None:
    check = jsonschema.Draft202012Validator(schema(REPORT.name))
    for obj in by_type(bundle)["observed-data"]:
        check.validate(obj["extensions"][REPORT.id])


def test_every_pattern_parses(bundle: dict[str, Any]) -> None:
    patterns = [o["pattern"] for o in by_type(bundle)["indicator"]]
    assert len(patterns) > 300
    assert all(run_validator(p, stix_version="2.1") == [] for p in patterns)
    assert "[phone-number:value = '+" in "\n".join(patterns)


@pytest.mark.parametrize(
    ("kind", "value", "build"),
    [
        ("email", "agent99@example.net", lambda v: stix2.v21.EmailAddress(value=v)),
        ("domain", "toll-pay-now.com", lambda v: stix2.v21.DomainName(value=v)),
        ("url", "http://x.com/a", lambda v: stix2.v21.URL(value=v)),
        ("ipv4", "203.0.113.9", lambda v: stix2.v21.IPv4Address(value=v)),
    ],
    ids=["email", "domain", "url", "ipv4"],
)
def test_standard_sco_ids_match_the_stix2_library(kind: str, value: str, build: Any) -> None:
    obj = sco(kind, value)
    assert obj is not None and obj["id"] == build(value).id


def test_ids_are_deterministic(demo: tuple[Settings, Store], bundle: dict[str, Any]) -> None:
    again = bundle_of(demo[1], demo[0])
    assert [o["id"] for o in again["objects"]] == [o["id"] for o in bundle["objects"]]
    assert again["id"] != bundle["id"]  # a bundle is one transmission


def _victims() -> list[str]:
    with (DEMO / "ncrp_complaints.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    found = [r[k] for r in rows for k in ("complainant_name", "complainant_email",
                                           "complainant_mobile") if r[k]]  # fmt: skip
    assert len(found) > 300
    return found


def test_no_victim_data_and_no_narrative_leave(bundle: dict[str, Any]) -> None:
    text_ = json.dumps(bundle)
    leaked = [v for v in _victims() if v in text_]
    assert leaked == []
    for obj in by_type(bundle)["observed-data"]:
        assert "text" not in obj["extensions"][REPORT.id]


def test_campaign_filter_exports_one_campaign(demo: tuple[Settings, Store]) -> None:
    settings, store = demo
    with store.read() as conn:
        cid, count = conn.execute(
            text("SELECT id, report_count FROM components ORDER BY report_count DESC LIMIT 1")
        ).one()
    types = by_type(bundle_of(store, settings, campaign_id=cid))
    assert len(types["campaign"]) == 1
    assert len(types["observed-data"]) <= count
    assert {r["target_ref"] for r in types["relationship"]} == {types["campaign"][0]["id"]}


AGREEMENTS = {
    "indicators-only": (["indicator"], {"indicator", "sighting"}, {"campaign", "observed-data"}),
    "campaigns": (["indicator", "campaign"], {"campaign", "relationship"}, {"observed-data"}),
    "reports": (["report"], {"observed-data", "phone-number"}, {"indicator", "campaign"}),
}


@pytest.mark.parametrize(("kinds", "present", "absent"), AGREEMENTS.values(), ids=AGREEMENTS)
def test_partner_export_holds_only_the_kinds_agreed(
    tmp_path: Path, kinds: list[str], present: set[str], absent: set[str]
) -> None:
    settings = Settings(home=tmp_path / "h", database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    store = open_store(settings)
    try:
        load_demo(settings, store)
        add_partner(store, "in-node", kinds=kinds, max_marking="TLP:AMBER")
        bundle = bundle_dict(partner_feed(store, get_agreement(store, "in-node")), settings)
    finally:
        store.close()
    types = set(by_type(bundle))
    assert present <= types
    assert not (absent & types)


def test_partner_export_drops_markings_above_the_agreement(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "h", database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    store = open_store(settings)
    try:
        load_demo(settings, store)
        with store.transaction() as conn:  # US complaints become GREEN, Indian stay AMBER
            conn.execute(text("UPDATE reports SET marking = 'TLP:GREEN' WHERE source = 'sentinel'"))
        add_partner(store, "in-node", kinds=["indicator", "campaign", "report"],
                    max_marking="TLP:GREEN")  # fmt: skip
        bundle = bundle_dict(partner_feed(store, get_agreement(store, "in-node")), settings)
        with store.read() as conn:
            green = conn.execute(
                text("SELECT COUNT(*) FROM reports WHERE marking = 'TLP:GREEN'")
            ).scalar()
    finally:
        store.close()
    types = by_type(bundle)
    amber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
    shared = [o for o in bundle["objects"] if o["type"] != "marking-definition"]
    assert all(amber not in o.get("object_marking_refs", []) for o in shared)
    assert 0 < len(types["observed-data"]) <= green
    assert all(o["extensions"][REPORT.id]["jurisdiction"] == "US" for o in types["observed-data"])
