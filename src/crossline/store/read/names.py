"""Human names of campaigns: the name of the script cluster that ties them, if any.

A campaign's id stays its reference; the name is what a person reads. It comes from
the script values seen in the campaign (``meta.name``, set by
:mod:`crossline.link.script_names`), the one seen in most reports first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from crossline.store.repository import chunks
from crossline.store.schema import indicators

SCRIPT_KIND = "script"


def campaign_names(conn: Connection, campaign_ids: list[str]) -> dict[str, str]:
    """campaign id -> its human name, for the campaigns that have one."""
    i = indicators.c
    out: dict[str, str] = {}
    for part in chunks(sorted(set(campaign_ids))):
        q = (
            select(i.component_id, i.meta)
            .where(i.kind == SCRIPT_KIND, i.component_id.in_(part))
            .order_by(i.component_id, i.report_count.desc(), i.id)
        )
        for cid, meta in conn.execute(q):
            name = (meta or {}).get("name")
            if name and cid not in out:
                out[cid] = str(name)
    return out


def with_names(conn: Connection, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Set ``name`` (or None) on campaign dicts, in one query; returns the same list."""
    names = campaign_names(conn, [c["id"] for c in items])
    for item in items:
        item["name"] = names.get(item["id"])
    return items
