"""Blind matching and alert figures: HMAC digests/s, PSI throughput on both sides, and
the time from a report's import to its alert (stored, then delivered to a webhook).

    python bench/match.py                         # defaults: 200k HMAC, PSI 2k x 20k, 200 alerts
    python bench/match.py --psi-querier 5000 --psi-responder 50000

Everything runs in this process on a temporary SQLite node; the webhook receiver is an
httpx MockTransport (no network), so the delivery figure is the node's own work.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crossline.config import Settings
from crossline.domain import Report, SuspectIdentifier
from crossline.net.egress import EgressPolicy
from crossline.net.outbound import Outbound
from crossline.services.imports import importer_for
from crossline.share import blind, psi
from crossline.share import webhooks as wh
from crossline.share.alerts import list_alerts
from crossline.share.identity import NodeIdentity
from crossline.share.partners import register_partner
from crossline.store import open_store


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench_hmac(n: int) -> None:
    key = os.urandom(32)
    started = time.perf_counter()
    for i in range(n):
        blind.digest(key, "phone", f"+9198{i:08d}")
    rate = n / (time.perf_counter() - started)
    print(f"HMAC digests:            {rate:,.0f}/s on one core")
    print(f"  enumerating 10^10 numbers at this rate: {1e10 / rate / 3600:,.1f} h on one core")


def bench_psi(n_a: int, n_b: int) -> None:
    a = psi.Querier([("phone", f"+9198{i:08d}") for i in range(n_a)])
    b = psi.Responder(
        [("phone", f"+9198{i:08d}", f"case-{i}") for i in range(n_a // 2, n_a // 2 + n_b)]
    )
    t0 = time.perf_counter()
    request = a.request()
    t1 = time.perf_counter()
    response = b.respond(request)
    t2 = time.perf_counter()
    found = a.intersect(response)
    t3 = time.perf_counter()
    print(f"PSI {n_a:,} x {n_b:,} values: {len(found):,} matches")
    print(f"  querier blinds          {n_a / (t1 - t0):,.0f} values/s")
    print(f"  responder answers       {(n_a + n_b) / (t2 - t1):,.0f} values/s ({t2 - t1:.2f} s)")
    print(f"  querier intersects      {n_a / (t3 - t2):,.0f} values/s")


def bench_alerts(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp) / "home", database_url=f"sqlite:///{tmp}/n.db")
        store = open_store(settings)
        other = NodeIdentity("in-i4c", "IN", Ed25519PrivateKey.generate())
        register_partner(store, name="in-i4c", country="IN", public_key=other.public_key)
        sink = Outbound(
            EgressPolicy.parse(["sink.example"]),
            httpx.MockTransport(lambda r: httpx.Response(204)),
        )
        wh.add_subscription(store, "sink", "https://sink.example/alerts", sink)
        importer = importer_for(store, settings, classify=False)
        shared = [
            Report(source="partner:in-i4c", source_ref=f"p{i}", jurisdiction="IN",
                   suspects=(SuspectIdentifier("upi", f"mule{i}@okaxis", "upi"),))
            for i in range(n)
        ]  # fmt: skip
        importer.import_reports(shared)
        stored, delivered = [], []
        for i in range(n):
            suspect = SuspectIdentifier("upi", f"mule{i}@okaxis", "upi")
            local = Report(
                source="local", source_ref=f"l{i}", jurisdiction="US", suspects=(suspect,)
            )
            t0 = time.perf_counter()
            importer.import_reports([local])
            t1 = time.perf_counter()
            wh.deliver_due(store, settings, sink)
            t2 = time.perf_counter()
            stored.append(t1 - t0)
            delivered.append(t2 - t0)
        assert len(list_alerts(store, limit=n + 1)) == n
        store.close()
    for label, xs in (("import -> alert stored", stored), ("import -> webhook sent", delivered)):
        p50, p99 = statistics.median(xs) * 1000, pct(xs, 99) * 1000
        print(f"  {label:24s} p50 {p50:6.1f} ms   p99 {p99:6.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hmac", type=int, default=200_000)
    ap.add_argument("--psi-querier", type=int, default=2_000)
    ap.add_argument("--psi-responder", type=int, default=20_000)
    ap.add_argument("--alerts", type=int, default=200)
    args = ap.parse_args()
    bench_hmac(args.hmac)
    bench_psi(args.psi_querier, args.psi_responder)
    print(f"Alerts, one report per import, {args.alerts} imports (SQLite):")
    bench_alerts(args.alerts)


if __name__ == "__main__":
    main()
