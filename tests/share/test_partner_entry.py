"""PartnerEntry: a partner as its registration names it, carried whole through onboarding."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossline.config import Settings
from crossline.node.auth import Accounts
from crossline.share.identity import load_identity
from crossline.share.onboarding import add_partner, org_name_for
from crossline.share.partners import PartnerEntry, get_partner
from crossline.store import Store

PASSWORD = "correct horse battery staple"


def _key(tmp_path: Path, name: str) -> str:
    return load_identity(Settings(home=tmp_path / name, database_url="sqlite://")).public_key


@pytest.mark.parametrize(
    ("name", "country", "base_url", "credential", "issue_token"),
    [
        ("in-i4c", "IN", None, None, False),
        ("in-cbi", "IN", "https://cbi.example/", None, True),
        ("us-ftc", "US", "http://127.0.0.1:9", "secret-token", False),
    ],
)
def test_an_entry_is_registered_as_given(
    store: Store,
    tmp_path: Path,
    name: str,
    country: str,
    base_url: str | None,
    credential: str | None,
    issue_token: bool,
) -> None:
    accounts = Accounts(store)
    home = accounts.create_org("Home agency", country="US")
    accounts.create_user(home["id"], "admin", PASSWORD, "admin")
    entry = PartnerEntry(name, country, _key(tmp_path, name), base_url, credential)
    done = add_partner(accounts, entry, issue_token=issue_token)
    stored = get_partner(store, name)
    assert (stored.name, stored.country, stored.credential) == (name, country, credential)
    assert stored.public_key == entry.public_key
    assert stored.base_url == (base_url.rstrip("/") if base_url else None)
    assert done.org["name"] == org_name_for(name) and stored.org_id == done.org["id"]
    assert (done.token is not None) == issue_token


def test_registering_the_same_entry_again_keeps_one_organisation(
    store: Store, tmp_path: Path
) -> None:
    accounts = Accounts(store)
    accounts.create_org("Home agency", country="US")
    entry = PartnerEntry("in-i4c", "IN", _key(tmp_path, "in-i4c"))
    first = add_partner(accounts, entry)
    again = add_partner(accounts, entry)
    assert first.org["id"] == again.org["id"] == get_partner(store, "in-i4c").org_id
