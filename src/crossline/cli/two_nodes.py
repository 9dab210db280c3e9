"""The two-node demo: a US node and an India node on loopback, each with its own
database, paired under an agreement; US complaints go into one, Indian complaints into
the other, and each node's sync worker pushes what the agreement allows to the other
at once. Both nodes end up with the same cross-border campaigns.

Used by ``crossline demo --two-nodes`` and by its test; the node names, countries and
files are the bundled demo data's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossline.config import Settings, sqlite_url
from crossline.errors import TransportError
from crossline.services.imports import import_paths
from crossline.services.pairing import Side, ensure_home, pair
from crossline.share.loopback import Served, serve_in_thread
from crossline.share.partners import list_partners
from crossline.store import Store, open_store
from crossline.store.read.campaigns import campaign_sources, campaigns_page

LOOPBACK = ("127.0.0.1",)
NODES = (
    ("us-node", "US", "US consumer protection (demo)", "sentinel_reports.csv"),
    ("in-node", "IN", "India central investigation (demo)", "ncrp_complaints.csv"),
)


@dataclass
class DemoNode:
    """One running node of the demo."""

    settings: Settings
    store: Store
    app: Any
    served: Served
    agency: str
    data: Path
    password: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.settings.node_name

    @property
    def url(self) -> str:
        return self.served.url

    def stop(self) -> None:
        self.served.stop()
        self.store.close()


def stop_all(nodes: list[DemoNode]) -> None:
    """Stop every node's sync worker first (so none pushes to a node already gone)."""
    for node in nodes:
        worker = node.app.state.node.sync
        if worker is not None:
            worker.stop()
    for node in nodes:
        node.stop()


def start_nodes(
    base: Path, *, sync_interval: float = 5.0, ports: tuple[int, int] | None = None
) -> list[DemoNode]:
    """Start both nodes (migrating their stores), each with its home agency and admin."""
    from crossline.cli.serve_cmd import build_app
    from crossline.demo_data import demo_files

    files = {p.name: p for p in demo_files()}
    nodes: list[DemoNode] = []
    try:
        for i, (name, country, agency, data) in enumerate(NODES):
            home = base / name
            settings = Settings(
                home=home, database_url=sqlite_url(home / "crossline.db"),
                node_name=name, country=country,
                egress_allow=LOOPBACK,  # the two nodes reach each other on loopback
            )  # fmt: skip
            home.mkdir(parents=True, exist_ok=True)
            store = open_store(settings)
            app = build_app(settings, store=store, sync_interval=sync_interval)
            served = serve_in_thread(app, port=ports[i] if ports else None)
            node = DemoNode(settings, store, app, served, agency, files[data])
            nodes.append(node)
            node.password = ensure_home(Side(settings, store, served.url, agency))
    except Exception:
        stop_all(nodes)
        raise
    return nodes


def pair_if_new(a: DemoNode, b: DemoNode) -> bool:
    """Pair the two nodes unless they already are (a re-run keeps the first pairing)."""
    known = {p.name: p for p in list_partners(a.store)}
    if b.name in known and known[b.name].credential and known[b.name].base_url == b.url:
        return False
    pair(
        Side(a.settings, a.store, a.url, a.agency),
        Side(b.settings, b.store, b.url, b.agency),
    )
    return True


def cross_border(store: Store, partner: str) -> list[dict[str, Any]]:
    """Campaigns that hold both this node's complaints and reports received from ``partner``."""
    with store.read() as conn:
        sources = campaign_sources(conn)
        joined = {cid for cid, s in sources.items() if f"partner:{partner}" in s and len(s) > 1}
        listed = campaigns_page(conn, limit=10_000, cross_border=True)["items"]
    return [c for c in listed if c["id"] in joined]


def settle(nodes: list[DemoNode]) -> None:
    """One more push and pull on each side, in turn, so both hold everything the other
    published (the background workers may still be mid-run: sync is idempotent)."""
    from crossline.services.sync import syncer_for

    for node in (*nodes, nodes[0]):
        syncer = syncer_for(node.store, node.settings)
        try:
            syncer.run()
        finally:
            syncer.close()


def import_and_exchange(
    nodes: list[DemoNode],
    *,
    timeout: float = 60.0,
    on_step: Callable[[str], None] = lambda _m: None,
) -> dict[str, Any]:
    """Each node imports its own complaints and tells its sync worker; wait until both
    nodes show cross-border campaigns. Returns what each node holds and the time taken."""
    a, b = nodes
    start = time.monotonic()
    for node in nodes:
        summary = import_paths(node.settings, [node.data], store=node.store)[0]
        on_step(f"{node.name}: imported {node.data.name}: {summary.stored} new reports")
        node.app.state.node.jobs.notify()  # as an upload would: push now
    deadline = start + timeout
    while True:
        found = {n.name: cross_border(n.store, m.name) for n, m in ((a, b), (b, a))}
        if all(found.values()):
            break
        if time.monotonic() > deadline:
            raise TransportError(
                f"no cross-border campaign on both nodes after {timeout:.0f} s "
                "(see `crossline sync status` in each node's home)"
            )
        time.sleep(0.1)
    elapsed = time.monotonic() - start
    settle(nodes)
    found = {n.name: cross_border(n.store, m.name) for n, m in ((a, b), (b, a))}
    return {
        "seconds": round(elapsed, 2),
        "nodes": {
            n.name: {
                "url": n.url,
                "home": str(n.settings.home),
                "cross_border_campaigns": found[n.name],
            }
            for n in nodes
        },
    }
