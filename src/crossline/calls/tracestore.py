"""Traceback hop records in the calls store, and requests drafted from stored campaigns."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from crossline.calls.cdr import ImportResult
from crossline.calls.store import CallsStore, has_table, scalar
from crossline.calls.trace_request import RequestedCall, TracebackRequest, build_request
from crossline.calls.traceback import (
    Chain,
    Hop,
    ProviderScore,
    map_header,
    parse_hops,
    rebuild_chains,
    scorecard,
)
from crossline.domain import make_id
from crossline.errors import IngestError, NotFoundError, UnreadableFileError

_HOPS_DDL = """
CREATE TABLE IF NOT EXISTS traceback_hops (
    import_id VARCHAR, traceback_id VARCHAR NOT NULL, hop INTEGER NOT NULL,
    provider VARCHAR NOT NULL, status VARCHAR NOT NULL, upstream VARCHAR, campaign VARCHAR,
    call_id VARCHAR, call_start_utc TIMESTAMPTZ, caller VARCHAR, callee VARCHAR,
    requested_at TIMESTAMPTZ, responded_at TIMESTAMPTZ, response_hours DOUBLE, country VARCHAR
)
"""
_FIELDS = (
    "traceback_id",
    "hop",
    "provider",
    "status",
    "upstream",
    "campaign",
    "call_id",
    "call_start_utc",
    "caller",
    "callee",
    "requested_at",
    "responded_at",
    "response_hours",
    "country",
)


def import_tracebacks(store: CallsStore, path: str | Path) -> ImportResult:
    """Import a CSV of traceback hops; bad rows go to quarantine with their reasons.

    A hop already stored (same traceback id and hop number) is replaced by the newer
    record, so re-sending an updated traceback file is safe.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFileError(f"{path}: no such file")
    raw = path.read_bytes()
    if not raw.strip():
        raise UnreadableFileError(f"{path}: empty file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    reader = csv.DictReader(text.splitlines())
    mapping = map_header(reader.fieldnames or [])
    missing = [
        f for f in ("traceback_id", "hop", "provider", "status") if f not in mapping.values()
    ]
    if missing:
        raise IngestError(
            f"{path}: missing required column(s) {', '.join(missing)}; header has "
            f"{', '.join(reader.fieldnames or [])}"
        )
    rows = [{mapping[k]: v for k, v in row.items() if k in mapping} for row in reader]
    hops, rejected = parse_hops(rows)
    sha = hashlib.sha256(raw).hexdigest()
    import_id = make_id("traceback-import", sha)
    con = store.connect()
    try:
        con.execute(_HOPS_DDL)
        earlier = store.find_import(con, "traceback", sha)
        if earlier:
            return ImportResult(earlier, path.stem, str(path), 0, 0, 0, 0, skipped=True)
        con.execute("BEGIN")
        for h in hops:
            con.execute(
                "DELETE FROM traceback_hops WHERE traceback_id = ? AND hop = ?",
                [h.traceback_id, h.hop],
            )
        if hops:
            con.executemany(
                f"INSERT INTO traceback_hops VALUES (?, {', '.join('?' for _ in _FIELDS)})",
                [[import_id, *(asdict(h)[f] for f in _FIELDS)] for h in hops],
            )
        reasons: dict[str, int] = {}
        for r in rejected:
            reasons[r.field or "row"] = reasons.get(r.field or "row", 0) + 1
        store.record_import(
            con,
            {
                "import_id": import_id,
                "kind": "traceback",
                "source": path.stem,
                "path": str(path),
                "sha256": sha,
                "rows_in": len(rows),
                "stored": len(hops),
                "quarantined": len(rejected),
                "duplicates": 0,
                "imported_at": datetime.now(UTC),
                "details": {"reasons": reasons},
            },
        )
        con.execute("COMMIT")
    finally:
        con.close()
    if rejected:
        store.quarantine_dir.mkdir(parents=True, exist_ok=True)
        with (store.quarantine_dir / f"{import_id}.jsonl").open("w", encoding="utf-8") as fh:
            for r in rejected:
                fh.write(
                    json.dumps({"row": r.line, "field": r.field, "reason": r.reason, "raw": r.raw})
                    + "\n"
                )
    return ImportResult(
        import_id,
        path.stem,
        str(path),
        len(rows),
        len(hops),
        len(rejected),
        0,
        reasons=dict(sorted(reasons.items())),
    )


def load_hops(store: CallsStore, campaign: str | None = None) -> list[Hop]:
    """Stored hops (of one campaign's tracebacks when ``campaign`` is given)."""
    if not store.db_path.exists():
        return []
    con = store.connect(read_only=True)
    try:
        if not has_table(con, "traceback_hops"):
            return []
        where = ""
        params: list[Any] = []
        if campaign:
            where = (
                "WHERE traceback_id IN (SELECT traceback_id FROM traceback_hops WHERE campaign = ?)"
            )
            params = [campaign]
        rel = con.execute(f"SELECT {', '.join(_FIELDS)} FROM traceback_hops {where}", params)
        return [Hop(**dict(zip(_FIELDS, r, strict=True))) for r in rel.fetchall()]
    finally:
        con.close()


def load_chains(store: CallsStore, campaign: str | None = None) -> list[Chain]:
    return rebuild_chains(load_hops(store, campaign))


def load_scorecard(store: CallsStore) -> list[ProviderScore]:
    return scorecard(load_chains(store))


def _campaign_exists(con: duckdb.DuckDBPyConnection, campaign_id: str) -> bool:
    return has_table(con, "campaigns") and bool(
        scalar(con, "SELECT count(*) FROM campaigns WHERE campaign_id = ?", [campaign_id])
    )


def campaign_requests(
    store: CallsStore,
    campaign_id: str,
    *,
    requested_by: str,
    provider: str | None = None,
    limit: int = 20,
) -> list[TracebackRequest]:
    """One request per upstream provider that handed us calls of the campaign.

    The upstream provider is the CDR's ``orig_carrier`` (the previous hop as the
    reporting network saw it). ``provider`` restricts the requests to one of them.
    """
    history = {s.provider: s for s in load_scorecard(store)}
    con = store.connect(read_only=True)
    try:
        if not _campaign_exists(con, campaign_id):
            raise NotFoundError(
                f"no campaign {campaign_id!r}: run `crossline calls campaigns` and use an id "
                "it lists"
            )
        summary = con.execute(
            """SELECT classes, carriers, ingress_countries, calls, spoofed, sequential_ratio
            FROM campaigns WHERE campaign_id = ?""",
            [campaign_id],
        ).fetchall()[0]
        evidence = _evidence(summary)
        per_provider = con.execute(
            """SELECT orig_carrier, count(*) FROM campaign_calls WHERE campaign_id = ?
            GROUP BY orig_carrier ORDER BY count(*) DESC""",
            [campaign_id],
        ).fetchall()
        requests = []
        for name, total in per_provider:
            if provider and name != provider:
                continue
            rows = con.execute(
                """SELECT call_id, start_utc, caller, callee, orig_trunk, attestation, origid
                FROM campaign_calls WHERE campaign_id = ? AND orig_carrier = ?
                ORDER BY start_utc, call_id""",
                [campaign_id, name],
            ).fetchall()
            calls = [
                RequestedCall(
                    str(r[0]),
                    r[1],
                    None if r[2] is None else f"+{r[2]}",
                    f"+{r[3]}",
                    r[4] or None,
                    str(r[5]),
                    r[6],
                )
                for r in rows
            ]
            requests.append(
                build_request(
                    campaign_id,
                    str(name),
                    calls,
                    calls_total=int(total),
                    requested_by=requested_by,
                    evidence=evidence,
                    history=history.get(str(name)),
                    limit=limit,
                )
            )
        if provider and not requests:
            raise NotFoundError(f"campaign {campaign_id} has no calls from provider {provider!r}")
        return requests
    finally:
        con.close()


def _evidence(summary: tuple[Any, ...]) -> list[str]:
    classes, carriers, countries, calls, spoofed, sequential = summary
    out = [f"{calls} calls grouped by shared infrastructure ({carriers})"]
    labels = {
        "neighbour": "caller ids spoofed to match the called number's area code and exchange",
        "protected": "caller ids of government or bank numbers that never place such calls",
        "invalid": "caller ids that are not valid numbers",
        "one_ring": "one-ring calls from foreign premium numbers",
        "rotating": "rotating caller ids, each used for a burst of short unanswered calls",
        "foreign_domestic": "calls entering from abroad with domestic caller ids",
    }
    for cls in str(classes).split("; "):
        if cls in labels:
            out.append(labels[cls])
    if spoofed:
        out.append(f"{spoofed} of {calls} calls with spoofed caller ids")
    if sequential and sequential >= 0.5:
        out.append(f"sequential dialing ({sequential:.0%} of consecutive calls)")
    if countries:
        out.append(f"ingress: {countries}")
    return out
