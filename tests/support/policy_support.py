"""Helpers of the sharing-policy tests: a registered partner, agreements, marked reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update

from crossline.config import Settings
from crossline.share.agreements import Agreement, agreement_from_dict, save_agreement
from crossline.share.identity import load_identity
from crossline.share.partners import register_partner
from crossline.store import Store
from crossline.store.schema import reports
from support.api_seed import REPORTS, seed  # noqa: E402

# The seeded reports' markings: the cross-border campaign mixes levels on purpose.
MARKINGS = {
    "us-1": "TLP:CLEAR",
    "us-2": "TLP:GREEN",
    "in-1": "TLP:AMBER",
    "in-2": "TLP:AMBER+STRICT",
    "us-3": "TLP:RED",
    "us-4": "TLP:GREEN",
    "us-5": "TLP:CLEAR",
}
assert set(MARKINGS) == set(REPORTS)


def seed_marked(store: Store) -> dict[str, str]:
    """The API test seed with :data:`MARKINGS` applied; returns its ids."""
    ids = seed(store)
    with store.transaction() as conn:
        for name, marking in MARKINGS.items():
            conn.execute(update(reports).where(reports.c.id == ids[name]).values(marking=marking))
    return ids


def add_partner(store: Store, tmp: Path, name: str = "in-i4c", org_id: str | None = None) -> Any:
    key = load_identity(Settings(home=tmp / name, database_url="sqlite://")).public_key
    return register_partner(
        store, name=name, country="IN", public_key=key, base_url="http://127.0.0.1:9", org_id=org_id
    )


def agreement(**kw: Any) -> Agreement:
    doc = {
        "partner": "in-i4c",
        "kinds": ["indicator", "campaign", "report"],
        "max_marking": "TLP:AMBER",
        "purposes": ["investigation"],
        "valid_from": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
        **kw,
    }
    return agreement_from_dict(doc)


def store_agreement(store: Store, **kw: Any) -> Agreement:
    return save_agreement(store, agreement(**kw))
