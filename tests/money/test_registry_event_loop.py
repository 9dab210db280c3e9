"""A registry answer the server process holds whole (a kept token, a kept answer) is
given on the event loop: no worker thread, no database statement, the same answer as
the store query, and its audit entry written all the same. Anything that must read
the database still goes to a worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crossline.money import registry
from crossline.store.audit_log import list_entries
from crossline.store.visibility import OrgView
from support.money_env import Node
from support.policy_support import add_partner

URL = "/api/v1/registry/upi/mule2@ybl"


def names(functions: list[Any]) -> list[str]:
    """What was sent to worker threads (run_in_threadpool wraps it in a partial)."""
    return [getattr(getattr(f, "func", f), "__name__", "") for f in functions]


def test_a_kept_answer_is_given_on_the_event_loop(served: tuple[Node, list[Any]]) -> None:
    node, threads = served
    first = node.client.get(URL, headers=node.as_("analyst"))
    assert first.status_code == 200, first.text
    assert threads  # the first one read the token and the answer in worker threads
    threads.clear()
    again = node.client.get(URL, headers=node.as_("analyst"))
    assert again.status_code == 200
    assert threads == []
    principal = node.app.state.node.accounts.token_principal(node.tokens["analyst"])
    view = OrgView(org_id=principal.org_id, home=principal.home_org, everything=False)
    assert again.json() == first.json() == registry.check(node.store, "mule2@ybl", "upi", view=view)
    node.app.state.node.audit.flush()
    entries = list_entries(node.store, target="registry", limit=5)
    assert len(entries) == 2 and all(e["outcome"] == "ok" for e in entries)


def test_an_answer_that_must_be_read_goes_to_a_worker_thread(
    served: tuple[Node, list[Any]],
) -> None:
    node, threads = served
    assert node.client.get(URL, headers=node.as_("analyst")).status_code == 200
    threads.clear()
    r = node.client.get("/api/v1/registry/upi/someone-else@ybl", headers=node.as_("analyst"))
    assert r.status_code == 200
    assert names(threads) == ["check"]


def test_a_partners_token_goes_through_its_gate_each_time(
    served: tuple[Node, list[Any]], tmp_path: Path
) -> None:
    # A partner's organisation: its agreement is read each time (and the registry is
    # not among the routes open to partners).
    node, threads = served
    bank = node.app.state.node.accounts.token_principal(node.tokens["bank"])
    add_partner(node.store, tmp_path, org_id=bank.org_id)
    for _ in range(2):
        threads.clear()
        assert node.client.get(URL, headers=node.as_("bank")).status_code == 404
        assert names(threads)[:1] == ["authorize"]
