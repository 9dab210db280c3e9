"""Identifiers people paste: source references, campaign id prefixes, report ids.

A complaint number (an NCRP acknowledgement number, a Sentinel reference, a CFPB
complaint id, a recording's name) is the report's ``source_ref``; campaigns and
reports have uuid5 ids that people quote by their first characters. Each query is
one indexed look-up (``ix_reports_source_ref``, the primary keys), so a bulk lookup of
thousands of values costs a few round trips per thousand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from crossline.store.read.rows import campaign_dict, report_brief
from crossline.store.repository import chunks
from crossline.store.schema import components, reports

#: Campaign and report ids are quoted by a prefix of at least this many hex characters.
MIN_ID_PREFIX = 6
HEX = frozenset("0123456789abcdef-")


def looks_like_id_prefix(text: str) -> bool:
    """``1023ef67``: 6 to 36 characters of an id (hex digits and dashes)."""
    t = text.strip().lower()
    return MIN_ID_PREFIX <= len(t) <= 36 and set(t) <= HEX and any(ch != "-" for ch in t)


def reports_by_reference(
    conn: Connection, refs: Sequence[str], *, limit: int = 50
) -> dict[str, list[dict[str, Any]]]:
    """reference -> the reports filed under it (briefs, oldest first, at most ``limit``).

    A reference is matched exactly as stored, then in upper case (``syn-2021-000005``
    finds ``SYN-2021-000005``); every source's references are one column.
    """
    wanted: dict[str, str] = {}
    for ref in refs:
        text = ref.strip()
        if text:
            wanted.setdefault(text, text)
            wanted.setdefault(text.upper(), text)
    r = reports.c
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for part in chunks(sorted(wanted)):
        q = select(reports).where(r.source_ref.in_(part)).order_by(r.seen_at, r.id)
        for row in conn.execute(q):
            asked = wanted[row.source_ref]
            if len(out[asked]) < limit and all(b["id"] != row.id for b in out[asked]):
                out[asked].append(report_brief(row))
    return dict(out)


def campaigns_by_prefix(conn: Connection, prefix: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Campaigns (two or more reports) whose id starts with ``prefix``; an ambiguous
    prefix lists them all (up to ``limit``)."""
    if not looks_like_id_prefix(prefix):
        return []
    c = components.c
    q = (
        select(components)
        .where(c.id.like(prefix.strip().lower() + "%"), c.report_count >= 2)
        .order_by(c.report_count.desc(), c.id)
        .limit(limit)
    )
    return [campaign_dict(row) for row in conn.execute(q)]


def reports_by_id_prefix(conn: Connection, prefix: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Reports whose id starts with ``prefix`` (briefs)."""
    if not looks_like_id_prefix(prefix):
        return []
    r = reports.c
    q = select(reports).where(r.id.like(prefix.strip().lower() + "%")).order_by(r.id).limit(limit)
    return [report_brief(row) for row in conn.execute(q)]
