"""Sharing benchmarks: TAXII 2.1 objects served per second, Crossline next to the OASIS
reference server medallion, on the same objects, in the same run.

    python bench/share.py                    # 2,000 objects side by side, then 50,000 on Crossline
    python bench/share.py --n 5000 --large 100000 --page 1000

Both servers run in their own processes on 127.0.0.1 (Crossline under uvicorn on a
SQLite store, medallion's Flask server with its MemoryBackend loaded from a JSON file
in its own format) and are read by the same client loop (requests, keep-alive): GET
objects with ``limit`` and ``next`` until ``more`` is false. Prints objects/s for each
(best round) and the ratio; target: Crossline >= 5x medallion. medallion filters each
page by scanning its whole manifest for every object (quadratic), so the side-by-side
run is kept small; Crossline is then read alone at ``--large`` objects to show that its
rate does not fall with the size of the collection.

Then the report -> partner-alert latency: two nodes on loopback, reports POSTed to one
(``--reports``, ``--rate``), alerts raised at the other after a signed TAXII push;
p50/p99 against the 2 s target.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

from crossline.config import Settings
from crossline.share import stix  # noqa: F401 - the package must import
from crossline.share.stix import mapping
from crossline.share.stix.export import preamble
from crossline.share.stix.objects_store import store_objects
from crossline.share.taxii.collections import collection_id
from crossline.store import open_store

MEDIA = "application/taxii+json;version=2.1"
NODE = "us-node"


def make_objects(n: int) -> list[dict[str, Any]]:
    """The preamble and ``n`` indicators of synthetic US and Indian phone numbers."""
    creator = mapping.node_identity(NODE, "US")["id"]
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    # extension-definitions are left out: medallion reads their "version" ("1.0.0") as
    # an object version timestamp and fails; both servers get the same objects
    out = [o for o in preamble(NODE, "US") if o["type"] != "extension-definition"]
    for i in range(n):
        phone = f"+1202{5550000 + i:07d}" if i % 2 else f"+9198{10000000 + i:08d}"
        seen = t0 + timedelta(minutes=i)
        ind = {"kind": "phone", "value": phone, "first_seen": seen, "last_seen": seen,
               "report_count": 1 + i % 7}  # fmt: skip
        obj = mapping.indicator(ind, creator=creator, marking="TLP:GREEN")
        assert obj is not None
        out.append(obj)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, proc: subprocess.Popen[bytes], **kw: Any) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            requests.get(url, timeout=1, **kw)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


Server = tuple[subprocess.Popen[bytes], str, Any]


def crossline_server(tmp: Path, objects: list[dict[str, Any]]) -> Server:
    """A node holding ``objects`` in a partner's collection; (process, objects URL, headers)."""
    from crossline.node.auth import Accounts
    from crossline.share.agreements import save_agreement
    from crossline.share.partners import register_partner

    home = tmp / "crossline"
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'db.sqlite'}", node_name=NODE)
    store = open_store(settings)
    acc = Accounts(store)
    org = acc.create_org("India partner", country="IN")["id"]
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    register_partner(store, name="in-node", country="IN", org_id=org,
                     public_key=base64.b64encode(raw).decode())  # fmt: skip
    agreement = save_agreement(
        store,
        {
            "id": "in-bench",
            "partner": "in-node",
            "kinds": ["indicator"],
            "max_marking": "TLP:AMBER",
        },  # fmt: skip
    )
    user = acc.create_user(org, "partner-bench", "bench password 2024!", "partner")
    token, _ = acc.create_token(creator=None, user_id=user["id"], org_id=org, name="bench",
                                role="partner", scopes=["share"])  # fmt: skip
    cid = collection_id(agreement.id)
    started = time.perf_counter()
    store_objects(store, cid, objects, direction="out")
    print(f"crossline: stored {len(objects):,} objects in {time.perf_counter() - started:.2f} s")
    store.close()
    port = free_port()
    env = {
        **os.environ,
        "CROSSLINE_HOME": str(home),
        "CROSSLINE_DATABASE_URL": settings.database_url,
        "CROSSLINE_NODE_NAME": NODE,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "crossline.api.asgi:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_up(f"{base}/api/v1/health", proc)
    url = f"{base}/taxii2/api/collections/{cid}/objects/"
    return proc, url, {"Authorization": f"Bearer {token}", "Accept": MEDIA}


def medallion_server(tmp: Path, objects: list[dict[str, Any]], page: int) -> Server:
    """medallion's MemoryBackend with the same objects; (process, objects URL, auth)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cid = "91a7b528-80eb-42ed-a74d-c6fbd5a26116"
    added = "2024-06-01T00:00:00.000000Z"
    data = {
        "/discovery": {"title": "medallion", "default": f"{base}/api1/",
                       "api_roots": [f"{base}/api1/"]},
        "api1": {
            "information": {"title": "bench", "versions": [MEDIA], "max_content_length": 10**8},
            "status": [],
            "collections": [{
                "id": cid, "title": "bench", "can_read": True, "can_write": False,
                "media_types": ["application/stix+json;version=2.1"],
                "objects": objects,
                "manifest": [
                    {"id": o["id"], "date_added": added,
                     "version": o.get("modified", o.get("created", added)),
                     "media_type": "application/stix+json;version=2.1"}
                    for o in objects
                ],
            }],
        },
    }  # fmt: skip
    data_file = tmp / "medallion-data.json"
    data_file.write_text(json.dumps(data))
    config = {
        "backend": {"module": "medallion.backends.memory_backend",
                    "module_class": "MemoryBackend", "filename": str(data_file)},
        "users": {"bench": "bench"},
        "taxii": {"max_page_size": page},
    }  # fmt: skip
    config_file = tmp / "medallion.json"
    config_file.write_text(json.dumps(config))
    exe = shutil.which("medallion") or str(Path(sys.executable).with_name("medallion"))
    proc = subprocess.Popen(
        [exe, "--host", "127.0.0.1", "--port", str(port), "--log-level", "ERROR", str(config_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    auth = ("bench", "bench")
    wait_up(f"{base}/taxii2/", proc, auth=auth, headers={"Accept": MEDIA})
    return proc, f"{base}/api1/collections/{cid}/objects/", auth


def fetch_all(url: str, page: int, **kw: Any) -> tuple[int, float]:
    """The client loop: every page of the collection; (objects, seconds)."""
    session = requests.Session()
    count, params = 0, {"limit": str(page)}
    headers = {"Accept": MEDIA, **kw.pop("headers", {})}
    started = time.perf_counter()
    while True:
        r = session.get(url, params=params, headers=headers, timeout=1800, **kw)
        r.raise_for_status()
        envelope = r.json()
        count += len(envelope.get("objects", []))
        if not envelope.get("more"):
            break
        params = {"limit": str(page), "next": envelope["next"]}
    return count, time.perf_counter() - started


def serving(n: int, page: int, rounds: int, medallion_rounds: int) -> dict[str, float]:
    """Both servers on the same ``n`` indicators; objects/s of each (best round)."""
    objects = make_objects(n)
    tmp = Path(tempfile.mkdtemp(prefix="crossline-share-bench-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        cl_proc, cl_url, cl_headers = crossline_server(tmp, objects)
        procs.append(cl_proc)
        md_proc, md_url, md_auth = medallion_server(tmp, objects, page)
        procs.append(md_proc)
        results: dict[str, float] = {}
        for name, url, kw, times in (
            ("crossline", cl_url, {"headers": cl_headers}, rounds),
            ("medallion", md_url, {"auth": md_auth}, medallion_rounds),
        ):
            best = 0.0
            for _ in range(times):
                count, seconds = fetch_all(url, page, **dict(kw))
                if count != len(objects):
                    raise RuntimeError(f"{name} served {count} of {len(objects)} objects")
                best = max(best, count / seconds)
            results[name] = best
            print(f"{name:>10}: {len(objects):,} objects in pages of {page}: {best:,.0f} objects/s")
        ratio = results["crossline"] / results["medallion"]
        print(f"     ratio: crossline / medallion = {ratio:.1f}x (target >= 5x)")
        return results
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


def crossline_alone(n: int, page: int, rounds: int) -> float:
    """Crossline only, on a large collection."""
    objects = make_objects(n)
    tmp = Path(tempfile.mkdtemp(prefix="crossline-share-bench-"))
    proc = None
    try:
        proc, url, headers = crossline_server(tmp, objects)
        best = 0.0
        for _ in range(rounds):
            count, seconds = fetch_all(url, page, headers=headers)
            if count != len(objects):
                raise RuntimeError(f"crossline served {count} of {len(objects)} objects")
            best = max(best, count / seconds)
        print(
            f"{'crossline':>10}: {len(objects):,} objects in pages of {page}: {best:,.0f} objects/s"
        )
        return best
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


def alert_latency(n: int, rate: float) -> None:
    """Report POSTed to node A -> alert at node B, p50/p99 over ``n`` reports.

    Two nodes run on loopback (uvicorn, SQLite each, paired under an agreement with
    alerts); B holds the bundled Indian complaints. Reports are POSTed to A's API at
    ``rate`` per second, each naming a different suspect number that B's complaints
    hold. A's sync worker pushes (signed TAXII) as soon as a report is stored; B imports,
    links, and raises an alert. Latency = the alert's time at B minus the POST's start.
    """
    from sqlalchemy import select

    from crossline.cli.two_nodes import pair_if_new, start_nodes, stop_all
    from crossline.domain import report_id
    from crossline.node.auth import Accounts
    from crossline.services.imports import import_paths
    from crossline.store.schema import indicators
    from crossline.store.schema_matching import alerts

    tmp = Path(tempfile.mkdtemp(prefix="crossline-alert-bench-"))
    nodes = start_nodes(tmp, sync_interval=3600.0)
    try:
        a, b = nodes
        pair_if_new(a, b)
        import_paths(b.settings, [b.data], store=b.store)
        with b.store.read() as conn:
            phones = [
                r.value
                for r in conn.execute(
                    select(indicators.c.value)
                    .where(indicators.c.kind == "phone", indicators.c.common.is_(False))
                    .order_by(indicators.c.value)
                )
            ]
        if not phones:
            print("report -> partner alert latency: B holds no phone numbers; nothing measured")
            return
        acc = Accounts(a.store)
        admin = next(u for u in acc.list_users() if u["role"] == "admin")
        token, _ = acc.create_token(
            creator=None, user_id=admin["id"], org_id=admin["org_id"], name="bench",
            role="analyst", scopes=["write"],
        )  # fmt: skip
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        sent: dict[str, datetime] = {}
        gap = 1.0 / rate
        t_start = time.monotonic()
        for i in range(n):
            value = phones[i % len(phones)]
            when = datetime.now(UTC)
            r = session.post(
                f"{a.url}/api/v1/reports",
                json={
                    "source": "bench", "source_ref": f"r{i}", "jurisdiction": "US",
                    "channel": "call", "text": f"caller asked for gift cards, number {value}",
                    "suspects": [{"field": "suspect_phone", "value": value, "kind": "phone"}],
                },
                timeout=30,
            )  # fmt: skip
            r.raise_for_status()
            # B stores A's report as partner:us-node/<A's report id>: the alert names it
            local = report_id("bench", f"r{i}")
            sent[report_id(f"partner:{a.name}", local)] = when
            pause = t_start + (i + 1) * gap - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        deadline = time.monotonic() + 120
        seen: dict[str, datetime] = {}
        while time.monotonic() < deadline and len(seen) < len(sent):
            with b.store.read() as conn:
                for row in conn.execute(select(alerts.c.report_id, alerts.c.created_at)):
                    rid = row.report_id
                    if rid in sent and rid not in seen:
                        at = row.created_at
                        seen[rid] = at if at.tzinfo else at.replace(tzinfo=UTC)
            time.sleep(0.2)
        lat = sorted((seen[v] - sent[v]).total_seconds() for v in seen)
        missing = len(sent) - len(seen)
        if not lat:
            print("report -> partner alert latency: no alert arrived (see sync status)")
            return
        p50 = lat[len(lat) // 2]
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        print(
            f"report -> partner alert: {len(lat)} of {len(sent)} reports alerted at B "
            f"({missing} missing), {rate:g} reports/s posted; p50 {p50 * 1000:.0f} ms, "
            f"p99 {p99 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms "
            f"(target p99 <= 2000 ms: ratio {p99 / 2.0:.2f})"
        )
    finally:
        stop_all(nodes)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2_000, help="indicators served by both")
    parser.add_argument("--large", type=int, default=50_000, help="indicators, Crossline alone")
    parser.add_argument("--page", type=int, default=1000, help="objects per page (limit)")
    parser.add_argument("--rounds", type=int, default=5, help="full reads of Crossline")
    parser.add_argument("--medallion-rounds", type=int, default=1, help="full reads of medallion")
    parser.add_argument("--reports", type=int, default=1000, help="reports for alert latency")
    parser.add_argument("--rate", type=float, default=10.0, help="reports posted per second")
    parser.add_argument("--skip-taxii", action="store_true", help="only the alert latency")
    args = parser.parse_args()
    if not args.skip_taxii:
        print(f"TAXII serving: {args.n:,} indicators, servers in their own processes on loopback")
        serving(args.n, args.page, args.rounds, args.medallion_rounds)
        if args.large:
            print(f"TAXII serving, Crossline alone: {args.large:,} indicators")
            crossline_alone(args.large, args.page, args.rounds)
    if args.reports:
        alert_latency(args.reports, args.rate)


if __name__ == "__main__":
    main()
