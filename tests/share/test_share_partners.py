"""Partner registry on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from crossline.config import Settings
from crossline.errors import IntegrityError, NotFoundError, ValidationError
from crossline.share.identity import load_identity
from crossline.share.partners import (
    get_partner,
    list_partners,
    partner_by_key_id,
    register_partner,
)


def test_register_update_and_find(store, tmp_path) -> None:
    other = load_identity(Settings(home=tmp_path / "in", database_url="sqlite://"))
    p = register_partner(
        store,
        name="in-cbi",
        country="IN",
        public_key=other.public_key,
        base_url="http://127.0.0.1:9000/",
        credential="secret-token",
    )
    assert p.base_url == "http://127.0.0.1:9000" and p.key_id == other.key_id
    assert "secret-token" not in repr(p) and "credential" not in p.public_dict()
    again = register_partner(
        store, name="in-cbi", country="IN", public_key=other.public_key, base_url=None
    )
    assert again.id == p.id and again.base_url is None
    assert [x.name for x in list_partners(store)] == ["in-cbi"]
    assert partner_by_key_id(store, other.key_id).name == "in-cbi"
    with pytest.raises(NotFoundError):
        get_partner(store, "nobody")


@pytest.mark.parametrize(
    ("field", "kwargs", "error"),
    [
        ("name", {"name": "Bad Name"}, ValidationError),
        ("country", {"country": "India"}, ValidationError),
        ("base_url", {"base_url": "ftp://x"}, ValidationError),
        ("public_key", {"public_key": "not-a-key"}, IntegrityError),
    ],
    ids=["name", "country", "base_url", "public_key"],
)
def test_bad_registration_names_the_field(store, tmp_path, field, kwargs, error) -> None:
    key = load_identity(Settings(home=tmp_path / "x", database_url="sqlite://")).public_key
    args = {"name": "us-ftc", "country": "US", "public_key": key, **kwargs}
    with pytest.raises(error):
        register_partner(store, **args)
