"""Money trails: trail recall and mule precision/recall on generated mule networks and
PaySim's labels; complaint-to-freeze-request latency with N transfers stored (default
10,000,000); suspect-registry lookups/s with 50 concurrent clients over HTTP (uvicorn).

    python bench/money.py                                   # 10M transfers stored
    python bench/money.py --transfers 500000 --seconds 5    # a quick run
    python bench/money.py --keep /tmp/money --reuse         # reuse a built node

The store is filled by bulk insert (sqlite3 executemany in large transactions, indexes
built afterwards): background transfers among 2M accounts over 60 days, plus generated
mule networks. Then complaints carrying a payment to a mule arrive one at a time
through the import pipeline (the path of a complaint from the 1930 helpline), and the
latency from arrival to the stored freeze requests is read from each request.
Targets: complaint-to-request p99 < 1 s; registry p99 < 10 ms; trail recall >= 0.99,
mule precision >= 0.9.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np

from crossline.config import Settings
from crossline.domain import Location, Report, SuspectIdentifier, make_id
from crossline.money.evaluate import evaluate_network, evaluate_paysim
from crossline.money.synthetic import Network, generate
from crossline.store import open_store

PAYSIM = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "paysim-sample"
BATCH = 200_000
COLUMNS = (
    "id", "source", "txn_id", "reference", "at", "from_account", "to_account", "amount",
    "currency", "channel", "to_bank", "from_bank", "balance_after", "report_id", "fraud_label",
    "import_id", "created_at",
)  # fmt: skip
INDEXES = (
    "ix_transfers_from_at ON transfers (from_account, at)",
    "ix_transfers_to_at ON transfers (to_account, at)",
    "ix_transfers_reference ON transfers (reference)",
    "ix_transfers_report ON transfers (report_id)",
)


def _bench_api() -> object:
    spec = importlib.util.spec_from_file_location("bench_api", Path(__file__).with_name("api.py"))
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def quality(sizes: list[int]) -> None:
    print("== quality on generated networks (victims -> 4 mule layers -> cash-out, decoys)")
    for seed, victims in zip((7, 11, 23), sizes, strict=False):
        t = time.perf_counter()
        r = evaluate_network(generate(seed, victims=victims))
        print(
            f"  seed {seed:>2} victims {victims:>5}: complaints {r['complaints']:>5}  "
            f"transfers {r['transfers']:>7,}  trail recall {r['trail_recall']:.4f} "
            f"(target 0.99, ratio {r['trail_recall'] / 0.99:.3f})  mule precision "
            f"{r['mule_precision']:.4f} (target 0.9)  mule recall {r['mule_recall']:.4f}  "
            f"[{time.perf_counter() - t:.1f} s]",
            flush=True,
        )
    sample = PAYSIM / "sample_raw.csv"
    if sample.exists():
        from crossline.money.readers import read

        _name, items = read(sample)
        transfers = [i for i in items if hasattr(i, "txn_id")]
        r = evaluate_paysim(transfers)
        print(f"== PaySim sample ({len(transfers):,} rows, isFraud labels): {r}")


def _ts(at: datetime) -> str:
    """The text SQLAlchemy stores for a UTC datetime in SQLite (so comparisons hold)."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def bulk_fill(db: Path, n: int, nets: list[Network], rng: np.random.Generator) -> int:
    """Background transfers plus the networks' transfers, straight into SQLite."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    for ix in INDEXES:
        con.execute(f"DROP INDEX IF EXISTS {ix.split()[0]}")
    sql = f"INSERT INTO transfers ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    now = _ts(datetime.now(UTC))
    net_rows = [
        (
            t.id, t.source, t.txn_id, t.reference, _ts(t.at),
            t.from_account, t.to_account, str(t.amount), t.currency, t.channel, None, None,
            None, None, t.fraud_label, None, now,
        )
        for net in nets
        for t in net.transfers
    ]  # fmt: skip
    con.executemany(sql, net_rows)
    background = max(0, n - len(net_rows))
    accounts = 2_000_000
    span = 60 * 86400
    done = 0
    t0 = time.perf_counter()
    while done < background:
        k = min(BATCH, background - done)
        src = rng.integers(0, accounts, size=k).tolist()
        dst = rng.integers(0, accounts, size=k).tolist()
        secs = rng.integers(-15 * 86400, span, size=k)
        stamps = np.datetime64("2024-01-01T00:00:00") + secs.astype("timedelta64[s]")
        ats = [a.replace("T", " ") for a in np.datetime_as_string(stamps, unit="us").tolist()]
        amounts = np.char.mod("%.2f", np.round(rng.lognormal(8.0, 1.2, size=k), 2)).tolist()
        rows = [
            (
                make_id("transfer", "fill", str(j)), "fill", str(j), None, ats[i],
                f"upi:p{src[i]}@oksbi", f"upi:p{dst[i]}@ybl", amounts[i], "INR", "upi",
                None, None, None, None, None, None, now,
            )
            for i, j in enumerate(range(done, done + k))
        ]  # fmt: skip
        con.executemany(sql, rows)
        con.commit()
        done += k
        if done % 2_000_000 < BATCH:
            rate = done / (time.perf_counter() - t0)
            print(f"  {done:>11,} background transfers ({rate:,.0f}/s)", flush=True)
    t = time.perf_counter()
    for ix in INDEXES:
        con.execute(f"CREATE INDEX {ix}")
    con.commit()
    total = con.execute("SELECT count(*) FROM transfers").fetchone()[0]
    con.close()
    print(f"  indexes built in {time.perf_counter() - t:.1f} s; {total:,} transfers stored")
    return int(total)


def complaint_report(c, seq: int) -> Report:  # type: ignore[no-untyped-def]
    """An NCRP-style complaint whose transaction is the generated victim's payment."""
    kind, _, value = c.to_account.partition(":")
    if kind == "upi":
        tx = {"suspect_upi_id": value}
        suspects = (SuspectIdentifier("transactions[1].suspect_upi_id", value, "upi"),)
    else:
        ifsc, digits = value.split(":")
        tx = {"suspect_bank_account": digits, "suspect_ifsc": ifsc}
        suspects = (
            SuspectIdentifier("transactions[1].suspect_bank_account", digits, "bank_account"),
            SuspectIdentifier("transactions[1].suspect_ifsc", ifsc, "ifsc"),
        )
    tx.update(transaction_id=c.reference, amount=str(c.amount), date=c.at.isoformat())
    return Report(
        source="ncrp",
        source_ref=f"BENCH{seq:09d}",
        jurisdiction="IN",
        channel="call",
        received_at=c.at + timedelta(minutes=20),
        incident_at=c.at,
        text="Caller posing as a courier officer made me pay a customs fine.",
        amount_lost=Decimal(str(c.amount)),
        currency="INR",
        payment_method="UPI",
        category="Online Financial Fraud",
        victim_location=Location(country="IN", state="Maharashtra"),
        suspects=suspects,
        synthetic=True,
        extra={"transactions": [tx]},
    )


