"""The web app in a real headless Chromium: what an analyst does, and what a partner may not."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest

from support.browser import Site, login, shot


def test_login_page_then_dashboard(page: Any, site: Site) -> None:
    page.goto(site.base + "/")
    assert page.url.startswith(site.base + "/login")
    shot(page, "01-login")
    login(page, site, "analyst")
    page.wait_for_selector("#per-day-chart")
    assert page.locator(".tile-n").first.inner_text() == "7"
    assert page.locator("text=Top campaigns by victims").is_visible()
    shot(page, "02-dashboard")
    assert page.console_errors == []


def test_wrong_password_is_refused(page: Any, site: Site) -> None:
    page.goto(site.base + "/login")
    page.fill("#username", "analyst")
    page.fill("#password", "not the password at all")
    page.click("button[type=submit]")
    assert page.locator(".alert-error").inner_text() == "wrong username or password"
    assert "/login" in page.url


def test_paste_a_number_open_its_campaign_and_explore_the_graph(page: Any, site: Site) -> None:
    login(page, site, "analyst")
    page.fill("#global-search", "+12025550143")
    page.press("#global-search", "Enter")
    page.wait_for_selector(".hit")
    assert "+12025550143" in page.locator(".hit h2").first.inner_text()
    shot(page, "03-search")
    page.click("a.open-campaign")
    page.wait_for_url(re.compile(r"/campaigns/"))
    assert site.ids["cross_border"] in page.url
    page.wait_for_selector("#graph[data-ready=true]", timeout=15000)
    nodes = int(page.get_attribute("#graph", "data-nodes"))
    assert nodes == 7  # 4 reports, 3 values (one of them common)
    legend = page.locator("#graph-legend").inner_text()
    assert "Report · IN" in legend and "Report · US" in legend and "Common value" in legend
    assert page.locator("text=cross-border").first.is_visible()
    shot(page, "04-campaign")
    # Click the common helpline: the graph grows with the other campaign that quotes it.
    pos = page.evaluate(
        """() => { const n = window.CrosslineGraph.nodes().filter(n => n.data('common'))[0];
                   const p = n.renderedPosition(); const r = document.getElementById('graph')
                   .getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }"""
    )
    page.mouse.click(pos["x"], pos["y"])
    # (polled from here: wait_for_function would need 'unsafe-eval', which the CSP forbids)
    count = "() => window.CrosslineGraph.nodes().length"
    for _ in range(100):
        if page.evaluate(count) > 7:
            break
        page.wait_for_timeout(100)
    # + the toll report quoting it, that report's domain, and the toll campaign itself
    assert page.evaluate(count) == 10
    kinds = page.evaluate("() => window.CrosslineGraph.nodes().map(n => n.data('type')).sort()")
    assert kinds.count("campaign") == 1
    assert "+18001234567" in page.locator("#graph-info").inner_text()
    assert "1 other campaign" in page.locator("#graph-status").inner_text()
    shot(page, "05-campaign-expanded")
    assert page.console_errors == []


def test_report_page_highlights_values_and_shows_pii_to_the_owner(page: Any, site: Site) -> None:
    login(page, site, "analyst")
    page.goto(f"{site.base}/reports/{site.ids['us-1']}")
    assert page.locator(".narrative a.hl").count() == 2
    assert page.locator("text=Alice Victim").is_visible()
    shot(page, "06-report")
    assert page.console_errors == []


def test_partner_is_refused_what_its_role_does_not_allow(page: Any, site: Site) -> None:
    login(page, site, "partner")
    nav = page.locator("nav.mainnav").inner_text()
    assert "Quarantine" not in nav and "Imports" not in nav and "Admin" not in nav
    for path in ("/quarantine", f"/reports/{site.ids['us-1']}", "/admin"):
        response = page.goto(site.base + path)
        assert response.status == 403
        assert page.locator("h1").inner_text() == "Not allowed"
    assert "Alice Victim" not in page.content()
    shot(page, "07-partner-refused")
    # What a partner may see: the campaign, without victims' personal data.
    page.goto(f"{site.base}/campaigns/{site.ids['cross_border']}")
    page.wait_for_selector("#graph[data-ready=true]", timeout=15000)
    assert "Alice Victim" not in page.content()


def test_import_a_file_and_watch_it_finish(page: Any, site: Site) -> None:
    if importlib.util.find_spec("crossline.ingest.formats") is None or (
        importlib.util.find_spec("crossline.indicators") is None
    ):
        pytest.skip("this build has no format readers or extractor yet")
    sample = Path(__file__).resolve().parents[1] / "api" / "data" / "upload.jsonl"
    login(page, site, "analyst")
    page.goto(site.base + "/imports")
    page.set_input_files("#upload-file", str(sample))
    page.click("#upload-button")
    row = page.locator("#jobs-table tbody tr").first
    row.locator(".status-done, .status-failed").wait_for(timeout=30000)
    assert row.get_attribute("data-status") == "done", row.inner_text()
    cells = row.locator("td")
    assert cells.nth(0).inner_text() == "upload.jsonl"
    read = int(cells.nth(4).inner_text().replace(",", ""))
    stored, dupes = (int(cells.nth(i).inner_text().replace(",", "") or 0) for i in (5, 6))
    quarantined = int(cells.nth(7).inner_text().replace(",", "") or 0)
    assert read == stored + dupes + quarantined and read > 0
    shot(page, "08-import-done")
    assert page.console_errors == []
