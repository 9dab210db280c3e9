"""Sharing agreements: what one partner may receive from this node, and until when.

An agreement names the partner, the record kinds that may go ("indicator",
"campaign", "report" — a report without victim data or narrative — and
"report_full"), the most restrictive TLP marking that may go (never TLP:RED), the
purposes it covers, report fields withheld or coarsened, whether victims' contacts
may go (never unless stated), the blind-matching modes allowed, whether alerts go to
the partner, and its validity window.

Agreements are written as JSON or TOML files (``crossline agreements set FILE``)::

    partner = "in-i4c"
    kinds = ["indicator", "campaign", "report"]
    max_marking = "TLP:AMBER"
    purposes = ["investigation", "prevention"]
    withheld = ["amount_lost"]
    coarsen = { location = "state" }
    matching = ["hmac", "psi"]
    alerts = true
    valid_from = "2026-01-01T00:00:00Z"
    expires_at = "2027-01-01T00:00:00Z"

A file may hold one agreement or a list under ``agreements`` (``[[agreements]]`` in TOML).
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select

from crossline.domain import make_id
from crossline.errors import NotFoundError, SharingError, ValidationError
from crossline.share import records
from crossline.share.markings import TLP_RED, parse_tlp, tlp_rank
from crossline.share.partner_stamp import partners_changed
from crossline.share.partners import get_partner, list_partners
from crossline.store import Store
from crossline.store.repository import as_utc
from crossline.store.schema_agreements import agreements

KINDS: tuple[str, ...] = ("indicator", "campaign", "report", "report_full")
MATCHING_MODES: tuple[str, ...] = ("hmac", "psi")
# What each coarsening rule may be set to, finest first.
COARSEN_LEVELS: dict[str, tuple[str, ...]] = {
    "location": ("district", "state", "country"),
    "time": ("second", "day", "month"),
}
# Report fields an agreement may withhold (victim_pii is never sent unless
# allow_victim_contacts, whatever this list says).
WITHHOLDABLE: tuple[str, ...] = (
    "text",
    "amount_lost",
    "currency",
    "payment_method",
    "category",
    "channel",
    "suspects",
    "indicators",
    "label",
    "tags",
    "source_ref",
    "received_at",
    "incident_at",
    "victim_country",
    "victim_state",
    "victim_district",
)
_PURPOSE = re.compile(r"^[a-z][a-z0-9_-]{0,47}$")
_FIELDS = {
    "id", "partner", "kinds", "max_marking", "purposes", "withheld", "coarsen",
    "allow_victim_contacts", "matching", "alerts", "valid_from", "expires_at", "active",
    "notes",
}  # fmt: skip


@dataclass(frozen=True)
class Agreement:
    """One partner's sharing agreement (immutable; see module docstring for the fields)."""

    id: str
    partner: str
    kinds: frozenset[str]
    max_marking: str
    purposes: frozenset[str] = frozenset()
    withheld: frozenset[str] = frozenset()
    coarsen: Mapping[str, str] = field(default_factory=dict, hash=False, compare=True)
    allow_victim_contacts: bool = False
    matching: frozenset[str] = frozenset()
    alerts: bool = False
    valid_from: datetime | None = None
    expires_at: datetime | None = None
    active: bool = True
    notes: str | None = None

    def in_force(self, now: datetime | None = None) -> bool:
        """Active and inside its validity window at ``now`` (default: the current time)."""
        now = now or datetime.now(UTC)
        if not self.active:
            return False
        if self.valid_from is not None and now < self.valid_from:
            return False
        return self.expires_at is None or now < self.expires_at

    def allows_kind(self, kind: str) -> bool:
        """Whether ``kind`` may go; "report_full" implies "report"."""
        if kind == "report":
            return bool({"report", "report_full"} & self.kinds)
        return kind in self.kinds

    def digest(self, **context: Any) -> str:
        """A digest of these terms (and of ``context``): stored with a result computed
        under them (a publication, a partner's campaign list), so that a change of
        terms is noticed and the result computed again."""
        basis = {"agreement": self.to_dict(), **context}
        text = json.dumps(basis, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON form (sets sorted, datetimes ISO 8601) — also the file format."""
        return {
            "id": self.id,
            "partner": self.partner,
            "kinds": sorted(self.kinds, key=KINDS.index),
            "max_marking": self.max_marking,
            "purposes": sorted(self.purposes),
            "withheld": sorted(self.withheld),
            "coarsen": dict(sorted(self.coarsen.items())),
            "allow_victim_contacts": self.allow_victim_contacts,
            "matching": sorted(self.matching),
            "alerts": self.alerts,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "active": self.active,
            "notes": self.notes,
        }


# -- parsing and validation (pure) -------------------------------------------------------


def _bad(name: str, message: str, expected: str, where: str) -> ValidationError:
    return ValidationError(f"{where}field {name!r}: {message}", field=name, expected=expected)


def _str_set(
    data: Mapping[str, Any], name: str, allowed: Iterable[str] | None, where: str
) -> frozenset[str]:
    value = data.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset) or not all(
        isinstance(v, str) for v in value
    ):
        raise _bad(name, f"found {value!r}", "a list of strings", where)
    items = frozenset(v.strip().lower() if name != "withheld" else v.strip() for v in value)
    if allowed is not None:
        allowed = tuple(allowed)
        unknown = sorted(items - set(allowed))
        if unknown:
            raise _bad(name, f"unknown {', '.join(map(repr, unknown))}", ", ".join(allowed), where)
    return items


def _when(data: Mapping[str, Any], name: str, where: str) -> datetime | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise _bad(
                name, f"found {value!r}", "ISO 8601 date-time, e.g. 2027-01-01T00:00:00Z", where
            ) from None
    else:
        raise _bad(name, f"found {value!r}", "ISO 8601 date-time", where)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def agreement_from_dict(data: Mapping[str, Any], *, where: str = "") -> Agreement:
    """Validate one agreement document; errors name the field and what was expected.

    ``where`` prefixes messages (e.g. "agreements[2]: ") when a file holds several.
    """
    if not isinstance(data, Mapping):
        raise ValidationError(f"{where}an agreement must be a table/object", expected="object")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise _bad(unknown[0], "unknown field", ", ".join(sorted(_FIELDS)), where)
    partner = data.get("partner")
    if not isinstance(partner, str) or not partner.strip():
        raise _bad("partner", f"found {partner!r}", "the partner's registered name", where)
    kinds = _str_set(data, "kinds", KINDS, where)
    if not kinds:
        raise _bad("kinds", "is empty", ", ".join(KINDS), where)
    try:
        max_marking = parse_tlp(data.get("max_marking"))
    except ValidationError as exc:
        raise _bad("max_marking", str(exc), str(exc.context.get("expected")), where) from None
    if max_marking == TLP_RED:
        raise _bad(
            "max_marking", "TLP:RED never leaves the node", "TLP:CLEAR .. TLP:AMBER+STRICT", where
        )
    purposes = _str_set(data, "purposes", None, where)
    for p in purposes:
        if not _PURPOSE.match(p):
            raise _bad("purposes", f"found {p!r}", "lowercase words like 'investigation'", where)
    withheld = _str_set(data, "withheld", WITHHOLDABLE, where)
    coarsen = data.get("coarsen", {}) or {}
    if not isinstance(coarsen, Mapping):
        raise _bad("coarsen", f"found {coarsen!r}", 'a table like {location = "state"}', where)
    clean: dict[str, str] = {}
    for key, level in coarsen.items():
        if key not in COARSEN_LEVELS:
            raise _bad("coarsen", f"unknown rule {key!r}", ", ".join(COARSEN_LEVELS), where)
        if level not in COARSEN_LEVELS[key]:
            raise _bad(f"coarsen.{key}", f"found {level!r}", ", ".join(COARSEN_LEVELS[key]), where)
        clean[key] = level
    flags = {}
    for name in ("allow_victim_contacts", "alerts", "active"):
        value = data.get(name, name == "active")
        if not isinstance(value, bool):
            raise _bad(name, f"found {value!r}", "true or false", where)
        flags[name] = value
    valid_from = _when(data, "valid_from", where)
    expires_at = _when(data, "expires_at", where)
    if valid_from and expires_at and expires_at <= valid_from:
        raise _bad("expires_at", "is not after valid_from", "a date-time after valid_from", where)
    notes = data.get("notes")
    if notes is not None and not isinstance(notes, str):
        raise _bad("notes", f"found {notes!r}", "text", where)
    partner = partner.strip()
    stamp = valid_from.isoformat() if valid_from else ""
    agreement_id = data.get("id") or make_id("agreement", partner, stamp)
    if not isinstance(agreement_id, str) or len(agreement_id) > 36:
        raise _bad("id", f"found {agreement_id!r}", "text of at most 36 characters", where)
    return Agreement(
        id=agreement_id,
        partner=partner,
        kinds=kinds,
        max_marking=max_marking,
        purposes=purposes,
        withheld=withheld,
        coarsen=clean,
        matching=_str_set(data, "matching", MATCHING_MODES, where),
        valid_from=valid_from,
        expires_at=expires_at,
        notes=notes,
        **flags,
    )


def parse_agreements(text: str, *, fmt: str) -> list[Agreement]:
    """Agreements in a JSON or TOML document (one, or a list under ``agreements``)."""
    try:
        doc: Any = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(
            f"agreement file is not valid {fmt.upper()}: {exc}", expected=fmt
        ) from None
    if isinstance(doc, list):
        items = doc
    elif isinstance(doc, Mapping) and "agreements" in doc:
        items = doc["agreements"]
    else:
        items = [doc]
    if not isinstance(items, list) or not items:
        raise ValidationError("agreement file holds no agreement", expected="an agreement object")
    many = len(items) > 1
    return [
        agreement_from_dict(item, where=f"agreements[{n}]: " if many else "")
        for n, item in enumerate(items)
    ]


def load_agreement_file(path: str | Path) -> list[Agreement]:
    """Agreements in ``path`` (``.toml``, else JSON)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"cannot read agreement file {path}: {exc}") from None
    return parse_agreements(text, fmt="toml" if path.suffix.lower() == ".toml" else "json")


