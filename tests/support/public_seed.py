"""Reports behind the citizens' site tests: what the public may and may not learn."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from crossline.config import Settings
from crossline.domain import Report, SuspectIdentifier
from crossline.ingest.pipeline import Importer
from crossline.store import Store

AT = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
REPORTED = "+14155550123"  # in three CLEAR reports
REPORTED_FORMATS = ("(415) 555-0123", "+1 415 555 0123", "415.555.0123")
RED_ONLY = "+14155550177"  # only in TLP:RED reports
AMBER_ONLY = "kyc-helpdesk@okaxis"  # only in TLP:AMBER reports
ONCE = "https://refund-portal.example-claims.com/login"  # one GREEN report
UNKNOWN = "+12025550199"
FLOODED = "+919812345678"  # a competitor's number the public floods


def report(
    ref: str, value: str, *, marking: str, source: str = "sentinel", region: str = "US"
) -> Report:
    return Report(
        source=source,
        source_ref=ref,
        jurisdiction=region,
        received_at=AT,
        text=f"They said my account is blocked and I must pay a fine. Contact {value}",
        suspects=(SuspectIdentifier("suspect", value),),
        amount_lost=Decimal("900"),
        marking=marking,
    )


def seed_public(store: Store, settings: Settings) -> None:
    reports = [
        *(report(f"rep-{i}", REPORTED, marking="TLP:CLEAR") for i in range(3)),
        *(report(f"red-{i}", RED_ONLY, marking="TLP:RED") for i in range(4)),
        *(report(f"amb-{i}", AMBER_ONLY, marking="TLP:AMBER", region="IN") for i in range(4)),
        report("once", ONCE, marking="TLP:GREEN"),
    ]
    Importer(store, settings).import_reports(reports, label="sentinel")
