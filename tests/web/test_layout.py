"""Layout and accessibility in a real Chromium: every main page fits the screen (no
horizontal scroll) from a phone to a wide desktop, the search box and the account menu
stay reachable, and axe-core finds no serious or critical violation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from support.browser import ARTIFACTS, Site, login, serious_axe_violations, shot

WIDTHS = [
    pytest.param(390, id="phone-390"),
    pytest.param(1280, id="laptop-1280"),
    pytest.param(1440, id="desktop-1440"),
]

PAGES: list[Any] = [
    pytest.param(lambda s: "/", id="dashboard"),
    pytest.param(lambda s: "/search?q=%2B12025550143", id="search-value"),
    pytest.param(lambda s: "/search?q=refund", id="search-text"),
    pytest.param(lambda s: f"/campaigns/{s.ids['cross_border']}", id="campaign"),
    pytest.param(lambda s: "/campaigns", id="campaigns"),
    pytest.param(lambda s: f"/reports/{s.ids['us-1']}", id="report"),
    pytest.param(lambda s: "/imports", id="imports"),
    pytest.param(
        lambda s: "/campaigns?sort=loss&since=2024-01-01&state=TX", id="campaigns-filtered"
    ),
    pytest.param(lambda s: "/lookup", id="bulk-lookup"),
    pytest.param(lambda s: "/watchlists", id="watchlists"),
]


def _record_load_time(page: Any, name: str) -> None:
    """Note the page's load time (navigation start to load end) for the record, never asserted."""
    ms = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n ? Math.round(n.loadEventEnd - n.startTime) : -1; }"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "page-load-ms.tsv").open("a") as out:
        out.write(f"{name}\t{ms}\n")


def _visible_in_viewport(page: Any, selector: str) -> bool:
    """True when the element is rendered and lies horizontally inside the window."""
    return bool(
        page.evaluate(
            """(sel) => { const el = document.querySelector(sel); if (!el) return false;
                const r = el.getBoundingClientRect(); const st = getComputedStyle(el);
                return st.visibility !== 'hidden' && st.display !== 'none' && r.width > 0
                    && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth; }""",
            selector,
        )
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_page_fits_the_screen_and_keeps_search_and_account(
    browser: Any,
    site: Site,
    signed_in: Callable[[str], dict[str, Any]],
    width: int,
    path: Callable[[Site], str],
    request: pytest.FixtureRequest,
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, storage_state=signed_in("analyst")
    )
    page = context.new_page()
    try:
        page.goto(site.base + path(site))
        page.wait_for_load_state("load")
        overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        shot(page, f"layout-{request.node.callspec.id}")
        _record_load_time(page, request.node.callspec.id)
        assert overflow[0] <= overflow[1], (
            f"page is {overflow[0]} px wide in a {overflow[1]} px window"
        )
        for selector in ("#global-search", ".who .role", ".who .org", ".who button"):
            assert _visible_in_viewport(page, selector), f"{selector} is not visible at {width} px"
        assert serious_axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1920], ids=["narrowest-360", "widest-1920"])
def test_the_widest_page_fits_at_the_extremes(browser: Any, site: Site, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        login(page, site, "analyst")
        # Through the list: other browser tests import into the same node, and a campaign
        # that grows takes a new id.
        page.goto(f"{site.base}/campaigns")
        page.click("main a[href^='/campaigns/']")
        page.wait_for_selector("#graph[data-ready=true]", timeout=15000)
        scroll, window = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        shot(page, f"layout-campaign-{width}")
        assert scroll <= window
    finally:
        context.close()


def test_narrow_menu_opens_without_javascript(browser: Any, site: Site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        login(page, site, "analyst")
        nojs = browser.new_context(
            viewport={"width": 390, "height": 800},
            java_script_enabled=False,
            storage_state=context.storage_state(),
        )
        plain = nojs.new_page()
        plain.goto(site.base + "/campaigns")
        assert not plain.locator(".mainnav a[href='/campaigns']").is_visible()
        plain.click("label[for=nav-toggle]")
        assert plain.locator(".mainnav a[href='/campaigns']").is_visible()
        shot(plain, "layout-menu-open-390")
        nojs.close()
    finally:
        context.close()


def test_skip_link_is_the_first_tab_stop_and_moves_to_main(page: Any, site: Site) -> None:
    login(page, site, "analyst")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