# -- store ---------------------------------------------------------------------------------


def _row(row: Any) -> Agreement:
    return Agreement(
        id=row.id,
        partner=row.partner_name,
        kinds=frozenset(row.kinds or ()),
        max_marking=row.max_marking,
        purposes=frozenset(row.purposes or ()),
        withheld=frozenset(row.withheld or ()),
        coarsen=dict(row.coarsen or {}),
        allow_victim_contacts=bool(row.allow_victim_contacts),
        matching=frozenset(row.matching or ()),
        alerts=bool(row.alerts),
        valid_from=as_utc(row.valid_from),
        expires_at=as_utc(row.expires_at),
        active=bool(row.active),
        notes=row.notes,
    )


def save_agreement(store: Store, agreement: Agreement | Mapping[str, Any]) -> Agreement:
    """Store an agreement (a dict is validated first); the partner must be registered.

    Saving again under the same id replaces it; a renewal with a new id keeps the old
    row for the record, and :func:`get_agreement` picks whichever is in force.
    """
    if not isinstance(agreement, Agreement):
        agreement = agreement_from_dict(agreement)
    try:
        partner = get_partner(store, agreement.partner)
    except NotFoundError:
        raise SharingError(
            f"agreement {agreement.id} names partner {agreement.partner!r}, not registered",
            partner=agreement.partner,
            expected="crossline partners add NAME first",
        ) from None
    now = datetime.now(UTC)
    doc = agreement.to_dict()
    values = {
        "partner_id": partner.id,
        "partner_name": agreement.partner,
        "kinds": doc["kinds"],
        "max_marking": agreement.max_marking,
        "purposes": doc["purposes"],
        "withheld": doc["withheld"],
        "coarsen": doc["coarsen"],
        "allow_victim_contacts": agreement.allow_victim_contacts,
        "matching": doc["matching"],
        "alerts": agreement.alerts,
        "valid_from": agreement.valid_from or now,
        "expires_at": agreement.expires_at,
        "active": agreement.active,
        "notes": agreement.notes,
        "document": doc,
        "updated_at": now,
    }
    with store.transaction() as conn:
        records.save(conn, agreements, {"id": agreement.id}, values, new={"created_at": now})
    partners_changed(store)  # after the commit: other processes read partners again
    return get_agreement_by_id(store, agreement.id)


