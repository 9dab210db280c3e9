"""Registering a partner node end to end: its organisation, its registry entry, and
(optionally) the API token its node will use to read this one.

Shared by ``crossline partners add`` and ``POST /api/v1/sharing/partners``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from crossline.errors import ValidationError
from crossline.share.partners import Partner, PartnerEntry, register_partner

PARTNER_SCOPES = ("share",)


@dataclass(frozen=True)
class Onboarded:
    """The result: the partner, its organisation, and a token shown once (or None)."""

    partner: Partner
    org: dict[str, Any]
    token: str | None = None
    token_row: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"partner": self.partner.public_dict(), "organisation": self.org}
        if self.token is not None and self.token_row is not None:
            out["token"] = self.token
            out["token_prefix"] = self.token_row["prefix"]
        return out


def org_name_for(partner_name: str) -> str:
    return f"Partner node {partner_name}"


def add_partner(
    accounts: Any,
    entry: PartnerEntry,
    *,
    issue_token: bool = False,
    issuer_user_id: str | None = None,
    token_days: int = 365,
) -> Onboarded:
    """Create (or reuse) the partner's organisation, register ``entry`` with it, and
    with ``issue_token`` create a ``partner``-role token with scope ``share`` for it.

    ``issuer_user_id`` is the admin issuing the token (default: the home
    organisation's first active admin).
    """
    with accounts.store.read() as conn:
        home = accounts.home_org_id(conn)
    existing = accounts.org_by_name(org_name_for(entry.name))
    if home is None or (existing is not None and existing["id"] == home):
        # The first organisation created becomes the home agency: a partner's must never
        # be it, or its tokens would read the node as the agency that runs it.
        raise ValidationError(
            "this node has no home organisation yet: create it before adding partners",
            field="organisation",
            expected="crossline users create --org 'Your agency' --role admin ...",
        )
    if issue_token and issuer_user_id is None:
        # Checked before anything is written, so a refused call leaves no partner behind.
        admins = [u for u in accounts.list_users() if u["role"] == "admin" and u["active"]]
        if not admins:
            raise ValidationError(
                "issuing a partner token needs an admin account on this node",
                field="owner",
                expected="crossline users create --role admin first",
            )
        issuer_user_id = admins[0]["id"]
    org = existing or accounts.create_org(org_name_for(entry.name), country=entry.country)
    partner = register_partner(accounts.store, **asdict(entry), org_id=org["id"])
    if not issue_token or issuer_user_id is None:
        return Onboarded(partner, org)
    token, row = accounts.create_token(
        creator=None,
        user_id=issuer_user_id,
        org_id=org["id"],
        name=f"partner-{entry.name}",
        role="partner",
        scopes=list(PARTNER_SCOPES),
        expires_days=token_days,
    )
    return Onboarded(partner, org, token, row)
