"""Casework rows follow their campaign when its id changes (a report with a smaller id
joins it) and when campaigns merge, and stay within their organisation."""

from __future__ import annotations

from datetime import UTC, datetime

from linkdata import add
from sqlalchemy import select

from crossline.domain import report_id
from crossline.link import analyst
from crossline.store import Store
from crossline.store import casework as cw
from crossline.store.schema import components, reports

T = datetime(2024, 5, 1, tzinfo=UTC)


def cid_of(store: Store, name: str) -> str:
    with store.read() as conn:
        rid = report_id("t", name)
        return str(conn.execute(select(reports.c.component_id).where(reports.c.id == rid)).scalar())


def work_on(store: Store, org: str, cid: str, text: str, status: str) -> None:
    with store.transaction() as conn:
        anchor = cw.anchor_of(conn, cid)
        assert anchor is not None
        cw.insert_note(conn, {"id": f"n-{org}-{text}", "org_id": org, "subject_kind": "campaign",
                              "subject_id": anchor, "campaign_id": cid, "author": "a",
                              "body": text, "mentions": [], "created_at": T})  # fmt: skip
        cw.put_state(conn, org, cid, anchor, {"status": status, "updated_at": T,
                                              "updated_by": "a"})  # fmt: skip
        cw.add_tag(conn, {"org_id": org, "subject_kind": "campaign", "subject_id": anchor,
                          "campaign_id": cid, "tag": f"t-{org}", "added_by": "a",
                          "added_at": T})  # fmt: skip


def seen_by(store: Store, org: str, cid: str) -> tuple[list[str], str | None, list[str]]:
    with store.read() as conn:
        notes = [n["body"] for n in cw.notes(conn, org, "campaign", cid)["items"]]
        state = cw.state(conn, org, cid)
        return notes, state["status"] if state else None, cw.tags(conn, org, "campaign", cid)


def smaller_than(rid: str) -> str:
    """A report name whose id sorts before ``rid``."""
    return next(n for n in (f"x{i}" for i in range(1000)) if report_id("t", n) < rid)


def test_casework_follows_a_new_smallest_report(store: Store) -> None:
    add(store, {"r1": ["p:a"], "r2": ["p:a"]})
    before = cid_of(store, "r1")
    work_on(store, "org-a", before, "first look", "under_investigation")
    newcomer = smaller_than(min(report_id("t", "r1"), report_id("t", "r2")))
    add(store, {newcomer: ["p:a"]})
    after = cid_of(store, "r1")
    assert after != before  # the campaign's id moved ...
    assert seen_by(store, "org-a", after) == (["first look"], "under_investigation", ["t-org-a"])
    assert seen_by(store, "org-b", after) == ([], None, [])  # ... the work stayed its org's


def test_merge_brings_both_sides_casework_and_filters_follow(store: Store) -> None:
    add(store, {"r1": ["p:a"], "r2": ["p:a"], "r3": ["p:b"], "r4": ["p:b"]})
    one, two = cid_of(store, "r1"), cid_of(store, "r3")
    work_on(store, "org-a", one, "left", "referred")
    work_on(store, "org-b", two, "right", "closed")
    with store.transaction() as conn:
        merged = analyst.merge(conn, store, [one, two], "d1").after[0]
    assert seen_by(store, "org-a", merged)[0] == ["left"]
    assert seen_by(store, "org-b", merged)[0] == ["right"]
    with store.read() as conn:

        def listed(org: str, **f: str) -> list[str]:
            conds = cw.list_filters(org, **f)
            return list(conn.execute(select(components.c.id).where(*conds)).scalars())

        assert listed("org-a", status="referred") == [merged]
        assert listed("org-b", status="closed") == [merged]
        assert merged not in listed("org-a", status="open")
        assert merged in listed("org-c", status="open")
        assert listed("org-a", tag="t-org-a") == [merged]
        assert listed("org-b", tag="t-org-a") == []
