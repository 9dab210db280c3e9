"""Every web page passes axe-core (no serious or critical violation) and fits the screen
at 390 and 1,440 px. The pages the layout test already checks are not repeated here; a
coverage test fails when a page is served that neither list names."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from crossline.errors import ConflictError
from support.browser import PASSWORD, Site, login, serious_axe_violations, shot

pytest.importorskip("axe_playwright_python.sync_playwright")

# (id, path builder, who logs in: None for the login page itself)
OWN_PAGES: list[tuple[str, Callable[[dict[str, str]], str], str | None]] = [
    ("login", lambda ids: "/login", None),
    ("quarantine", lambda ids: "/quarantine", "axe-admin"),
    ("citizen-reports", lambda ids: "/citizen-reports", "axe-admin"),
    ("sharing", lambda ids: "/sharing", "axe-admin"),
    ("alerts", lambda ids: "/alerts", "axe-admin"),
    ("evidence", lambda ids: "/evidence", "axe-admin"),
    ("requests", lambda ids: "/requests", "axe-admin"),
    ("request", lambda ids: f"/requests/{ids['request']}", "axe-admin"),
    ("admin", lambda ids: "/admin", "axe-admin"),
    ("audit", lambda ids: "/admin/audit", "axe-admin"),
    ("settings", lambda ids: "/settings", "axe-admin"),
    ("activity", lambda ids: f"/campaigns/{ids['campaign']}/activity", "axe-admin"),
]
# Route templates each page above (or the layout test's) stands for.
COVERS = {
    "/login", "/", "/search", "/campaigns", "/campaigns/{campaign_id}", "/reports/{report_id}",
    "/imports", "/quarantine", "/admin", "/admin/audit", "/sharing", "/alerts", "/evidence",
    "/requests", "/requests/{request_id}", "/citizen-reports", "/settings",
    "/campaigns/{campaign_id}/activity",
    # checked at 390 and 1,440 px with axe by test_capability_pages (with their data)
    "/money", "/warnlist", "/sharing/partners", "/sharing/partners/{partner}",
    # checked by test_workspace_browser; /exports/{table} answers files, not pages
    "/lookup", "/watchlists", "/exports/{table}",
}  # fmt: skip


def _web_pages(app: Any) -> set[str]:
    """GET routes served by the web pages' modules (HTML pages, not the API)."""

    def walk(routes: Any) -> Iterator[Any]:
        for r in routes:
            if hasattr(r, "original_router"):
                yield from walk(r.original_router.routes)
            elif getattr(r, "methods", None):
                yield r

    return {
        r.path
        for r in walk(app.router.routes)
        if "GET" in r.methods and r.endpoint.__module__.startswith("crossline.web")
    }


@pytest.fixture(scope="module")
def ids(site: Site) -> dict[str, str]:
    """An admin of the home organisation, and a legal request to open."""
    from crossline.evidence.requests import RequestDraft, create_request

    acc = site.node.accounts
    home = acc.org_by_name("US Consumer Protection")
    with contextlib.suppress(ConflictError):  # made already by an earlier run on this node
        acc.create_user(home["id"], "axe-admin", PASSWORD, "admin")
    draft = RequestDraft(
        request_type="freeze", partner="in-cbi", facts="Freeze the mule account.",
        due=date(2030, 1, 1),
    )  # fmt: skip
    req = create_request(site.node.store, draft, actor="user:axe-admin")
    return {**site.ids, "request": req["id"], "campaign": _campaign_now(site)}


def _campaign_now(site: Site) -> str:
    """The cross-border campaign's id today (other browser tests grow it, and it moves)."""
    from crossline.store.schema import reports

    with site.node.store.read() as conn:
        return str(
            conn.execute(
                select(reports.c.component_id).where(reports.c.id == site.ids["us-1"])
            ).scalar()
        )


def test_every_page_is_in_an_accessibility_list(site: Site) -> None:
    missing = _web_pages(site.app) - COVERS
    assert missing == set(), f"pages with no accessibility check: {sorted(missing)}"


@pytest.mark.slow
@pytest.mark.parametrize("width", [390, 1440], ids=["phone-390", "desktop-1440"])
@pytest.mark.parametrize(("name", "path", "who"), OWN_PAGES, ids=[p[0] for p in OWN_PAGES])
def test_page_has_no_serious_axe_violation_and_fits(
    browser: Any,
    site: Site,
    signed_in: Callable[[str], dict[str, Any]],
    ids: dict[str, str],
    width: int,
    name: str,
    path: Callable[[dict[str, str]], str],
    who: str | None,
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, storage_state=signed_in(who) if who else None
    )
    page = context.new_page()
    try:
        page.goto(site.base + path(ids))
        page.wait_for_load_state("load")
        assert page.url.split("?")[0].endswith(path(ids).split("?")[0])  # not bounced to login
        scroll, window = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        shot(page, f"axe-{name}-{width}")
        assert scroll <= window, f"{name} is {scroll} px wide in a {window} px window"
        if width >= 1280:  # axe once per page (slow on 2 cores); the layout test runs it narrow
            assert serious_axe_violations(page) == []
    finally:
        context.close()


def test_campaign_page_of_today_passes_axe(browser: Any, site: Site) -> None:
    """The campaign page at its current id (other browser tests grow campaigns)."""
    cid = _campaign_now(site)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        login(page, site, "analyst")
        page.goto(f"{site.base}/campaigns/{cid}")
        page.wait_for_selector("#graph[data-ready=true]", timeout=15000)
        assert serious_axe_violations(page) == []
    finally:
        context.close()
