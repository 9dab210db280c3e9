"""What the API returns: campaigns, graph, timeline, geography, reports, lookups, audit."""

from __future__ import annotations

from typing import Any

import pytest

from crossline.store.audit_log import list_entries, verify_chain
from support.api_env import Env


def test_campaign_list_sorts_filters_and_pages(env: Env) -> None:
    items = env.get("viewer", "/api/v1/campaigns").json()
    assert items["total"] == 2
    assert [c["report_count"] for c in items["items"]] == [4, 2]
    assert items["items"][0]["id"] == env.ids["cross_border"]
    cross = env.get("viewer", "/api/v1/campaigns?cross_border=true").json()
    assert [c["id"] for c in cross["items"]] == [env.ids["cross_border"]] and cross["total"] == 1
    india = env.get("viewer", "/api/v1/campaigns?jurisdiction=in").json()
    assert [c["id"] for c in india["items"]] == [env.ids["cross_border"]]
    by_inr = env.get("viewer", "/api/v1/campaigns?sort=loss&currency=INR").json()
    # The campaign with an INR loss first; the other one follows, never dropped.
    assert [c["id"] for c in by_inr["items"]] == [env.ids["cross_border"], env.ids["toll"]]
    page2 = env.get("viewer", "/api/v1/campaigns?limit=1&offset=1").json()
    assert page2["total"] == 2 and [c["id"] for c in page2["items"]] == [env.ids["toll"]]


def test_campaign_detail_summary(env: Env) -> None:
    c = env.get("partner", f"/api/v1/campaigns/{env.ids['cross_border'][:8]}").json()
    assert c["id"] == env.ids["cross_border"]
    assert c["jurisdictions"] == {"US": 2, "IN": 2} and c["cross_border"] is True
    assert c["victims"] == 4
    assert {k: float(v) for k, v in c["total_loss"].items()} == {"USD": 2000.0, "INR": 57000.0}
    assert c["first_seen"].startswith("2024-03-01") and c["last_seen"].startswith("2024-03-06")
    values = {i["value"] for i in c["indicators"]}
    assert values == {"fraudster@okaxis", "+12025550143"}  # the common helpline does not tie it
    assert sorted(r["source_ref"] for r in c["reports"]) == ["in-1", "in-2", "us-1", "us-2"]


def test_campaign_graph_marks_common_values(env: Env) -> None:
    g = env.get("partner", f"/api/v1/campaigns/{env.ids['cross_border']}/graph").json()
    reports = [n for n in g["nodes"] if n["type"] == "report"]
    inds = {n["label"]: n for n in g["nodes"] if n["type"] == "indicator"}
    assert len(reports) == 4 and g["truncated"] is False
    assert set(inds) == {"fraudster@okaxis", "+12025550143", "+18001234567"}
    assert inds["+18001234567"]["common"] is True and inds["fraudster@okaxis"]["common"] is False
    ids = {n["id"] for n in g["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    assert len(g["edges"]) == 8  # one per (report, value): us-1 3, us-2 2, in-1 2, in-2 1
    capped = env.get("viewer", f"/api/v1/campaigns/{env.ids['cross_border']}/graph?max_reports=2")
    assert capped.json()["truncated"] is True


def test_expanding_a_common_value_reaches_the_other_campaign(env: Env) -> None:
    helpline = next(
        n["id"]
        for n in env.get("viewer", f"/api/v1/campaigns/{env.ids['cross_border']}/graph").json()[
            "nodes"
        ]
        if n.get("label") == "+18001234567"
    )
    g = env.get("viewer", f"/api/v1/indicators/{helpline}/graph").json()
    campaigns = {n["campaign_id"] for n in g["nodes"] if n["type"] == "report"}
    assert campaigns == {env.ids["cross_border"], env.ids["toll"]}


def test_timeline_and_geography(env: Env) -> None:
    cid = env.ids["cross_border"]
    tl = env.get("viewer", f"/api/v1/campaigns/{cid}/timeline").json()
    assert [d["day"] for d in tl["days"]] == [
        "2024-03-01",
        "2024-03-03",
        "2024-03-04",
        "2024-03-06",
    ]
    assert tl["days"][2] == {"day": "2024-03-04", "reports": {"IN": 1}, "loss": {"INR": "45000.0"}}
    geo = env.get("viewer", f"/api/v1/campaigns/{cid}/geography").json()
    assert geo["by_country"] == {"US": 2, "IN": 2}
    assert {(p["country"], p["state"]) for p in geo["places"]} == {
        ("US", "TX"),
        ("US", "CA"),
        ("IN", "Maharashtra"),
        ("IN", "Karnataka"),
    }


def test_campaign_indicators_include_common_values_last(env: Env) -> None:
    r = env.get("viewer", f"/api/v1/campaigns/{env.ids['cross_border']}/indicators").json()
    assert r["total"] == 3
    assert [i["common"] for i in r["items"]] == [False, False, True]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("jurisdiction=IN", {"in-1", "in-2"}),
        ("q=TOLL", {"us-3", "us-4"}),
        ("min_loss=1000", {"us-1", "in-1", "in-2"}),
        ("since=2024-03-05T00:00:00Z", {"us-4", "in-2", "us-5"}),
        ("campaign_id={toll}", {"us-3", "us-4"}),
        ("label=tech_support&jurisdiction=US&until=2024-03-03T00:00:00Z", {"us-1", "us-3"}),
    ],
    ids=["jurisdiction", "text", "min-loss", "since", "campaign", "combined"],
)
def test_report_search_filters(env: Env, query: str, expected: set[str]) -> None:
    r = env.get("viewer", "/api/v1/reports?limit=100&" + query.format(**env.ids)).json()
    assert {i["source_ref"] for i in r["items"]} == expected
    assert r["total"] == len(expected)


