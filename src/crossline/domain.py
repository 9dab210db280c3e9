"""Canonical domain records: pure values, no I/O.

Ids are deterministic (uuid5 over a kind and a natural key) so that importing
the same data twice creates nothing new.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

# One namespace for every Crossline id; changing it would change every id.
NAMESPACE = uuid.UUID("6f1c2b0e-3c1d-5b8a-9a57-0c7c1ee1a2f4")

CHANNELS = ("call", "robocall", "sms", "whatsapp", "email", "web", "social", "other")
TLP_MARKINGS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")


_NS_BYTES = NAMESPACE.bytes


def make_id(kind: str, *parts: str) -> str:
    """Deterministic id: uuid5 over ``kind`` and the natural-key ``parts``.

    Same result as ``str(uuid.uuid5(NAMESPACE, name))``, computed without building
    UUID objects: ids are made for every report and value of a million-row import.
    """
    name = "\x1f".join((kind, *parts)).encode()
    b = bytearray(hashlib.sha1(_NS_BYTES + name).digest()[:16])
    b[6] = (b[6] & 0x0F) | 0x50  # version 5
    b[8] = (b[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def report_id(source: str, source_ref: str) -> str:
    """Id of a report: the source system plus its reference in that system."""
    return make_id("report", source, source_ref)


@lru_cache(maxsize=1 << 18)
def indicator_id(kind: str, value: str) -> str:
    """Id of an indicator: its kind plus its normalized value."""
    return make_id("indicator", kind, value)


@dataclass(frozen=True, slots=True)
class VictimPII:
    """Victim personal data. Kept apart from everything else so it can be withheld.

    Never used for linking, never shared unless an agreement explicitly allows it.
    """

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None

    def is_empty(self) -> bool:
        return not any((self.name, self.phone, self.email, self.address))


@dataclass(frozen=True, slots=True)
class Location:
    """Where the victim is, as coarse as the source gives it."""

    country: str | None = None  # ISO 3166-1 alpha-2
    state: str | None = None
    district: str | None = None  # district (IN) or city (US)
    area_code: str | None = None


@dataclass(frozen=True, slots=True)
class SuspectIdentifier:
    """An identifier of the suspect as the source gave it, in a named field.

    ``field`` names the source field (``suspect_mobile``, ``Company_Phone_Number`` ...);
    ``kind`` is the indicator kind the field is declared to hold (``phone``, ``upi`` ...)
    or ``None`` when the field is free-form and must be extracted from.
    """

    field: str
    value: str
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class FieldWarning:
    """A value of a stored row that could not be read (or was read with a guess).

    The row is stored with that field empty (or as guessed); the warning keeps the
    source line, the field, its raw text and why, for ``crossline quarantine list
    --warnings``.
    """

    line: int | None
    field: str
    raw: str
    reason: str


@dataclass(frozen=True, slots=True)
class Report:
    """One complaint, message or transcript, in canonical form.

    ``received_at``/``incident_at`` are timezone-aware UTC; the ``*_raw`` fields keep
    the text exactly as the source wrote it.
    """

    source: str
    source_ref: str
    jurisdiction: str  # ISO 3166-1 alpha-2 of the agency's side: "US", "IN" ...
    channel: str | None = None
    received_at: datetime | None = None
    received_raw: str | None = None
    incident_at: datetime | None = None
    incident_raw: str | None = None
    text: str | None = None
    amount_lost: Decimal | None = None
    currency: str | None = None
    payment_method: str | None = None
    category: str | None = None  # the source's own category (FTC Subject, NCRP sub-category)
    victim_location: Location = field(default_factory=Location)
    victim: VictimPII = field(default_factory=VictimPII)
    suspects: tuple[SuspectIdentifier, ...] = ()
    marking: str | None = None  # TLP 2.0; None: the source's default applies at import
    synthetic: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[FieldWarning, ...] = ()  # values that could not be read, kept raw

    @property
    def id(self) -> str:
        return report_id(self.source, self.source_ref)

    @property
    def seen_at(self) -> datetime | None:
        """Best time for first/last-seen: the incident if known, else receipt."""
        return self.incident_at or self.received_at


@dataclass(frozen=True, slots=True)
class Rejected:
    """A source row that could not become a report: quarantined with its reason."""

    line: int
    raw: str
    reason: str
    field: str | None = None
