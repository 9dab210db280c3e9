"""What the dashboard and the campaign page draw: weekly trends and victims' maps.

Kept out of ``views`` so the page handlers stay short: each function takes read-model
output and returns template context (SVG markup and the rows of its table).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from crossline.store.read import dashboard as read_dashboard
from crossline.store.read import trends as read_trends
from crossline.web import svgcharts

COUNTRY_NAMES = {"US": "United States", "IN": "India"}


def maps_for(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One map per country the map files cover (US, India) that has victims with a known
    state; each with its SVG and its table rows, busiest state first."""
    out = []
    for country in ("US", "IN"):
        counts = svgcharts.state_counts(places, country)
        if not counts:
            continue
        rows = sorted(
            ({"state": svgcharts.state_name(country, sid), **c} for sid, c in counts.items()),
            key=lambda r: (-r["victims"], -r["reports"], r["state"]),
        )
        unplaced = sum(
            int(p.get("reports") or 0)
            for p in places
            if p.get("country") == country and svgcharts.state_id(country, p.get("state")) is None
        )
        title = f"Victims by state, {COUNTRY_NAMES[country]}"
        out.append(
            {
                "country": country,
                "name": COUNTRY_NAMES[country],
                "svg": svgcharts.state_map(country, counts, title=title),
                "rows": rows,
                "unplaced": unplaced,
            }
        )
    return out


def dashboard_context(conn: Connection, tz: str) -> dict[str, Any]:
    """Reports per day and per week by scam type (days in the viewer's zone ``tz``), and
    the node's victims by state."""
    trend = read_trends.reports_per_week_by_type(conn, weeks=26, tz=tz)
    return {
        "per_day": read_dashboard.reports_per_day(conn, days=90, tz=tz),
        "trend": trend,
        "trend_svg": svgcharts.weekly_bars(trend, title="Reports per week by scam type"),
        "maps": maps_for(read_trends.victims_by_state(conn)),
        "map_legend": svgcharts.map_legend(),
        "type_name": svgcharts.type_name,
    }
