"""In-process CPU per suspect-registry request, by whose token asks.

Serves the app in this process (no sockets: an ASGI transport) on a node already built
(default ``/tmp/node1m``, made by ``bench/api.py --keep``), warms every answer, then asks
the same ``--values`` values round and round with a token of the home agency and with a
bank's (an organisation of the node that is not its home). Prints CPU microseconds per
request beside wall time, with the cores and the load average: the machine is shared.

    PYTHONPATH=src python bench/registry_tokens.py --home /tmp/node1m --requests 3000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import urllib.parse
from pathlib import Path

import httpx
from sqlalchemy import select

from crossline.api.app import create_app
from crossline.config import Settings
from crossline.node.auth import Accounts
from crossline.store import open_store
from crossline.store.schema import indicators


def tokens_and_paths(settings: Settings, n_values: int) -> tuple[dict[str, str], list[str]]:
    """A registry token of the home agency and one of a bank; the paths to ask."""
    store = open_store(settings)
    try:
        with store.read() as conn:
            q = select(indicators.c.kind, indicators.c.value).order_by(indicators.c.id)
            values = list(conn.execute(q.limit(n_values)))
        acc = Accounts(store)
        home = acc.org_by_name("Bench agency") or acc.create_org("Bench agency", country="US")
        bank = acc.org_by_name("Bench bank") or acc.create_org("Bench bank", country="US")
        user = next(u for u in acc.list_users() if u["username"] == "bench")
        tokens = {}
        for who, org in (("home", home), ("bank", bank)):
            tokens[who], _ = acc.create_token(
                creator=None, user_id=user["id"], org_id=org["id"], name=f"cpu-{who}",
                role="registry", scopes=["registry"],
            )  # fmt: skip
    finally:
        store.close()
    paths = [f"/api/v1/registry/{k}/" + urllib.parse.quote(v, safe="") for k, v in values]
    return tokens, paths


async def measure(app: object, token: str, paths: list[str], n: int) -> tuple[float, float]:
    """(CPU µs, wall µs) per request over ``n`` requests, after one warm round."""
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for path in paths:
            assert (await client.get(path, headers=headers)).status_code == 200
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(n):
            r = await client.get(paths[i % len(paths)], headers=headers)
            assert r.status_code == 200, r.text
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu / n * 1e6, wall / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=Path("/tmp/node1m"))
    parser.add_argument("--values", type=int, default=300)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    os.environ.setdefault("CROSSLINE_REGISTRY_RATE", "1000000000")  # measure, not refuse
    settings = Settings(home=args.home, database_url=f"sqlite:///{args.home / 'crossline.db'}")
    tokens, paths = tokens_and_paths(settings, args.values)
    app = create_app(settings, audit_background=True, freeze_interval=3600)
    print(f"cores {os.cpu_count()}, load average {os.getloadavg()}")

    async def run() -> None:
        async with app.router.lifespan_context(app):
            for who in ("home", "bank"):
                cpu, wall = await measure(app, tokens[who], paths, args.requests)
                print(f"registry, {who} token: {cpu:7.0f} CPU-µs/request, {wall:7.0f} wall-µs")

    asyncio.run(run())


if __name__ == "__main__":
    main()
