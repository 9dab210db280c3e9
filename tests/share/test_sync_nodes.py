"""Sync between two nodes: cross-border campaigns on both sides, resume without loss or
duplicates, signatures checked, retries with backoff."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sync_support import IN_FILE, US_FILE, PeerNode, nodes, paired

from crossline.errors import TransportError
from crossline.share.sync import Backoff, resume_point, with_retries
from crossline.share.sync_worker import SyncWorker
from crossline.store.schema import reports
from crossline.store.schema_stix import stix_objects
from crossline.store.schema_sync import sync_state

US = ("us-node", "US", "US consumer protection")
IN = ("in-node", "IN", "India central investigation")


def partner_reports(node: PeerNode, partner: str) -> set[str]:
    with node.store.read() as conn:
        rows = conn.execute(select(reports.c.id).where(reports.c.source == f"partner:{partner}"))
        return {r.id for r in rows}


def cross_border(node: PeerNode, partner: str) -> list[set[str]]:
    """Campaigns holding both a local report and one received from ``partner``."""
    with node.store.read() as conn:
        rows = conn.execute(
            select(reports.c.component_id, reports.c.source).where(
                reports.c.component_id.is_not(None)
            )
        ).all()
    sources: dict[str, set[str]] = {}
    for r in rows:
        sources.setdefault(r.component_id, set()).add(r.source)
    return [s for s in sources.values() if f"partner:{partner}" in s and len(s) > 1]


def test_complaints_on_each_side_meet_in_one_campaign_on_both(tmp_path: Path) -> None:
    with nodes(tmp_path, US, IN) as n:
        us, ind = n["us-node"], n["in-node"]
        paired(us, ind)
        us.load(US_FILE)
        ind.load(IN_FILE)
        for node in (us, ind):
            results = node.syncer().run()
            assert all(r.ok for r in results), [r.to_dict() for r in results]
        # Each side now holds the other's reports (without victims' data) ...
        for node, other in ((us, ind), (ind, us)):
            got = partner_reports(node, other.name)
            assert got, f"{node.name} received nothing from {other.name}"
            with node.store.read() as conn:
                pii = conn.execute(
                    select(reports.c.victim_pii).where(reports.c.source == f"partner:{other.name}")
                ).scalars()
                leaked = [p for p in pii if p]
            assert leaked == []
            # ... and they joined local complaints into cross-border campaigns.
            assert cross_border(node, other.name), f"no cross-border campaign on {node.name}"
            # What a partner sent is never published again (no echo between nodes).
            with node.store.read() as conn:
                echoed = conn.execute(
                    select(func.count()).where(
                        stix_objects.c.direction == "out",
                        stix_objects.c.body.like('%"source":"partner:%'),
                    )
                ).scalar()
            assert echoed == 0


def test_second_run_moves_nothing_new(tmp_path: Path) -> None:
    with nodes(tmp_path, US, IN) as n:
        us, ind = n["us-node"], n["in-node"]
        paired(us, ind)
        ind.load(IN_FILE)
        first = ind.syncer().run(pull=False)
        assert first[0].objects > 0
        assert ind.syncer().run(pull=False)[0].objects == 0
        before = partner_reports(us, "in-node")
        us.syncer().run(push=False)  # pulls what was pushed already: nothing new
        assert partner_reports(us, "in-node") == before


class FlakyAfter(httpx.BaseTransport):
    """A transport passing ``ok`` object-page requests through, then failing every one after."""

    def __init__(self, inner: httpx.BaseTransport, ok: int) -> None:
        self.inner, self.ok, self.pages = inner, ok, 0
        self.down = True

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/objects/"):
            self.pages += 1
            if self.down and self.pages > self.ok:
                raise httpx.ConnectError("partner down")
        return self.inner.handle_request(request)


def test_partner_down_mid_pull_then_back_catches_up_exactly_once(tmp_path: Path) -> None:
    with nodes(tmp_path, US, ("us-clean", "US", "US twin"), IN) as n:
        us, clean, ind = n["us-node"], n["us-clean"], n["in-node"]
        paired(us, ind)
        paired(clean, ind)
        ind.load(IN_FILE)
        from crossline.share.taxii.publish import publish_all

        publish_all(ind.store, ind.settings)
        flaky: dict[str, FlakyAfter] = {}

        def wrap(other: PeerNode, inner: httpx.BaseTransport) -> FlakyAfter:
            flaky.setdefault(other.name, FlakyAfter(inner, ok=2)).inner = inner
            return flaky[other.name]

        us.wrap = wrap
        down = us.syncer(page_size=40).run(push=False)
        assert not down[0].ok and "unreachable" in (down[0].error or "")
        halfway = partner_reports(us, "in-node")
        with us.store.read() as conn:
            state = conn.execute(select(sync_state)).first()
        assert state is not None and state.cursor and state.failures == 1
        flaky["in-node"].down = False  # the partner is back
        back = us.syncer(page_size=40).run(push=False)
        assert back[0].ok
        clean.syncer(page_size=40).run(push=False)
        final = partner_reports(us, "in-node")
        assert halfway < final  # resumed, and ...
        assert final == partner_reports(clean, "in-node")  # ... same as a clean run
        with us.store.read() as conn:
            dupes = conn.execute(
                select(stix_objects.c.stix_id, stix_objects.c.version, func.count())
                .group_by(stix_objects.c.collection_id, stix_objects.c.stix_id,
                          stix_objects.c.version)
                .having(func.count() > 1)
            ).all()  # fmt: skip
        assert dupes == []


class Tamper(httpx.BaseTransport):
    """A transport that changes one byte of every object page on its way."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "GET" and request.url.path.endswith("/objects/"):
            body = response.content.replace(b"+91", b"+92", 1)
            return httpx.Response(
                response.status_code, headers=dict(response.headers), content=body
            )
        return response


