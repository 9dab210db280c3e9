"""Request bodies and the documented response shapes of the API (Pydantic).

Inputs are strict (unknown fields refused, lengths bounded) so bad input is
answered with a 422 naming the field; outputs are documented but open
(``extra="allow"``) so adding a field is never a breaking change.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import phonenumbers
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from crossline.domain import (
    CHANNELS,
    TLP_MARKINGS,
    Location,
    Report,
    SuspectIdentifier,
    VictimPII,
)

Channel = Literal[CHANNELS]  # type: ignore[valid-type]
Marking = Literal[TLP_MARKINGS]  # type: ignore[valid-type]


def _text_timestamp(value: Any) -> Any:
    # A bare number would be read as seconds since 1970: refuse it, ask for RFC 3339.
    if value is not None and not isinstance(value, str | datetime):
        raise ValueError("expected an RFC 3339 timestamp string, e.g. 2024-03-01T09:30:00Z")
    return value


Timestamp = Annotated[datetime | None, BeforeValidator(_text_timestamp)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# -- errors ---------------------------------------------------------------------------------


class ErrorDetail(Open):
    code: str
    message: str


class ErrorOut(BaseModel):
    """Every non-2xx answer: ``{"error": {"code", "message", ...context}}``."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (400, "Malformed request body"),
        (401, "Not authenticated"),
        (403, "Role or token scope does not allow this"),
        (404, "Not found"),
        (409, "Conflicts with what exists"),
        (413, "Too large"),
        (422, "Invalid input; `fields` names each problem"),
        (429, "Rate limited"),
        (503, "Not available in this build of the node"),
    )
}


# -- accounts ---------------------------------------------------------------------------------


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class MeOut(Open):
    kind: str
    id: str
    name: str
    org_id: str
    org_name: str
    role: str
    permissions: list[str]
    csrf_token: str | None = None


class OrgIn(Strict):
    name: str = Field(min_length=1, max_length=128)
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")


class UserIn(Strict):
    org_id: str = Field(min_length=1, max_length=36)
    username: str = Field(pattern=r"^[A-Za-z0-9._@-]{2,64}$")
    password: str = Field(min_length=12, max_length=1024, description="12+ characters")
    role: Literal["admin", "analyst", "viewer", "partner"]
    display_name: str | None = Field(default=None, max_length=128)


class UserPatch(Strict):
    role: Literal["admin", "analyst", "viewer", "partner"] | None = None
    active: bool | None = None
    password: str | None = Field(default=None, min_length=12, max_length=1024)


class TokenIn(Strict):
    name: str = Field(min_length=1, max_length=128)
    role: Literal["admin", "analyst", "viewer", "partner"]
    scopes: list[Literal["read", "write", "import", "quarantine", "export", "pii", "admin"]] = (
        Field(min_length=1, max_length=7)
    )
    org_id: str | None = Field(default=None, max_length=36, description="default: your own")
    expires_days: int | None = Field(default=365, ge=1, le=3650)


class TokenCreated(Open):
    token: str = Field(description="shown once: store it now")
    id: str
    prefix: str
    role: str
    scopes: list[str]


# -- reports ----------------------------------------------------------------------------------


class LocationIn(Strict):
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")
    state: str | None = Field(default=None, max_length=64)
    district: str | None = Field(default=None, max_length=128)
    area_code: str | None = Field(default=None, max_length=8)


class VictimIn(Strict):
    name: str | None = Field(default=None, max_length=255)
    phone: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=255)
    address: str | None = Field(default=None, max_length=1000)


class SuspectIn(Strict):
    field: str = Field(min_length=1, max_length=64, description="source field name")
    value: str = Field(min_length=1, max_length=512)
    kind: str | None = Field(default=None, max_length=24, description="phone, upi, ... or null")


# The countries whose numbering plans the extractor knows: a report's jurisdiction is
# the region its numbers are read in, so anything else cannot be processed.
Country = Literal.__getitem__(tuple(sorted(phonenumbers.SUPPORTED_REGIONS)))  # type: ignore[attr-defined]