def get_agreement_by_id(store: Store, agreement_id: str) -> Agreement:
    """The agreement with ``agreement_id``, in force or not (NotFoundError when unknown)."""
    missing = NotFoundError(f"no agreement with id {agreement_id!r}", agreement=agreement_id)
    return _row(records.one(store, agreements, agreements.c.id == agreement_id, missing=missing))


def get_agreement(
    store: Store, partner_name: str, *, now: datetime | None = None
) -> Agreement | None:
    """The agreement in force for ``partner_name`` (None when none is: expired, not yet
    valid, deactivated or never made). The newest valid_from wins."""
    now = now or datetime.now(UTC)
    a = agreements.c
    with store.read() as conn:
        row = conn.execute(
            select(agreements)
            .where(
                a.partner_name == partner_name,
                a.active.is_(True),
                a.valid_from <= now,
                or_(a.expires_at.is_(None), a.expires_at > now),
            )
            .order_by(a.valid_from.desc(), a.id)
            .limit(1)
        ).first()
    agreement = _row(row) if row is not None else None
    # Re-check in Python: SQLite compares datetimes as text.
    return agreement if agreement is not None and agreement.in_force(now) else None


def agreement_for_org(
    store: Store, org_id: str | None, *, now: datetime | None = None
) -> Agreement | None:
    """The agreement in force for the partner whose organisation is ``org_id``."""
    if not org_id:
        return None
    for partner in list_partners(store):
        if partner.org_id == org_id and partner.active:
            return get_agreement(store, partner.name, now=now)
    return None


