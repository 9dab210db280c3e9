"""A partner node down for a whole sync run, then back: the failure is counted and
visible in the metrics, and the next run catches up exactly once (no loss, no repeat)."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "share"))
from sync_support import IN_FILE, PeerNode, nodes, paired  # noqa: E402

from crossline import metrics  # noqa: E402
from crossline.share.taxii.publish import publish_all  # noqa: E402
from crossline.store.schema import reports  # noqa: E402


class Unplugged(httpx.BaseTransport):
    """Every request to the partner fails as a refused connection while ``down``."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner, self.down = inner, True

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused")
        return self.inner.handle_request(request)


def from_partner(node: PeerNode) -> tuple[int, int]:
    with node.store.read() as conn:
        q = select(func.count(), func.count(func.distinct(reports.c.source_ref))).where(
            reports.c.source == "partner:in-node"
        )
        n, distinct = conn.execute(q).one()
    return int(n), int(distinct)


def runs(outcome: str) -> float:
    return metrics.SYNC_RUNS.labels(
        partner="in-node", direction="pull", outcome=outcome
    )._value.get()


def test_partner_down_for_a_run_then_back(tmp_path: Path) -> None:
    with nodes(
        tmp_path,
        ("us-node", "US", "US agency"),
        ("us-twin", "US", "US twin"),
        ("in-node", "IN", "India agency"),
    ) as n:
        us, twin, ind = n["us-node"], n["us-twin"], n["in-node"]
        paired(us, ind)
        paired(twin, ind)
        ind.load(IN_FILE)
        publish_all(ind.store, ind.settings)
        plug: dict[str, Unplugged] = {}

        def wrap(other: PeerNode, inner: httpx.BaseTransport) -> Unplugged:
            plug.setdefault(other.name, Unplugged(inner)).inner = inner
            return plug[other.name]

        us.wrap = wrap

        failed_before = runs("failed")
        down = us.syncer(page_size=50).run(push=False)
        assert not down[0].ok and down[0].error
        assert runs("failed") == failed_before + 1
        assert from_partner(us) == (0, 0)

        plug["in-node"].down = False
        ok_before = runs("ok")
        assert us.syncer(page_size=50).run(push=False)[0].ok
        assert runs("ok") == ok_before + 1
        twin.syncer(page_size=50).run(push=False)  # never interrupted
        got = from_partner(us)
        assert got[0] > 100 and got[0] == got[1]  # every record once
        assert got == from_partner(twin)
        us.syncer(page_size=50).run(push=False)  # and again: nothing new
        assert from_partner(us) == got
        lag = metrics.SYNC_LAG_SECONDS.labels(partner="in-node")._value.get()
        assert lag >= 0
