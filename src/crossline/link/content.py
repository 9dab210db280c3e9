"""Script similarity as a link type: transcripts that carry the same script are one campaign.

Robocall campaigns rotate caller ids but keep their script. Near-duplicate
transcripts (found by :func:`crossline.calls.content.content_links`) are grouped into
script clusters; each cluster becomes an indicator of kind ``script`` seen in every
member (field ``content``, with the method and score that joined it), so the normal
linker merges their campaigns and the link shows in lookups and the campaign graph
next to shared numbers and handles.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select

from crossline.domain import indicator_id
from crossline.link.campaigns import Linker
from crossline.link.script_names import refresh_script_names
from crossline.link.unionfind import UnionFind
from crossline.store.repository import Store, as_utc, chunks
from crossline.store.schema import imports, indicators, reports, sightings

CONTENT_CHANNELS = ("robocall", "call")
# Only recordings' transcripts carry a script; a victim's narrative about a call does not.
TRANSCRIPT_FORMATS = ("robocall_transcripts",)
SCRIPT_KIND = "script"
CONTENT_FIELD = "content"
MIN_CHARS = 40  # shorter transcripts ("press one") say too little to compare
# Labels that name no scam type: they neither block nor carry a script link.
UNTYPED = frozenset({"other_fraud", "not_fraud", "unknown"})


def script_type(label: str | None, needs_review: bool | None) -> str | None:
    """The scam type a transcript's script may not be linked across: its classifier
    label when confident (not marked for review) and a real type, else None."""
    if not label or needs_review or label in UNTYPED:
        return None
    return label


def _transcripts(store: Store) -> list[tuple[str, str, str | None]]:
    """(report id, transcript, confident scam type) of every call transcript."""
    r = reports.c
    q = (
        select(r.id, r.text, r.label, r.needs_review)
        .join(imports, imports.c.id == r.import_id)
        .where(
            imports.c.format.in_(TRANSCRIPT_FORMATS),
            r.channel.in_(CONTENT_CHANNELS),
            func.length(r.text) >= MIN_CHARS,
        )
        .order_by(r.id)
    )
    with store.read() as conn:
        return [
            (rid, text, script_type(label, review)) for rid, text, label, review in conn.execute(q)
        ]


def _current_scripts(store: Store) -> dict[str, set[str]]:
    """report id -> the script indicators it already carries."""
    s, i = sightings.c, indicators.c
    q = (
        select(s.report_id, s.indicator_id)
        .join(indicators, i.id == s.indicator_id)
        .where(i.kind == SCRIPT_KIND)
    )
    out: dict[str, set[str]] = defaultdict(set)
    with store.read() as conn:
        for rid, iid in conn.execute(q):
            out[rid].add(iid)
    return out


def _seen_at(conn: Any, report_ids: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in chunks(report_ids):
        q = select(reports.c.id, reports.c.seen_at).where(reports.c.id.in_(part))
        out.update({rid: as_utc(seen) for rid, seen in conn.execute(q)})
    return out


def link_content(store: Store, linker: Linker | None = None) -> dict[str, int]:
    """Find script clusters among all call transcripts (reports imported from transcript
    files) and link their campaigns.

    Idempotent: members already carrying their cluster's script are left alone.
    """
    from crossline.calls.content import content_links

    rows = _transcripts(store)
    items = [(rid, text) for rid, text, _type in rows]
    links = content_links(items, types=[t for _rid, _text, t in rows])
    uf = UnionFind(rid for rid, _ in items)
    why: dict[str, str] = {}
    for link in links:
        uf.union(link.a, link.b)
        for rid in (link.a, link.b):
            why.setdefault(rid, f"{link.method} {link.score:.2f}")
    have = _current_scripts(store)
    new_sightings: list[dict[str, Any]] = []
    new_indicators: dict[str, dict[str, Any]] = {}
    touched: set[str] = set()
    for group in uf.groups():
        members = sorted(str(m) for m in group)
        if len(members) < 2:
            continue
        known = sorted({iid for m in members for iid in have.get(m, ())})
        iid = known[0] if known else indicator_id(SCRIPT_KIND, f"script-{members[0][:13]}")
        if not known:
            new_indicators[iid] = {
                "id": iid,
                "kind": SCRIPT_KIND,
                "value": f"script-{members[0][:13]}",
                "report_count": 0,
                "common": False,
                "common_reason": None,
                "component_id": None,
                "meta": {"members_at_creation": str(len(members))},
            }
        for m in members:
            if iid not in have.get(m, ()):
                new_sightings.append(
                    {
                        "report_id": m,
                        "indicator_id": iid,
                        "field": CONTENT_FIELD,
                        "start": -1,
                        "end": None,
                        "raw": why.get(m, "content"),
                    }
                )
                touched.add(m)
    if not new_sightings:
        # Nothing joined, but a store linked before clusters had names gets them now.
        refresh_script_names(store, SCRIPT_KIND)
        return {"transcripts": len(items), "links": len(links), "joined": 0}
    counts: dict[str, int] = defaultdict(int)
    for row in new_sightings:
        counts[row["indicator_id"]] += 1
    linker = linker or Linker(store)
    with store.transaction() as conn:
        store.dialect.link_lock(conn)
        # A script was seen when its reports were (never the time of this import); a
        # script of undated transcripts has no first/last seen.
        dated = _seen_at(conn, sorted({row["report_id"] for row in new_sightings}))
        spans: dict[str, list[Any]] = defaultdict(list)
        for row in new_sightings:
            if dated.get(row["report_id"]) is not None:
                spans[row["indicator_id"]].append(dated[row["report_id"]])
        for iid, row in new_indicators.items():
            row["report_count"] = counts[iid]
            seen = spans.get(iid)
            row["first_seen"], row["last_seen"] = (min(seen), max(seen)) if seen else (None, None)
        store.upsert_indicators(conn, list(new_indicators.values()))
        for iid, n in counts.items():
            if iid not in new_indicators:
                conn.execute(
                    indicators.update()
                    .where(indicators.c.id == iid)
                    .values(report_count=indicators.c.report_count + n)
                )
        store.insert_sightings(conn, new_sightings)
        batch: dict[str, list[str]] = defaultdict(list)
        for rid, iid, common in store.sightings_of_reports(conn, sorted(touched)):
            if not common:
                batch[rid].append(iid)
        linker.link(conn, {rid: sorted(set(batch.get(rid, []))) for rid in sorted(touched)})
    # Names are relative to the other clusters (TF-IDF): a new cluster can rename old ones.
    refresh_script_names(store, SCRIPT_KIND)
    return {"transcripts": len(items), "links": len(links), "joined": len(new_sightings)}
