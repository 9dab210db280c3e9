"""Use cases over the calls store, shared by the CLI and any other front end.

Each function opens the store, does one job and returns plain dicts/lists ready
for JSON, so the faces that call them stay thin.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from datetime import datetime
from typing import Any

import duckdb

from crossline.calls.campaigns import CampaignRules, detect_campaigns
from crossline.calls.features import FeatureParams, compute_features
from crossline.calls.store import CallsStore, has_table, scalar
from crossline.calls.tracestore import load_scorecard
from crossline.errors import NotFoundError


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy / decimal scalars
        return value.item()
    if type(value).__name__ == "Decimal":
        return int(value) if value == int(value) else float(value)
    return value


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict]:
    rel = con.execute(sql, params or [])
    names = [d[0] for d in rel.description]
    return [{n: _plain(v) for n, v in zip(names, r, strict=True)} for r in rel.fetchall()]


def analyze(
    store: CallsStore,
    params: FeatureParams | None = None,
    rules: CampaignRules | None = None,
    *,
    campaigns: bool = True,
) -> dict[str, Any]:
    """Recompute the feature tables (and campaigns) over every stored call record."""
    t = time.perf_counter()
    con = store.connect()
    try:
        store.cdr_glob()  # a clear error when nothing was imported
        features = compute_features(con, "cdr", params)
        result: dict[str, Any] = {"features": asdict(features)}
        if campaigns:
            result["campaigns"] = asdict(detect_campaigns(con, "cdr", rules))
        result["seconds"] = round(time.perf_counter() - t, 3)
        return result
    finally:
        con.close()


def _require(con: duckdb.DuckDBPyConnection, table: str) -> None:
    if not has_table(con, table):
        raise NotFoundError(
            f"no {table} yet: run `crossline calls campaigns` (or `calls features`) first"
        )


def list_campaigns(store: CallsStore, limit: int = 50) -> list[dict[str, Any]]:
    """Detected campaigns, largest first."""
    con = store.connect(read_only=True)
    try:
        _require(con, "campaigns")
        return _rows(
            con, "SELECT * FROM campaigns ORDER BY calls DESC, campaign_id LIMIT ?", [limit]
        )
    finally:
        con.close()


def campaign_detail(store: CallsStore, campaign_id: str, calls: int = 10) -> dict[str, Any]:
    """One campaign: its summary, its cells (trunk-days) and a sample of its calls."""
    con = store.connect(read_only=True)
    try:
        _require(con, "campaigns")
        found = _rows(con, "SELECT * FROM campaigns WHERE campaign_id = ?", [campaign_id])
        if not found:
            raise NotFoundError(f"no campaign {campaign_id!r}")
        return {
            **found[0],
            "cells": _rows(
                con,
                """SELECT orig_carrier, orig_trunk, day, class, n, total, share
                FROM campaign_cells WHERE campaign_id = ? ORDER BY day, orig_carrier""",
                [campaign_id],
            ),
            "sample_calls": _rows(
                con,
                """SELECT call_id, start_utc, caller, callee, answered, duration_s, orig_carrier,
                       orig_trunk, attestation, ingress_country, class
                FROM campaign_calls WHERE campaign_id = ? ORDER BY start_utc LIMIT ?""",
                [campaign_id, calls],
            ),
        }
    finally:
        con.close()


def campaign_indicators(
    store: CallsStore, campaign_id: str, min_calls: int = 3
) -> list[dict[str, Any]]:
    """Caller ids a campaign reused, as phone indicators for the campaign graph.

    Only numbers the operator chose are returned: those presented ``min_calls`` times
    or more in the rotating, foreign-ingress, one-ring or invalid classes. Neighbour
    spoofs are innocent subscribers' numbers and protected ones belong to the agency
    impersonated, so neither identifies the operator. The same number in complaints
    joins the two campaigns.
    """
    con = store.connect(read_only=True)
    try:
        _require(con, "campaign_calls")
        if not scalar(con, "SELECT count(*) FROM campaigns WHERE campaign_id = ?", [campaign_id]):
            raise NotFoundError(f"no campaign {campaign_id!r}")
        return _rows(
            con,
            """SELECT 'phone' AS kind, '+' || caller AS value, 'caller_id' AS role,
                   count(*) AS calls, min(start_utc) AS first_seen, max(start_utc) AS last_seen,
                   any_value(class) AS class
            FROM campaign_calls WHERE campaign_id = ? AND caller IS NOT NULL
              AND class IN ('rotating', 'foreign_domestic', 'one_ring', 'invalid')
            GROUP BY caller HAVING count(*) >= ? ORDER BY calls DESC, value""",
            [campaign_id, min_calls],
        )
    finally:
        con.close()


def carrier_profile(store: CallsStore, name: str) -> dict[str, Any]:
    """Everything known about one carrier: features, trunks, what it signed, campaigns,
    and its traceback record."""
    con = store.connect(read_only=True)
    try:
        _require(con, "carrier_features")
        found = _rows(con, "SELECT * FROM carrier_features WHERE orig_carrier = ?", [name])
        if not found:
            known = [
                r["orig_carrier"]
                for r in _rows(
                    con, "SELECT orig_carrier FROM carrier_features ORDER BY calls DESC LIMIT 10"
                )
            ]
            raise NotFoundError(
                f"no carrier {name!r} in the call records; busiest are: {', '.join(known)}"
            )
        profile: dict[str, Any] = {"carrier": name, **found[0]}
        profile["by_trunk"] = _rows(
            con,
            """SELECT orig_trunk, sum(calls)::BIGINT AS calls,
                   round(sum(answered) / sum(calls), 4) AS answer_ratio,
                   round(sum(neighbour) / sum(calls), 4) AS neighbour_ratio,
                   round(sum(foreign_domestic) / sum(calls), 4) AS foreign_domestic_ratio,
                   round((sum(att_c) + sum(att_none)) / sum(calls), 4) AS c_or_unsigned_ratio
            FROM trunk_hour WHERE orig_carrier = ? GROUP BY orig_trunk
            ORDER BY calls DESC LIMIT 50""",
            [name],
        )
        profile["signed"] = _rows(con, "SELECT * FROM signer_attestation WHERE signer = ?", [name])
        profile["campaigns"] = (
            _rows(
                con,
                """SELECT c.campaign_id, sum(cc.n)::BIGINT AS calls_from_carrier, c.calls,
                       c.classes, c.first_seen, c.last_seen, c.score
                FROM campaign_cells cc JOIN campaigns c USING (campaign_id)
                WHERE cc.orig_carrier = ? GROUP BY ALL ORDER BY calls_from_carrier DESC""",
                [name],
            )
            if has_table(con, "campaign_cells")
            else []
        )
    finally:
        con.close()
    score = next((s for s in load_scorecard(store) if s.provider == name), None)
    profile["traceback"] = score.to_dict() if score else None
    return profile
