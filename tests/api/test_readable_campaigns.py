"""Readable campaigns: script clusters named from their phrases, never dated by import."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from crossline.link.content import link_content
from crossline.services.imports import import_paths
from crossline.store.read import campaigns as read_campaigns
from crossline.store.schema import indicators
from support.api_env import PASSWORD, Env

SCRIPT = (
    "Hello, an order for an Apple iPhone 11 Pro was placed using your Amazon account "
    "and is pending authorisation. If you did not authorise this order press 1 now."
)
OTHER = (
    "Your vehicle's extended warranty is about to expire. This is your final courtesy "
    "notice before we close the file on your vehicle's extended warranty, press 1."
)


def _transcripts(tmp: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = tmp / "calls.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file_name", "transcript", "call_date"])
        w.writerows(rows)
    return path


def _login(env: Env) -> None:
    r = env.client.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD})
    assert r.status_code == 200, r.text


def test_undated_script_cluster_is_named_and_shows_no_date(fresh_env: Env, tmp_path: Path) -> None:
    node = fresh_env.node
    rows = [(f"rec-{n}.wav", SCRIPT.replace("1 now", f"1 now {n}"), "") for n in range(3)]
    rows += [(f"war-{n}.wav", OTHER + f" ref {n}", "") for n in range(3)]
    import_paths(node.settings, [_transcripts(tmp_path, rows)], store=node.store)
    with node.store.read() as conn:
        page = read_campaigns.campaigns_page(conn, limit=50)
    named = {c["name"]: c for c in page["items"] if c.get("name")}
    amazon = next(c for n, c in named.items() if "iPhone 11" in n)
    assert "Amazon" in amazon["name"] and amazon["name"] != amazon["id"]
    # Undated transcripts: no first/last seen at all (the import time would be a lie).
    assert amazon["first_seen"] is None and amazon["last_seen"] is None
    _login(fresh_env)
    html = fresh_env.client.get(f"/campaigns/{amazon['id']}").text
    assert amazon["name"] in html
    tile = re.search(r'tile-date">(.*?)</span>', html, re.S)
    assert tile and "no date" in tile.group(1)
    script_row = re.search(r"<tr[^>]*>\s*<td><span class=\"kind kind-script\".*?</tr>", html, re.S)
    assert script_row and "no date" in script_row.group(0)
    assert amazon["name"] in fresh_env.client.get("/campaigns").text
    script = next(i for i in amazon["indicators"] if i["kind"] == "script")
    hit = fresh_env.client.get("/search", params={"q": script["value"]}).text
    assert f'<span class="script-name">{amazon["name"]}</span>' in hit


def test_dated_script_cluster_takes_its_calls_dates(fresh_env: Env, tmp_path: Path) -> None:
    node = fresh_env.node
    rows = [
        (f"rec-{n}.wav", SCRIPT.replace("1 now", f"1 now {n}"), f"2024-03-0{n + 1}T10:00:00")
        for n in range(3)
    ]
    import_paths(node.settings, [_transcripts(tmp_path, rows)], store=node.store)
    # A store written by an older version carried the import time: linking again repairs it.
    with node.store.transaction() as conn:
        conn.execute(
            indicators.update()
            .where(indicators.c.kind == "script")
            .values(first_seen=datetime(2026, 12, 1, tzinfo=UTC), last_seen=None)
        )
    link_content(node.store)
    with node.store.read() as conn:
        spans = conn.execute(
            select(indicators.c.first_seen, indicators.c.last_seen).where(
                indicators.c.kind == "script"
            )
        ).all()
    assert [(str(f)[:10], str(t)[:10]) for f, t in spans] == [("2024-03-01", "2024-03-03")]
    with node.store.read() as conn:
        page = read_campaigns.campaigns_page(conn, limit=50)
    camp = next(c for c in page["items"] if c.get("name") and "iPhone" in c["name"])
    assert camp["first_seen"][:10] == "2024-03-01" and camp["last_seen"][:10] == "2024-03-03"


ZONES = [
    # (organisation's country, chosen zone or None, UTC time, expected local text)
    ("IN", None, "2024-03-01T19:00:00+00:00", "2024-03-02 00:30 IST"),
    ("US", None, "2024-03-01T19:00:00+00:00", "2024-03-01 14:00 EST"),
    ("IN", "Europe/London", "2024-07-01T19:00:00+00:00", "2024-07-01 20:00 BST"),
]


@pytest.mark.parametrize(("country", "chosen", "utc", "local"), ZONES, ids=["in", "us", "chosen"])
def test_dates_are_shown_in_the_viewers_zone(
    env: Env, country: str, chosen: str | None, utc: str, local: str
) -> None:
    from crossline.node.auth import Principal
    from crossline.web import timefmt
    from crossline.web.page import templates

    who = Principal("user", "u1", "a", "o1", "Org", True, "analyst", frozenset(), None, country)
    zone = chosen or timefmt.org_zone(who)
    html = templates.env.from_string("{{ t|when }} / {{ t|day }} / {{ none|day }}").render(
        tz=zone, t=utc, none=None
    )
    assert f">{local}</time>" in html
    assert f">{local[:10]}</time>" in html
    assert html.endswith("/ no date")


def test_an_analyst_sets_their_time_zone(fresh_env: Env) -> None:
    _login(fresh_env)
    page = fresh_env.client.get("/settings").text
    assert 'value="America/New_York" selected' in page  # the US organisation's default
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    r = fresh_env.client.post(
        "/settings/time-zone", data={"zone": "Asia/Kolkata", "csrf_token": csrf}
    )
    assert r.status_code == 200 and 'value="Asia/Kolkata" selected' in r.text
    assert "Asia/Kolkata" in fresh_env.client.get("/").text  # shown in the top bar
    bad = fresh_env.client.post(
        "/settings/time-zone", data={"zone": "Mars/Olympus", "csrf_token": csrf}
    )
    assert bad.status_code == 422 and "unknown time zone" in bad.text
    forged = fresh_env.client.post("/settings/time-zone", data={"zone": "UTC", "csrf_token": "x"})
    assert forged.status_code == 403
