"""The dashboard's weekly trends by scam type and the victims' maps (server-drawn SVG)."""

from __future__ import annotations

import re

import pytest

from crossline.store.read import trends
from crossline.web import insights, svgcharts
from support.api_env import PASSWORD, Env


def test_weeks_are_zero_filled_and_split_by_scam_type(env: Env) -> None:
    # The seed: days 0-2 (2024-03-01..03) are US tech support; days 3-6 add two Indian
    # government impersonations and two more US tech support reports.
    with env.node.store.read() as conn:
        got = trends.reports_per_week_by_type(conn, weeks=3)
    assert got["weeks"] == ["2024-02-19", "2024-02-26", "2024-03-04"]
    assert got["series"] == {"tech_support": [0, 3, 2], "government_impersonation": [0, 0, 2]}
    assert got["totals"] == {"tech_support": 5, "government_impersonation": 2}


def test_small_types_are_summed_as_other(monkeypatch: pytest.MonkeyPatch, env: Env) -> None:
    monkeypatch.setattr(trends, "MAX_SERIES", 1)
    with env.node.store.read() as conn:
        got = trends.reports_per_week_by_type(conn, weeks=2)
    assert got["series"] == {"tech_support": [3, 2], trends.OTHER: [0, 2]}


STATES = [
    ("US", "TX", "TX"),
    ("US", "tx", "TX"),
    ("US", "Texas", "TX"),  # readers store USPS codes; a partner's feed may not
    ("IN", "Maharashtra", "mh"),
    ("IN", "  tamil   nadu ", "tn"),
    ("IN", "Orissa", "or"),
    ("IN", "NCT of Delhi", "dl"),
    ("IN", "Ladakh", "jk"),
    ("IN", "Atlantis", None),
    ("GB", "Kent", None),
]


@pytest.mark.parametrize(("country", "raw", "sid"), STATES, ids=[f"{c}-{r}" for c, r, _ in STATES])
def test_stored_states_find_their_place_on_the_map(country: str, raw: str, sid: str | None) -> None:
    assert svgcharts.state_id(country, raw) == sid


def test_maps_count_victims_per_state_and_say_what_is_unplaced(env: Env) -> None:
    with env.node.store.read() as conn:
        places = trends.victims_by_state(conn)
    places.append({"country": "IN", "state": "Atlantis", "reports": 4, "victims": 4})
    maps = {m["country"]: m for m in insights.maps_for(places)}
    assert [r["state"] for r in maps["US"]["rows"]] == [
        "California", "Florida", "New York", "Ohio", "Texas"
    ]  # fmt: skip
    assert {r["state"]: r["victims"] for r in maps["IN"]["rows"]} == {
        "Karnataka": 1, "Maharashtra": 1
    }  # fmt: skip
    assert maps["IN"]["unplaced"] == 4 and maps["US"]["unplaced"] == 0
    svg = str(maps["US"]["svg"])
    shaded = re.findall(r'fill="([^"]+)" data-state="(TX|AK)"', svg)
    assert dict((s, f) for f, s in shaded) == {"TX": svgcharts.SHADES[-1], "AK": svgcharts.EMPTY}
    assert "<title>Texas: 1 victims, 1 reports</title>" in svg


def test_chart_text_is_escaped() -> None:
    svg = str(
        svgcharts.weekly_bars({"weeks": ["2024-01-01"], "series": {"<b>x": [2]}}, title="<t>")
    )
    assert "<b>x" not in svg and "&lt;b&gt;x" in svg and "&lt;t&gt;" in svg


def test_dashboard_draws_trends_and_maps_with_tables(env: Env) -> None:
    r = env.client.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD})
    assert r.status_code == 200
    html = env.client.get("/").text
    env.client.post("/api/v1/auth/logout")
    assert 'id="trend-table"' in html and '<th class="num">Tech support</th>' in html
    assert html.count('class="map-svg"') == 2 and html.count('class="data compact map-table"') == 2
    assert "CC BY 4.0" in html


ZONED_DAYS = [
    # seed reports are at 09:00 UTC: 23:00 the day before in Honolulu (UTC-10, no DST)
    ("UTC", ["2024-03-01", "2024-03-03", "2024-03-04", "2024-03-06"]),
    ("Asia/Kolkata", ["2024-03-01", "2024-03-03", "2024-03-04", "2024-03-06"]),
    ("Pacific/Honolulu", ["2024-02-29", "2024-03-02", "2024-03-03", "2024-03-05"]),
]


@pytest.mark.parametrize(("tz", "days"), ZONED_DAYS, ids=[z for z, _ in ZONED_DAYS])
def test_days_are_the_viewers_days(fresh_env: Env, tz: str, days: list[str]) -> None:
    from crossline.store.read import campaigns, dashboard

    with fresh_env.node.store.read() as conn:
        tl = campaigns.campaign_timeline(conn, fresh_env.ids["cross_border"], tz=tz)
        per_day = dashboard.reports_per_day(conn, days=10, tz=tz)
    assert [d["day"] for d in tl["days"] if d["reports"]] == days
    # the newest report (us-5, 2024-03-07 09:00 UTC) ends the chart on the viewer's day
    assert per_day["days"][-1] == ("2024-03-06" if tz == "Pacific/Honolulu" else "2024-03-07")
    assert sum(sum(v) for v in per_day["series"].values()) == 7
