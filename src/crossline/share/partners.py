"""The registry of partner nodes (``partners`` table): register, look up, list.

A partner is registered with the public key everything it sends must verify with
(exchanged out of band, e.g. read aloud or in a signed letter), its HTTP root and the
credential this node presents to it. Listings never include the credential.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from crossline.domain import make_id
from crossline.errors import NotFoundError, ValidationError
from crossline.share import records
from crossline.share.identity import key_id
from crossline.share.partner_stamp import partners_changed
from crossline.store import Store
from crossline.store.schema_share import partners

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True)
class Partner:
    """A partner node as this node knows it (credential kept out of repr)."""

    id: str
    name: str
    country: str
    public_key: str
    key_id: str
    base_url: str | None
    org_id: str | None
    active: bool
    credential: str | None = None

    def __repr__(self) -> str:
        return f"Partner(name={self.name!r}, country={self.country!r}, key_id={self.key_id})"

    def public_dict(self) -> dict[str, Any]:
        """What listings show: everything but the credential."""
        return {name: getattr(self, name) for name in PUBLIC_FIELDS}


@dataclass(frozen=True)
class PartnerEntry:
    """A partner node as whoever registers it names it: its name, country and signing
    key, and how to reach it (``base_url``, and the ``credential`` its node issued)."""

    name: str
    country: str
    public_key: str
    base_url: str | None = None
    credential: str | None = None


# What listings show of a partner, in the order they show it.
PUBLIC_FIELDS = ("id", "name", "country", "key_id", "public_key", "base_url", "org_id", "active")


def _row(row: Any) -> Partner:
    """The partner stored in ``row`` (its columns are named as the fields are)."""
    values = {f.name: getattr(row, f.name) for f in fields(Partner)}
    return Partner(**{**values, "active": bool(row.active)})


def register_partner(
    store: Store,
    *,
    name: str,
    country: str,
    public_key: str,
    base_url: str | None = None,
    credential: str | None = None,
    org_id: str | None = None,
) -> Partner:
    """Add a partner, or update it when the name is known (re-running is harmless)."""
    if not NAME.match(name):
        raise ValidationError(
            f"partner name {name!r} is not valid", field="name", expected="lowercase [a-z0-9._-]"
        )
    if not re.fullmatch(r"[A-Z]{2}", country or ""):
        raise ValidationError(
            f"country {country!r} is not valid", field="country", expected="ISO 3166 alpha-2"
        )
    if base_url is not None and not re.match(r"^https?://", base_url):
        raise ValidationError(
            f"base URL {base_url!r} is not valid",
            field="base_url",
            expected="http(s)://host[:port]",
        )
    kid = key_id(public_key)  # validates the key
    now = datetime.now(UTC)
    values = {
        "country": country,
        "public_key": public_key.strip(),
        "key_id": kid,
        "base_url": base_url.rstrip("/") if base_url else None,
        "credential": credential,
        "org_id": org_id,
        "active": True,
        "updated_at": now,
    }
    pid = make_id("partner", name)
    with store.transaction() as conn:
        records.save(conn, partners, {"id": pid}, values, new={"name": name, "created_at": now})
    partners_changed(store)  # after the commit: other processes read partners again
    return get_partner(store, name)


def get_partner(store: Store, name: str) -> Partner:
    """The partner called ``name`` (NotFoundError when unknown)."""
    missing = NotFoundError(f"no partner called {name!r}", partner=name)
    return _row(records.one(store, partners, partners.c.name == name, missing=missing))


def partner_by_key_id(store: Store, kid: str) -> Partner:
    """The active partner whose key has id ``kid`` (NotFoundError when unknown)."""
    missing = NotFoundError(f"no active partner with key {kid!r}", key_id=kid)
    active = partners.c.active.is_(True)
    return _row(records.one(store, partners, partners.c.key_id == kid, active, missing=missing))


def list_partners(store: Store) -> list[Partner]:
    """Every registered partner, by name."""
    with store.read() as conn:
        rows = conn.execute(select(partners).order_by(partners.c.name)).all()
    return [_row(r) for r in rows]
