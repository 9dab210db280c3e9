"""Lists the web app cuts say so and page: a value's sightings and the reports
mentioning a text on the search page, a campaign's reports on its page; and the search
page's one header never denies what it lists."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from crossline.domain import indicator_id, report_id
from crossline.link.campaigns import Linker
from crossline.services.search import header as search_header
from crossline.store.schema import reports
from support.api_env import PASSWORD, Env
from support.api_seed import REPORTS, T0

EXTRA = 213  # more than one page of a campaign's reports (200), and of search hits (50)
HANDLE = "fraudster@okaxis"  # a value of the cross-border campaign
SEEDED_WITH_HANDLE = sum(f"upi:{HANDLE}" in spec[6] for spec in REPORTS.values())


def _grow_campaign(env: Env) -> None:
    """Add EXTRA reports quoting the campaign's UPI handle and a marker word, then link them."""
    store = env.app.state.node.store
    iid = indicator_id("upi", HANDLE)
    ids = [report_id("test", f"extra-{n:03d}") for n in range(EXTRA)]
    with store.transaction() as conn:
        store.insert_reports(
            conn,
            [
                {
                    "id": rid,
                    "source": "test",
                    "source_ref": f"extra-{n:03d}",
                    "jurisdiction": "IN",
                    "channel": "call",
                    "received_at": T0 + timedelta(hours=n),
                    "incident_at": T0 + timedelta(hours=n),
                    # Some share a time: the pager must still neither repeat nor skip.
                    "seen_at": T0 + timedelta(hours=n // 3),
                    "text": f"pay the pagermark fee to {HANDLE}",
                    "amount_lost": None,
                    "currency": None,
                    "victim_country": "IN",
                    "victim_state": None,
                    "victim_pii": None,
                    "victim_key": f"victim-extra-{n}",
                    "suspects": [],
                    "marking": "TLP:AMBER",
                    "synthetic": True,
                    "label": "government_impersonation",
                    "import_id": "import-seed",
                    "created_at": T0,
                }
                for n, rid in enumerate(ids)
            ],
        )
        store.insert_sightings(
            conn,
            [
                {
                    "report_id": rid,
                    "indicator_id": iid,
                    "field": "text",
                    "start": 25,
                    "end": 25 + len(HANDLE),
                    "raw": HANDLE,
                }
                for rid in ids
            ],
        )
        Linker(store, min_groups=3).link(conn, {rid: [iid] for rid in ids})


@pytest.fixture
def grown(fresh_env: Env) -> Env:
    _grow_campaign(fresh_env)
    r = fresh_env.client.post(
        "/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    return fresh_env


def _refs(html: str, section: str) -> list[str]:
    """Report refs linked in the given part of the page."""
    return re.findall(r'href="/reports/[^"]+">([^<]+)</a>', section)


def _walk(env: Env, path: str, params: dict[str, Any], count_class: str, cut: str) -> list[str]:
    """Every report ref over every page, checking each page's "a–b of n" line."""
    seen: list[str] = []
    page = 1
    while True:
        html = env.client.get(path, params={**params, "page": page}).text
        part = html.split(cut, 1)[1].split("</section>", 1)[0] if cut in html else ""
        count = re.search(rf'class="[^"]*{count_class}[^"]*">([^<]+)<', html)
        assert count is not None, f"no count on page {page}"
        refs = _refs(html, part)
        if refs:
            lo, hi, total = (int(x.replace(",", "")) for x in re.findall(r"[\d,]+", count[1]))
            assert (lo, hi) == (len(seen) + 1, len(seen) + len(refs)), count[1]
        seen.extend(refs)
        if 'rel="next"' not in html:
            return seen
        assert 'aria-label="Pages of' in html
        page += 1


@pytest.mark.parametrize(
    ("path", "params", "count_class", "cut", "expected"),
    [
        ("/search", {"q": HANDLE}, "sightings-count", "data-indicator", EXTRA + SEEDED_WITH_HANDLE),
        ("/search", {"q": "pagermark"}, "mentions-count", 'class="card mentions"', EXTRA),
        ("campaign", {}, "reports-count", 'id="reports"', None),
    ],
    ids=["value-sightings", "text-mentions", "campaign-reports"],
)
def test_cut_lists_say_so_and_page_through_everything(
    grown: Env, path: str, params: dict[str, Any], count_class: str, cut: str, expected: Any
) -> None:
    if path == "campaign":
        with grown.app.state.node.store.read() as conn:
            # Linking more reports may renumber the campaign: read it from a seeded member.
            cid = conn.execute(
                select(reports.c.component_id).where(reports.c.id == grown.ids["us-1"])
            ).scalar_one()
            expected = conn.execute(
                select(func.count()).select_from(reports).where(reports.c.component_id == cid)
            ).scalar_one()
        path = f"/campaigns/{cid}"
    first = grown.client.get(path, params=params).text
    assert re.search(rf"of {expected:,}<", first), "the first page does not say the list is cut"
    refs = _walk(grown, path, params, count_class, cut)
    assert len(refs) == expected and len(set(refs)) == expected


def test_a_page_past_the_end_lists_nothing_and_says_so(grown: Env) -> None:
    html = grown.client.get("/search", params={"q": "pagermark", "page": 40}).text
    assert "none on this page of 213" in html and 'rel="prev"' in html


HIT = {"indicators": [{"id": "x"}]}


@pytest.mark.parametrize(
    ("result", "reports", "text_searched", "title", "never"),
    [
        (HIT, {"total": 27}, True, "1 value found; 27 reports mentioning it", "Not seen"),
        (HIT, None, False, "1 value found", "Not seen"),
        ({"indicators": []}, {"total": 27}, True, "27 reports mentioning it", "Not seen"),
        ({"indicators": []}, {"total": 0}, True, "Not seen on this node", "found"),
        (None, None, False, "Not seen on this node", "No report mentions"),
    ],
    ids=["value-and-text", "value-only", "text-only", "nothing", "text-not-searched"],
)
def test_search_header_matches_what_is_listed(
    result: Any, reports: Any, text_searched: bool, title: str, never: str
) -> None:
    header = search_header("URGENT", result, reports, text_searched=text_searched)
    line = header["title"] + " " + header["detail"]
    assert line.startswith(title) and never not in line