def test_report_search_pages_are_stable(env: Env) -> None:
    pages = [
        env.get("viewer", f"/api/v1/reports?limit=3&offset={o}&sort=seen_asc").json()
        for o in (0, 3, 6)
    ]
    refs = [i["source_ref"] for p in pages for i in p["items"]]
    assert len(refs) == 7 == len(set(refs)) and all(p["total"] == 7 for p in pages)
    assert refs[0] == "us-1" and refs[-1] == "us-5"


def test_report_detail_shows_where_values_were_found(env: Env) -> None:
    r = env.get("viewer", f"/api/v1/reports/{env.ids['us-1']}").json()
    text = r["text"]
    spans = {s["indicator"]["value"]: (s["start"], s["end"]) for s in r["sightings"]}
    start, end = spans["fraudster@okaxis"]
    assert text[start:end] == "fraudster@okaxis"
    assert r["campaign_id"] == env.ids["cross_border"]


def test_lookup_finds_value_sightings_and_campaign(env: Env) -> None:
    r = env.get("partner", "/api/v1/indicators/lookup?q=fraudster@okaxis").json()
    [ind] = r["indicators"]
    assert ind["kind"] == "upi" and ind["report_count"] == 3
    assert ind["campaign"]["id"] == env.ids["cross_border"]
    assert {s["report"]["source_ref"] for s in ind["sightings"]} == {"us-1", "in-1", "in-2"}
    miss = env.get("partner", "/api/v1/indicators/lookup?q=nobody@nowhere").json()
    assert miss["indicators"] == []


def test_dashboard_aggregates(env: Env) -> None:
    d = env.get("viewer", "/api/v1/dashboard?days=7").json()
    per_day = d["reports_per_day"]
    assert len(per_day["days"]) == 7 and per_day["days"][-1] == "2024-03-07"
    assert sum(per_day["series"]["US"]) == 5 and sum(per_day["series"]["IN"]) == 2
    assert [c["id"] for c in d["top_campaigns"]["by_victims"]][0] == env.ids["cross_border"]
    assert set(d["top_campaigns"]["by_loss"]) == {"USD", "INR"}
    assert [c["id"] for c in d["top_campaigns"]["by_loss"]["USD"]] == [
        env.ids["cross_border"],
        env.ids["toll"],
    ]
    assert [c["id"] for c in d["cross_border"]] == [env.ids["cross_border"]]


def test_campaign_export_csv_and_json(env: Env) -> None:
    cid = env.ids["toll"]
    csv_r = env.get("analyst", f"/api/v1/campaigns/{cid}/export?format=csv")
    assert csv_r.headers["content-type"].startswith("text/csv")
    lines = csv_r.text.strip().splitlines()
    assert lines[0].startswith("id,") and len(lines) == 3
    assert "attachment" in csv_r.headers["content-disposition"]
    js = env.get("analyst", f"/api/v1/campaigns/{cid}/export?format=json").json()
    assert len(js["reports"]) == 2 and {i["value"] for i in js["indicators"]} >= {
        "toll-pay-now.com"
    }


def entries(env: Env, **kw: Any) -> list[dict[str, Any]]:
    env.node.audit.flush()
    return list_entries(env.node.store, limit=500, **kw)


@pytest.mark.parametrize(
    ("path", "action", "target"),
    [
        ("/api/v1/reports/{us-2}", "read", "report"),
        ("/api/v1/reports?q=toll", "search", "report"),
        ("/api/v1/indicators/lookup?q=toll-pay-now.com", "search", "indicator"),
        ("/api/v1/campaigns/{toll}/export?format=csv", "export", "campaign"),
        ("/api/v1/campaigns/{toll}", "read", "campaign"),
    ],
    ids=["read-report", "search-reports", "lookup", "export", "read-campaign"],
)
def test_reads_searches_and_exports_are_audited(
    env: Env, path: str, action: str, target: str
) -> None:
    before = {e["seq"] for e in entries(env)}
    assert env.get("analyst", path.format(**env.ids)).status_code == 200
    new = [e for e in entries(env, action=action) if e["seq"] not in before]
    assert [(e["actor"][:22], e["target"], e["role"]) for e in new] == [
        ("token:analyst-machine ", target, "analyst")
    ]


def test_audit_is_append_only_and_chained(env: Env) -> None:
    env.get("viewer", "/api/v1/stats")
    env.get("viewer", f"/api/v1/campaigns/{env.ids['toll']}")
    env.node.audit.flush()
    checked, broken = verify_chain(env.node.store)
    assert checked > 0 and broken is None
    from sqlalchemy import text

    from crossline.errors import StoreError

    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(StoreError, match="append-only"), env.node.store.transaction() as conn:
            conn.execute(text(statement))
    r = env.get("admin", "/api/v1/audit/verify").json()
    assert r["intact"] is True and r["entries"] >= checked


def test_chain_detects_a_rewritten_entry(fresh_env: Env) -> None:
    """Even someone who disables the triggers cannot edit history unnoticed."""
    fresh_env.get("viewer", "/api/v1/stats")
    fresh_env.get("viewer", "/api/v1/dashboard")
    fresh_env.node.audit.flush()
    from sqlalchemy import text

    store = fresh_env.node.store
    with store.transaction() as conn:
        if store.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
        seq = conn.execute(text("SELECT min(seq) FROM audit_log WHERE action = 'read'")).scalar()
        conn.execute(text("UPDATE audit_log SET actor = 'user:nobody' WHERE seq = :s"), {"s": seq})
        if store.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change"))
    checked, broken = verify_chain(store)
    assert broken == seq
