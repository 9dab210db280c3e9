"""A registry answer the server process holds whole (a kept token, a kept answer) is
given on the event loop: no worker thread, no database statement, the same answer as
the store query, and its audit entry written all the same. Anything that must read
the database still goes to a worker thread."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import pytest

from crossline.money import registry
from crossline.money.risk_index import SERVING_STAMP_EVERY, RiskIndex
from crossline.money.service import compute_mules, import_transfers
from crossline.services.imports import importer_for
from crossline.store.audit_log import list_entries
from crossline.store.visibility import OrgView
from support.money_env import DATA, NCRP_JSON, Node

URL = "/api/v1/registry/upi/mule2@ybl"


def names(functions: list[Any]) -> list[str]:
    """What was sent to worker threads (run_in_threadpool wraps it in a partial)."""
    return [getattr(getattr(f, "func", f), "__name__", "") for f in functions]


@pytest.fixture
def served(node: Node, monkeypatch: pytest.MonkeyPatch) -> tuple[Node, list[Any]]:
    """A loaded node whose clocks stand still (no kept answer expires during a test),
    and the functions sent to worker threads from then on."""
    importer_for(node.store, node.settings, classify=False).import_file(NCRP_JSON)
    import_transfers(node.store, DATA / "trail.csv")
    compute_mules(node.store)
    state = node.app.state.node
    state.risk_index = RiskIndex(node.store, stamp_every=SERVING_STAMP_EVERY)
    state.risk_index.clock = lambda: 1000.0
    state.accounts.tokens.clock = lambda: 1000.0
    threads: list[Any] = []
    real = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kw: Any) -> Any:
        threads.append(func)
        return await real(func, *args, **kw)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return node, threads


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


def test_a_partners_token_is_not_answered_from_memory(served: tuple[Node, list[Any]]) -> None:
    # The bank's organisation is not the node's own: its gate is checked each time.
    node, threads = served
    for _ in range(2):
        threads.clear()
        assert node.client.get(URL, headers=node.as_("bank")).status_code == 200
        assert names(threads)[:1] == ["authorize"]