def test_a_page_changed_on_the_way_is_refused_and_nothing_imported(tmp_path: Path) -> None:
    with nodes(tmp_path, US, IN) as n:
        us, ind = n["us-node"], n["in-node"]
        paired(us, ind)
        ind.load(IN_FILE)
        from crossline.share.taxii.publish import publish_all

        publish_all(ind.store, ind.settings)
        us.wrap = lambda _other, c: Tamper(c)
        result = us.syncer().run(push=False)[0]
        assert not result.ok and "does not verify" in (result.error or "")
        assert partner_reports(us, "in-node") == set()


def test_unsigned_push_is_refused(tmp_path: Path) -> None:
    with nodes(tmp_path, US, IN) as n:
        us, ind = n["us-node"], n["in-node"]
        paired(us, ind)
        from crossline.share.partners import get_partner

        token = get_partner(us.store, "in-node").credential
        cid = ind.client.get(
            "/taxii2/api/collections/",
            headers={"Accept": "application/taxii+json;version=2.1",
                     "Authorization": f"Bearer {token}"},
        ).json()["collections"][0]["id"]  # fmt: skip
        r = ind.client.post(
            f"/taxii2/api/collections/{cid}/objects/",
            content=b'{"objects":[]}',
            headers={"Accept": "application/taxii+json;version=2.1",
                     "Content-Type": "application/taxii+json;version=2.1",
                     "Authorization": f"Bearer {token}"},
        )  # fmt: skip
        assert r.status_code == 401 and "not signed" in r.json()["description"]


@pytest.mark.parametrize(
    ("failures", "attempts", "ok", "sleeps"),
    [(0, 3, True, 0), (2, 3, True, 2), (3, 3, False, 2), (1, 1, False, 0)],
    ids=["first-try", "after-two-failures", "gives-up", "no-retry-configured"],
)
def test_retries_with_backoff(failures: int, attempts: int, ok: bool, sleeps: int) -> None:
    calls: list[int] = []
    slept: list[float] = []

    def fn() -> str:
        calls.append(1)
        if len(calls) <= failures:
            raise TransportError("down")
        return "done"

    backoff = Backoff(attempts=attempts, base=1.0, cap=4.0)
    if ok:
        assert with_retries(fn, backoff, sleep=slept.append) == "done"
    else:
        with pytest.raises(TransportError):
            with_retries(fn, backoff, sleep=slept.append)
    assert len(slept) == sleeps and all(0 <= s <= 4.0 for s in slept)


def test_resume_point_rereads_the_last_instant() -> None:
    assert resume_point(None) is None
    assert resume_point("2026-11-28T10:00:00.000000Z") == "2026-11-28T09:59:59.999999Z"


def test_worker_pushes_when_notified(tmp_path: Path) -> None:
    with nodes(tmp_path, US, IN) as n:
        us, ind = n["us-node"], n["in-node"]
        paired(us, ind)
        us.load(US_FILE)
        done = threading.Event()
        syncer = us.syncer()
        real_run = syncer.run

        def run(*a: Any, **kw: Any) -> Any:
            out = real_run(*a, **kw)
            if any(r.direction == "push" and r.objects for r in out):
                done.set()
            return out

        syncer.run = run  # type: ignore[method-assign]
        worker = SyncWorker(syncer, interval=3600, debounce=0)
        worker.start()
        try:
            worker.notify()
            assert done.wait(60), "the worker did not push after notify()"
        finally:
            worker.stop()
        assert partner_reports(ind, "us-node")
