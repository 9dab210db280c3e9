"""What the outbound guards cost: the egress check and request signing per partner
request, nonce bookkeeping per signed request received, and the bounded-JSON depth scan
next to json.loads on a TAXII-sized body.

    python bench/outbound.py                 # defaults: 2,000 requests, a ~7 MB body
    python bench/outbound.py --requests 10000 --objects 80000

Everything runs in this process (MockTransport, a temporary SQLite store): no network.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crossline.config import Settings
from crossline.net.egress import EgressPolicy
from crossline.net.outbound import Outbound
from crossline.share import bounded_json
from crossline.share.identity import NodeIdentity
from crossline.share.partner_client import PartnerClient
from crossline.share.partners import Partner
from crossline.share.request_signing import check_request, sign_request
from crossline.store import open_store


def partner_of(identity: NodeIdentity) -> Partner:
    return Partner(
        id="p", name="in-node", country="IN", public_key=identity.public_key,
        key_id=identity.key_id, base_url="https://in-node.example", org_id=None, active=True,
        credential="cl_x",
    )  # fmt: skip


def bench_requests(n: int) -> None:
    me = NodeIdentity("us-node", "US", Ed25519PrivateKey.generate())
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json={}))
    plain = httpx.Client(transport=transport, base_url="https://in-node.example")
    guarded = Outbound(EgressPolicy(), transport, resolve=lambda h, p: ["93.184.216.34"])
    body = {"objects": [{"type": "indicator", "id": "x" * 40}] * 20}
    with PartnerClient(partner_of(me), me, guarded) as client:
        for label, call in (
            ("plain httpx POST", lambda: plain.post("/api/v1/alerts/inbox", json=body)),
            (
                "PartnerClient POST",
                lambda: client.request("POST", "/api/v1/alerts/inbox", json=body),
            ),
        ):
            t0 = time.perf_counter()
            for _ in range(n):
                call()
            per = (time.perf_counter() - t0) / n * 1e6
            print(f"  {label:28s} {per:8.0f} µs/request")
    plain.close()


def bench_receiving(n: int) -> None:
    sender = NodeIdentity("in-node", "IN", Ed25519PrivateKey.generate())
    partner = partner_of(sender)
    content = b'{"objects": []}'
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp) / "h", database_url=f"sqlite:///{tmp}/n.db")
        store = open_store(settings)
        now = datetime.now(UTC)
        signed = [
            sign_request(sender, "POST", "/taxii2/x/", "", content, now=now) for _ in range(n)
        ]
        t0 = time.perf_counter()
        for i, headers in enumerate(signed):
            check_request(
                store, partner, headers, method="POST", path="/taxii2/x/", query="",
                body=content, now=now + timedelta(milliseconds=i),
            )  # fmt: skip
        per = (time.perf_counter() - t0) / n * 1e6
        print(f"  {'verify + remember nonce':28s} {per:8.0f} µs/request (SQLite)")
        store.close()


def bench_depth(objects: int) -> None:
    objs = [
        {"type": "indicator", "id": f"indicator--{i:036d}", "pattern": "[x:value = '\\\"]']",
         "ext": {"k": {"v": [1, 2, {"z": "}"}]}}}
        for i in range(objects)
    ]  # fmt: skip
    data = json.dumps({"objects": objs}).encode()
    mb = len(data) / 1e6
    for label, fn in (("json.loads", json.loads), ("bounded_json.depth", bounded_json.depth)):
        best = min(_timed(fn, data) for _ in range(3))
        print(f"  {label:28s} {mb / best:8.0f} MB/s ({mb:.1f} MB in {best:.2f} s)")


def _timed(fn: object, data: bytes) -> float:
    t0 = time.perf_counter()
    fn(data)  # type: ignore[operator]
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--objects", type=int, default=40_000)
    args = parser.parse_args()
    print("sending (MockTransport):")
    bench_requests(args.requests)
    print("receiving:")
    bench_receiving(args.requests)
    print("bounded JSON:")
    bench_depth(args.objects)


if __name__ == "__main__":
    main()
