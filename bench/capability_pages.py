"""Server time of the capability pages (money, warning list, evidence, legal requests,
partners) on the demo's money data: the synthetic NCRP and Sentinel complaints, whose
payments give the demo store its transfers and freeze requests.

    python bench/capability_pages.py                  # SQLite in a temporary folder
    python bench/capability_pages.py --all            # the whole demo (91k DNC complaints too)
    python bench/capability_pages.py --db postgresql+psycopg://...

Prints the store's figures, then milliseconds per page (median and max of --repeat
requests through the app in-process, rendering included, no network).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from crossline.api.app import create_app
from crossline.config import Settings
from crossline.demo_data import DEMO_DIR, demo_files
from crossline.money.service import compute_mules
from crossline.services.imports import importer_for
from crossline.store.schema_money import freeze_requests, transfers

PASSWORD = "correct horse battery staple"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="database URL (default: SQLite in a temporary folder)")
    ap.add_argument("--all", action="store_true", help="import every demo file")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="crossline-bench-pages-"))
    settings = Settings(home=tmp / "home", database_url=args.db or f"sqlite:///{tmp / 'db'}")
    app = create_app(settings, audit_background=False, freeze_interval=3600)
    node = app.state.node
    files = demo_files() if args.all else [
        DEMO_DIR / "synthetic" / "sentinel_reports.csv",
        DEMO_DIR / "synthetic" / "ncrp_complaints.csv",
    ]  # fmt: skip
    started = time.perf_counter()
    importer = importer_for(node.store, settings, classify=False)
    for path in files:
        importer.import_file(path)
    compute_mules(node.store)
    with node.store.read() as conn:
        n_transfers = conn.execute(select(func.count()).select_from(transfers)).scalar_one()
        n_requests = conn.execute(select(func.count()).select_from(freeze_requests)).scalar_one()
        ref = conn.execute(
            select(freeze_requests.c.report_id).order_by(freeze_requests.c.id).limit(1)
        ).scalar_one()
    print(f"loaded {len(files)} file(s) in {time.perf_counter() - started:.1f} s: "
          f"{n_transfers} transfers, {n_requests} freeze requests")  # fmt: skip
    org = node.accounts.create_org("Bench agency", country="IN")
    node.accounts.create_user(org["id"], "bench", PASSWORD, "admin")
    pages = {
        "money (outbox, mules)": "/money",
        "money, one complaint's trail": f"/money?ref={ref}",
        "money, status filter": "/money?status=pending",
        "warning list": "/warnlist",
        "warning list, filtered": "/warnlist?kind=domain&q=bit",
        "evidence": "/evidence",
        "legal requests": "/requests",
        "partners": "/sharing/partners",
    }
    with TestClient(app) as client:
        r = client.post("/api/v1/auth/login", json={"username": "bench", "password": PASSWORD})
        r.raise_for_status()
        print(f"{'page':32} {'median ms':>10} {'max ms':>8} {'bytes':>8}")
        for name, path in pages.items():
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                page = client.get(path)
                times.append((time.perf_counter() - t) * 1000)
                assert page.status_code == 200, (path, page.status_code)
            print(f"{name:32} {statistics.median(times):10.1f} {max(times):8.1f} "
                  f"{len(page.content):8,}")  # fmt: skip


if __name__ == "__main__":
    main()