def latency(settings: Settings, nets: list[Network], k: int) -> list[str]:
    """Complaints one at a time through the pipeline; returns the mule accounts seen."""
    from sqlalchemy import select

    from crossline.services.imports import importer_for
    from crossline.store.schema_money import freeze_requests

    store = open_store(settings)
    importer = importer_for(store, settings, batch_size=1)
    complaints = [c for net in nets for c in net.complaints]
    random.Random(5).shuffle(complaints)
    walls = []
    for i, c in enumerate(complaints[:k]):
        t = time.perf_counter()
        importer.import_reports([complaint_report(c, i)], label="helpline")
        walls.append((time.perf_counter() - t) * 1000)
    with store.read() as conn:
        rows = conn.execute(select(freeze_requests.c.report_id, freeze_requests.c.latency_ms)).all()
    first: dict[str, float] = {}
    for rid, ms in rows:
        first[rid] = min(ms, first.get(rid, ms))
    lat = np.array(sorted(first.values()))
    print(
        f"== complaint -> freeze requests ({len(first)} complaints, {len(rows)} requests): "
        f"p50 {np.percentile(lat, 50):.1f} ms  p99 {np.percentile(lat, 99):.1f} ms  "
        f"(target p99 < 1000 ms, ratio {np.percentile(lat, 99) / 1000:.3f}); whole import "
        f"call p50 {np.percentile(walls, 50):.1f} ms p99 {np.percentile(walls, 99):.1f} ms"
    )
    from crossline.money.service import compute_mules

    t = time.perf_counter()
    scored = compute_mules(store)
    print(f"  mule scores of {len(scored):,} trail accounts in {time.perf_counter() - t:.1f} s")
    store.close()
    return sorted({n for net in nets for n in net.mules})


