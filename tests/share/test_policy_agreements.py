"""Agreements: file formats, validation messages, storage and which one is in force."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from policy_support import add_partner, agreement, store_agreement

from crossline.errors import SharingError, ValidationError
from crossline.share.agreements import (
    agreement_for_org,
    get_agreement,
    list_agreements,
    load_agreement_file,
    parse_agreements,
    save_agreement,
)

TOML = """
[[agreements]]
partner = "in-i4c"
kinds = ["indicator", "campaign", "report"]
max_marking = "amber"
purposes = ["investigation", "prevention"]
withheld = ["amount_lost"]
coarsen = { location = "state", time = "day" }
matching = ["hmac", "psi"]
alerts = true
valid_from = "2026-01-01T00:00:00Z"
expires_at = "2099-01-01T00:00:00Z"

[[agreements]]
partner = "uk-nca"
kinds = ["indicator"]
max_marking = "TLP:GREEN"
"""


def test_toml_and_json_files_load_the_same(tmp_path) -> None:
    (tmp_path / "a.toml").write_text(TOML)
    first, second = load_agreement_file(tmp_path / "a.toml")
    assert first.max_marking == "TLP:AMBER" and first.coarsen == {
        "location": "state",
        "time": "day",
    }
    assert first.kinds == {"indicator", "campaign", "report"} and first.alerts is True
    assert first.expires_at == datetime(2099, 1, 1, tzinfo=UTC)
    assert second.partner == "uk-nca" and second.allow_victim_contacts is False
    (tmp_path / "a.json").write_text(json.dumps(first.to_dict()))
    assert load_agreement_file(tmp_path / "a.json") == [first]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kinds": ["everything"]}, "kinds"),
        ({"kinds": []}, "kinds"),
        ({"max_marking": "TLP:RED"}, "max_marking"),
        ({"max_marking": "purple"}, "max_marking"),
        ({"withheld": ["victim_pii_plus"]}, "withheld"),
        ({"coarsen": {"location": "street"}}, "coarsen.location"),
        ({"coarsen": {"colour": "red"}}, "coarsen"),
        ({"matching": ["plain-sha256"]}, "matching"),
        ({"allow_victim_contacts": "yes"}, "allow_victim_contacts"),
        ({"expires_at": "next year"}, "expires_at"),
        ({"expires_at": "2020-01-01T00:00Z", "valid_from": "2021-01-01T00:00Z"}, "expires_at"),
        ({"surprise": 1}, "surprise"),
    ],
    ids=[
        "kind", "no-kinds", "red", "marking", "withheld", "coarsen-level", "coarsen-rule",
        "matching", "flag", "date", "window", "unknown-field",
    ],
)  # fmt: skip
def test_bad_agreement_names_the_field(change, field) -> None:
    with pytest.raises(ValidationError) as err:
        agreement(**change)
    assert err.value.context["field"] == field and err.value.context["expected"]


def test_bad_file_names_the_entry() -> None:
    text = json.dumps({"agreements": [agreement().to_dict(), {"partner": "x", "kinds": ["?"]}]})
    with pytest.raises(ValidationError, match=r"agreements\[1\]"):
        parse_agreements(text, fmt="json")


def test_saving_needs_a_registered_partner(store) -> None:
    with pytest.raises(SharingError, match="not registered"):
        save_agreement(store, agreement())


def test_in_force_expired_and_renewed(store, tmp_path) -> None:
    partner = add_partner(store, tmp_path, org_id=None)
    now = datetime.now(UTC)
    old = store_agreement(
        store,
        valid_from=(now - timedelta(days=30)).isoformat(),
        expires_at=(now - timedelta(days=1)).isoformat(),
    )
    assert get_agreement(store, partner.name) is None  # expired -> nothing
    new = store_agreement(store, valid_from=(now - timedelta(hours=1)).isoformat())
    assert get_agreement(store, partner.name) == new != old
    future = store_agreement(store, valid_from=(now + timedelta(days=5)).isoformat())
    assert get_agreement(store, partner.name) == new  # not yet valid
    assert get_agreement(store, partner.name, now=now + timedelta(days=6)) == future
    assert [a.id for a in list_agreements(store)] == [old.id, new.id, future.id]
    save_agreement(store, {**new.to_dict(), "active": False})
    assert get_agreement(store, partner.name) is None


def test_agreement_for_org(store, tmp_path) -> None:
    from crossline.node.auth import Accounts

    org = Accounts(store).create_org("India I4C", country="IN")
    add_partner(store, tmp_path, org_id=org["id"])
    assert agreement_for_org(store, org["id"]) is None
    made = store_agreement(store)
    assert agreement_for_org(store, org["id"]) == made
    assert agreement_for_org(store, "some-other-org") is None
