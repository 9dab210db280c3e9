"""A bank's registry token (an organisation of the node that is no partner) is
answered on the event loop once its token and the answer are kept: the partner check
is kept per server process too, under a stamp every change of partners, agreements or
organisations moves, so a bank registered as a partner (and so closed to the
registry) is refused on its very next request, in this process or another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import delete

from crossline.money import registry
from crossline.store.audit_log import list_entries
from crossline.store.repository import open_store
from crossline.store.schema_share import partners
from crossline.store.visibility import OrgView
from support.money_env import Node
from support.policy_support import add_partner
from support.statements import statements

URL = "/api/v1/registry/upi/mule2@ybl"


def bank_org(node: Node) -> str:
    principal = node.app.state.node.accounts.token_principal(node.tokens["bank"])
    assert principal is not None and not principal.home_org
    return str(principal.org_id)


def test_a_banks_kept_answer_needs_no_thread_and_no_statement(
    served: tuple[Node, list[Any]],
) -> None:
    node, threads = served
    audit = node.app.state.node.audit
    first = node.client.get(URL, headers=node.as_("bank"))
    assert first.status_code == 200, first.text
    threads.clear()
    # Served, the audit log is written by its own thread: here its entry stays queued.
    audit.flush = lambda: 0
    try:
        with statements(node.store) as seen:
            again = node.client.get(URL, headers=node.as_("bank"))
    finally:
        del audit.flush  # the class's again
    assert again.status_code == 200
    assert threads == []
    assert seen == []
    view = OrgView(org_id=bank_org(node), home=False, everything=False)
    assert again.json() == first.json() == registry.check(node.store, "mule2@ybl", "upi", view=view)
    audit.flush()
    entries = list_entries(node.store, target="registry", limit=5)
    assert len(entries) == 2 and all(e["outcome"] == "ok" for e in entries)


def test_a_bank_made_a_partner_here_is_refused_at_once(
    served: tuple[Node, list[Any]], tmp_path: Path
) -> None:
    node, _threads = served
    for _ in range(2):
        assert node.client.get(URL, headers=node.as_("bank")).status_code == 200
    add_partner(node.store, tmp_path, org_id=bank_org(node))
    assert node.client.get(URL, headers=node.as_("bank")).status_code == 404


def test_a_bank_made_a_partner_by_another_process_is_refused_at_once(
    served: tuple[Node, list[Any]], tmp_path: Path
) -> None:
    node, _threads = served
    for _ in range(2):
        assert node.client.get(URL, headers=node.as_("bank")).status_code == 200
    other = open_store(node.settings, migrate=False)  # its own engine, the same home
    try:
        add_partner(other, tmp_path, org_id=bank_org(node))
    finally:
        other.close()
    assert node.client.get(URL, headers=node.as_("bank")).status_code == 404
    # The home agency's tokens are not partners' and still answered.
    assert node.client.get(URL, headers=node.as_("analyst")).status_code == 200


def test_a_partners_suspension_is_seen_within_the_time_bound(
    served: tuple[Node, list[Any]], tmp_path: Path
) -> None:
    # A write that moves no stamp (a hand-made SQL change): seen once the bound passes.
    node, _threads = served
    cache = node.app.state.node.partners
    now = [1000.0]
    cache.clock = lambda: now[0]
    add_partner(node.store, tmp_path, org_id=bank_org(node))
    assert node.client.get(URL, headers=node.as_("bank")).status_code == 404
    stamp = cache.stamp.read()
    cache.stamp.read = lambda: stamp  # the stamp stands still
    with node.store.transaction() as conn:
        conn.execute(delete(partners))
    assert node.client.get(URL, headers=node.as_("bank")).status_code == 404  # kept
    now[0] += cache.ttl
    assert node.client.get(URL, headers=node.as_("bank")).status_code == 200
