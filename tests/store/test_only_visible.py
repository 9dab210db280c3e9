"""only_visible: a query narrowed to the rows an organisation's view may see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Column, MetaData, String, Table, select

from crossline.node.auth import Accounts
from crossline.store import Store
from crossline.store.visibility import EVERYTHING, OrgView, only_visible, share

probe = Table(
    "visibility_probe",
    MetaData(),
    Column("id", String(8), primary_key=True),
    Column("org_id", String(36), nullable=True),
)


@pytest.fixture
def orgs(store: Store) -> Iterator[dict[str, str]]:
    """Rows owned by the home organisation, by another, by nobody, and one shared."""
    acc = Accounts(store)
    ids = {n: acc.create_org(n, country="US")["id"] for n in ("home", "state", "county")}
    rows = [
        {"id": "mine", "org_id": ids["state"]},
        {"id": "theirs", "org_id": ids["county"]},
        {"id": "given", "org_id": ids["county"]},
        {"id": "nobody", "org_id": None},
    ]
    with store.transaction() as conn:
        probe.create(conn)
        conn.execute(probe.insert(), rows)
        share(conn, "alert", "given", ids["state"], by="test")
    yield ids
    with store.transaction() as conn:
        probe.drop(conn)


@pytest.mark.parametrize(
    ("who", "home", "everything", "seen"),
    [
        (None, True, True, ["given", "mine", "nobody", "theirs"]),
        ("state", False, False, ["given", "mine"]),
        ("home", True, False, ["nobody"]),
        ("county", False, False, ["given", "theirs"]),
        (None, False, False, []),
    ],
    ids=["everything", "own-and-shared", "home-sees-unowned", "owner", "no-organisation"],
)
def test_only_visible_rows(
    store: Store,
    orgs: dict[str, str],
    who: str | None,
    home: bool,
    everything: bool,
    seen: list[str],
) -> None:
    view = EVERYTHING if everything else OrgView(orgs.get(who or ""), home, False)
    q = only_visible(select(probe.c.id), view, probe.c.org_id, "alert", probe.c.id)
    with store.read() as conn:
        assert sorted(conn.execute(q).scalars()) == seen


def test_everything_leaves_the_query_as_it_is() -> None:
    q = select(probe.c.id)
    assert only_visible(q, EVERYTHING, probe.c.org_id, "alert", probe.c.id) is q
