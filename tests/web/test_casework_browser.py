"""Casework in a real Chromium: open a campaign, add a note with a mention, assign it,
set its status, merge two campaigns with a reason, then find the merge in the activity
feed and in the audit log, and the mention on the colleague's alerts page. The pages
fit 390 and 1,440 px screens and axe-core finds no serious or critical violation.

The node is this module's own: merging campaigns would change the ids other browser
tests rely on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from support import testdb
from support.api_seed import seed
from support.app_server import serve
from support.browser import PASSWORD, Site, login, serious_axe_violations, shot

REASON = "Same callback script and the same payee handle"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:

    from crossline.api.app import create_app
    from crossline.config import Settings

    tmp = tmp_path_factory.mktemp("casework-site")
    url = testdb.database_url(tmp)
    app = create_app(Settings(home=tmp / "home", database_url=url))
    node = app.state.node
    ids = seed(node.store)
    home = node.accounts.create_org("US Consumer Protection", country="US")
    for name, role in (("analyst", "analyst"), ("bob", "analyst"), ("chief", "admin")):
        node.accounts.create_user(home["id"], name, PASSWORD, role)
    with serve(app) as base:
        yield Site(base, ids, node)
    testdb.release(url)


def fits_and_passes_axe(page: Any, name: str) -> None:
    """No horizontal overflow at 390 and 1,440 px; no serious/critical axe violation."""
    for width in (390, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(100)
        scroll, window = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        shot(page, f"casework-{name}-{width}")
        assert scroll <= window, f"{name}: page is {scroll} px wide in a {window} px window"
        assert serious_axe_violations(page) == [], name


def test_note_assign_status_merge_then_activity_and_audit(browser: Any, desk: Site) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    a, b = desk.ids["cross_border"], desk.ids["toll"]
    try:
        login(page, desk, "analyst")
        page.goto(f"{desk.base}/campaigns")
        page.click(f"main a[href='/campaigns/{a}']")
        page.wait_for_selector("#casework")
        fits_and_passes_axe(page, "campaign")
        page.set_viewport_size({"width": 1440, "height": 900})

        note = "Callback number matches @bob's case <script>alert(1)</script>"
        page.fill("#note-body", note)
        with page.expect_navigation():
            page.click("#notes button[type=submit]")
        assert page.inner_text(".note-body") == note  # shown as text, never run

        page.select_option("#case-assign-select", "bob")
        with page.expect_navigation():
            page.click("form[action$='/assign'] button")
        assert page.inner_text("#case-assignee") == "bob"

        page.select_option("#case-status-select", "under_investigation")
        with page.expect_navigation():
            page.click("form[action$='/status'] button")
        assert page.inner_text("#case-status").strip() == "under investigation"

        page.fill("#merge-campaigns", b[:8])
        page.fill("#merge-reason", REASON)
        with page.expect_navigation():
            page.click("form[action$='/merge'] button")
        feed = page.inner_text("#activity")
        assert "merged" in feed and REASON in feed
        assert "assigned it to bob" in feed and "under investigation" in feed
        assert page.inner_text("#case-status").strip() == "under investigation"
        fits_and_passes_axe(page, "merged")

        merged = page.url.split("#")[0]
        page.fill("#case-tag-input", "Priority")
        with page.expect_navigation():
            page.click("form[action$='/tags'] button[type=submit]:has-text('Tag')")
        assert "priority" in page.inner_text("#casework")

        page.goto(f"{desk.base}/campaigns")
        page.select_option("select[name=status]", "under_investigation")
        page.select_option("select[name=assignee]", "bob")
        page.fill("input[name=tag]", "priority")
        with page.expect_navigation():
            page.click(".filters button[type=submit]")
        rows = page.locator("main table.data tbody a[href^='/campaigns/']")
        assert rows.count() == 1 and merged.endswith(rows.first.get_attribute("href"))
        fits_and_passes_axe(page, "filtered-list")

        page.goto(merged + "/activity")
        assert REASON in page.inner_text("main")
        fits_and_passes_axe(page, "activity")
    except Exception:
        shot(page, "casework-failure")
        print(page.url, page.inner_text("body")[:600])
        raise
    finally:
        context.close()

    for who, path, wanted in (
        ("chief", "/admin/audit?action=change", REASON),
        ("bob", "/alerts", "analyst mentioned @bob in a note on campaign"),
    ):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        try:
            login(page, desk, who)
            page.goto(desk.base + path)
            assert wanted in page.inner_text("main"), who
            shot(page, f"casework-{who}")
        finally:
            context.close()