def is_partner_org(store: Store, org_id: str | None) -> bool:
    """Whether ``org_id`` is the organisation of a registered partner (active or not).

    A partner's organisation with no agreement in force gets nothing, so callers
    must tell "not a partner" from "partner without agreement".
    """
    return bool(org_id) and any(p.org_id == org_id for p in list_partners(store))


def list_agreements(store: Store, *, partner: str | None = None) -> list[Agreement]:
    """Every stored agreement (in force or not), by partner then valid_from."""
    a = agreements.c
    q = select(agreements).order_by(a.partner_name, a.valid_from, a.id)
    if partner:
        q = q.where(a.partner_name == partner)
    with store.read() as conn:
        return [_row(r) for r in conn.execute(q)]


def max_rank(agreement: Agreement) -> int:
    """The rank of the agreement's most restrictive marking (RED excluded by construction)."""
    return min(tlp_rank(agreement.max_marking), tlp_rank("TLP:AMBER+STRICT"))


__all__ = [
    "COARSEN_LEVELS",
    "KINDS",
    "MATCHING_MODES",
    "WITHHOLDABLE",
    "Agreement",
    "agreement_for_org",
    "agreement_from_dict",
    "get_agreement",
    "get_agreement_by_id",
    "is_partner_org",
    "list_agreements",
    "load_agreement_file",
    "parse_agreements",
    "save_agreement",
]