class ReportIn(Strict):
    """One complaint. ``source`` + ``source_ref`` identify it: posting it again adds nothing."""

    source: str = Field(default="api", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    source_ref: str = Field(min_length=1, max_length=255)
    jurisdiction: Country
    channel: Channel | None = None
    received_at: Timestamp = None
    incident_at: Timestamp = None
    text: str | None = Field(default=None, max_length=100_000)
    amount_lost: str | None = Field(
        default=None,
        pattern=r"^[0-9]{1,15}(\.[0-9]{1,2})?$",
        description='decimal string, e.g. "1250.00" (exact: no binary floats)',
    )
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    payment_method: str | None = Field(default=None, max_length=64)
    category: str | None = Field(default=None, max_length=255)
    victim_location: LocationIn = Field(default_factory=LocationIn)
    victim: VictimIn = Field(default_factory=VictimIn)
    suspects: list[SuspectIn] = Field(default_factory=list, max_length=100)
    marking: Marking | None = Field(
        default=None, description="TLP 2.0 marking; default: the source's (docs/sharing.md)"
    )
    extra: dict[str, str] = Field(default_factory=dict, max_length=50)

    def to_domain(self) -> Report:
        from datetime import UTC

        def utc(value: datetime | None) -> datetime | None:
            if value is None:
                return None
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

        loc = self.victim_location
        return Report(
            source=self.source,
            source_ref=self.source_ref,
            jurisdiction=self.jurisdiction,
            channel=self.channel,
            received_at=utc(self.received_at),
            received_raw=self.received_at.isoformat() if self.received_at else None,
            incident_at=utc(self.incident_at),
            incident_raw=self.incident_at.isoformat() if self.incident_at else None,
            text=self.text,
            amount_lost=Decimal(self.amount_lost) if self.amount_lost else None,
            currency=self.currency.upper() if self.currency else None,
            payment_method=self.payment_method,
            category=self.category,
            victim_location=Location(
                country=loc.country.upper() if loc.country else None,
                state=loc.state,
                district=loc.district,
                area_code=loc.area_code,
            ),
            victim=VictimPII(**self.victim.model_dump()),
            suspects=tuple(SuspectIdentifier(**s.model_dump()) for s in self.suspects),
            marking=self.marking,
            extra=dict(self.extra),
        )


class BulkIn(Strict):
    reports: list[ReportIn] = Field(min_length=1, max_length=5000)


class ImportSummaryOut(Open):
    import_id: str
    rows_read: int
    stored: int
    duplicates: int
    quarantined: int
    reconciles: bool
    updated: int = 0  # stored rows that were corrected versions of stored reports
    warnings: int = 0  # values of stored rows that could not be read (left empty)
    report_ids: list[str] = []


class Page(Open):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


def parse_timestamp(value: str | None, name: str) -> datetime | None:
    """An RFC 3339 / ISO 8601 timestamp from a query string (naive means UTC)."""
    import re
    from datetime import UTC

    from crossline.errors import ValidationError

    if value is None:
        return None
    text = value.strip().upper().replace(" ", "T")
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)  # Python keeps microseconds at most
    text = re.sub(r"(T\d{2}:\d{2}):60", r"\1:59", text)  # a leap second
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(
            f"{name}: {value!r} is not a timestamp (expected e.g. 2024-03-01T00:00:00Z)",
            field=name,
        ) from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def timestamp_query(description: str) -> Any:
    """A query parameter documented as ``format: date-time`` and parsed strictly."""
    from fastapi import Query

    return Query(
        None, max_length=64, description=description, json_schema_extra={"format": "date-time"}
    )


CAMPAIGN_REF = r"^[0-9a-fA-F-]{6,36}$"


def _iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD``: pydantic alone would also read ``0`` as 1970-01-01."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("expected a day as YYYY-MM-DD")
    return value


#: A calendar day written ``YYYY-MM-DD`` (query filters such as ``since``/``until``).
Day = Annotated[date, BeforeValidator(_iso_day)]