def registry_load(
    settings: Settings, home: Path, mules: list[str], clients: int, seconds: float
) -> None:
    api = _bench_api()
    from crossline.node.auth import Accounts

    store = open_store(settings)
    acc = Accounts(store)
    org = acc.org_by_name("Bench bank") or acc.create_org("Bench bank", country="IN")
    user = next((u for u in acc.list_users() if u["username"] == "bench-money"), None)
    if user is None:
        secret = "load-test-" + os.urandom(12).hex()
        user = acc.create_user(org["id"], "bench-money", secret, "admin")
    token, _ = acc.create_token(
        creator=None,
        user_id=user["id"],
        org_id=org["id"],
        name="bench-registry",
        role="registry",
        scopes=["registry"],
    )
    store.close()
    paths = []
    for m in mules[:3000]:
        kind, _, value = m.partition(":")
        route = "upi" if kind == "upi" else "account"
        paths.append(f"/api/v1/registry/{route}/{urllib.parse.quote(value, safe='@:')}")
    rng = random.Random(3)
    paths += [f"/api/v1/registry/upi/nobody{rng.randrange(10**9)}@ybl" for _ in range(len(paths))]
    os.environ["CROSSLINE_REGISTRY_RATE"] = "1000000"  # measure the lookup, not the limiter
    port = api.free_port()  # type: ignore[attr-defined]
    server = api.start_server(home, settings.database_url, port, 1)  # type: ignore[attr-defined]
    try:
        asyncio.run(api.load(port, token, paths[:50], 10, 2.0, 500))  # type: ignore[attr-defined]
        lat, errors, elapsed = asyncio.run(
            api.load(port, token, paths, clients, seconds, 200_000)  # type: ignore[attr-defined]
        )
    finally:
        server.terminate()
        server.wait()
    ms = np.array(lat) * 1000
    print(
        f"== registry over HTTP, {clients} clients: n={len(lat):,}  "
        f"p50 {np.percentile(ms, 50):.1f} ms  p99 {np.percentile(ms, 99):.1f} ms  "
        f"{len(lat) / elapsed:,.0f} lookups/s  errors={errors}  "
        f"(target p99 < 10 ms, ratio {np.percentile(ms, 99) / 10:.2f})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--transfers", type=int, default=10_000_000)
    ap.add_argument("--complaints", type=int, default=300)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--keep", type=Path, default=None)
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--skip-quality", action="store_true")
    args = ap.parse_args()

    if not args.skip_quality:
        quality([500, 1000, 2000])
    home = args.keep or Path(tempfile.mkdtemp(prefix="crossline-money-"))
    url = f"sqlite:///{home / 'crossline.db'}"
    settings = Settings(home=home, database_url=url)
    nets = [generate(100 + i, victims=1000) for i in range(4)]
    if not args.reuse:
        if home.exists():
            shutil.rmtree(home)
        home.mkdir(parents=True)
        open_store(settings).close()  # schema
        print(f"== filling {args.transfers:,} transfers in {home}", flush=True)
        t = time.perf_counter()
        bulk_fill(home / "crossline.db", args.transfers, nets, np.random.default_rng(7))
        print(f"  filled in {time.perf_counter() - t:.1f} s", flush=True)
    mules = latency(settings, nets, args.complaints)
    registry_load(settings, home, mules, args.clients, args.seconds)
    print("(2 cores, shared with other work)")


if __name__ == "__main__":
    sys.exit(main())
