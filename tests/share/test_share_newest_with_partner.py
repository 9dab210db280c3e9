"""Match query and request lists: newest first, each with its partner's name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crossline.share.matching import newest_with_partner
from crossline.store.schema_matching import match_queries, match_requests
from support.policy_support import add_partner

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def seed(store, partner_id: str) -> None:
    # q0 oldest .. q2 newest; q2 names a partner that is no longer registered
    owners = [partner_id, partner_id, "gone-partner"]
    with store.transaction() as conn:
        conn.execute(
            match_queries.insert(),
            [{"id": f"q{n}", "direction": "in", "partner_id": who, "mode": "psi",
              "endpoint": "match", "values_count": n, "outcome": "ok",
              "at": T0 + timedelta(minutes=n)} for n, who in enumerate(owners)],
        )  # fmt: skip
        conn.execute(
            match_requests.insert(),
            [{"id": f"r{n}", "direction": "out", "partner_id": who, "status": "sent",
              "envelope": {}, "created_at": T0 + timedelta(minutes=n)}
             for n, who in enumerate(owners)],
        )  # fmt: skip


@pytest.mark.parametrize(
    ("table", "at"),
    [pytest.param(match_queries, "at", id="queries"),
     pytest.param(match_requests, "created_at", id="requests")],
)  # fmt: skip
@pytest.mark.parametrize("limit", [1, 2, 5])
def test_newest_first_with_partner_name(store, tmp_path, table, at, limit) -> None:
    partner = add_partner(store, tmp_path)
    seed(store, partner.id)
    rows = newest_with_partner(store, table, at, limit)
    names = [None, partner.name, partner.name][:limit]
    assert [r.partner for r in rows] == names
    assert [getattr(r, at) for r in rows] == sorted((getattr(r, at) for r in rows), reverse=True)
    assert len(rows) == min(limit, 3)
