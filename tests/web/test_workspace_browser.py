"""The workspace in a real Chromium at a phone's and a desktop's width: a pasted list
looked up and downloaded as XLSX (opened with openpyxl), a watch added through its
form, the filtered campaign list exported; no horizontal overflow, no serious axe
violation."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from support.browser import Site, login, serious_axe_violations, shot

WIDTHS = [pytest.param(390, id="phone-390"), pytest.param(1440, id="desktop-1440")]


def _check(page: Any, name: str) -> None:
    """No horizontal scroll, no serious or critical axe violation; a screenshot."""
    shot(page, name)
    scroll, window = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert scroll <= window, f"{name}: page is {scroll} px wide in a {window} px window"
    assert serious_axe_violations(page) == [], name


@pytest.mark.parametrize("width", WIDTHS)
def test_bulk_lookup_watch_and_exports(browser: Any, site: Site, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    try:
        login(page, site, "analyst")
        page.goto(site.base + "/lookup")
        page.fill("#bulk-values", "fraudster@okaxis\n+1 202 555 0143\nnothing-here.invalid")
        page.click("button[value=html]")
        page.wait_for_selector(".bulk-totals")
        assert "2 of 3 values found" in page.locator(".bulk-totals").inner_text()
        _check(page, f"workspace-lookup-{width}")
        with page.expect_download() as got:
            page.click("button[value=xlsx]")
        book = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
        rows = list(book.active.iter_rows(values_only=True))
        assert [r[0] for r in rows[1:]] == [
            "fraudster@okaxis",
            "'+1 202 555 0143",
            "nothing-here.invalid",
        ]

        page.goto(site.base + "/watchlists")
        page.select_option("select[name=kind]", "query")
        page.fill("input[name=target]", f"gift cards {width}")
        page.click(".watch-form button[type=submit]")
        page.wait_for_selector(f"text=gift cards {width}")
        _check(page, f"workspace-watchlists-{width}")

        page.goto(site.base + "/campaigns?label=Tech+Support&sort=loss")
        _check(page, f"workspace-campaigns-filtered-{width}")
        page.goto(site.base + "/campaigns?sort=loss")
        with page.expect_download() as got:
            page.click("a.export[href*=xlsx]")
        rows = list(
            load_workbook(io.BytesIO(Path(got.value.path()).read_bytes())).active.iter_rows(
                values_only=True
            )
        )
        shown = page.locator(".campaigns-total").inner_text().replace(",", "")
        assert len(rows) - 1 == int(shown) and rows[0][0] == "campaign"
    finally:
        context.close()
