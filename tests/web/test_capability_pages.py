"""Every capability's page in a real Chromium: money (trail tree, freeze requests,
resend), the warning list, evidence (add a file, export, verify), legal requests from a
campaign, and partner nodes with the preview of what they would receive. Each page at a
phone's and a desktop's width: no horizontal overflow, no serious or critical axe
violation, a screenshot in ``test-artifacts/`` and its load time noted (never asserted).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crossline.share.identity import load_identity
from support.browser import ARTIFACTS, PASSWORD, Site, login, serious_axe_violations, shot
from support.money_seed import seed_money
from support.policy_support import add_partner, store_agreement

WIDTHS = [pytest.param(390, id="phone-390"), pytest.param(1440, id="desktop-1440")]


@pytest.fixture(scope="module")
def capab(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The shared site plus a money trail for ``in-1``, a partner with an agreement and a
    node admin. No report is added: the other browser tests count them."""
    node = site.node
    seed_money(node.store, site.ids["in-1"])
    tmp = tmp_path_factory.mktemp("capab")
    if not any(p.name == "in-i4c" for p in _partners(node)):
        add_partner(node.store, tmp)
        store_agreement(node.store, withheld=["victim_country"], coarsen={"time": "day"})
    home = node.accounts.org_by_name("US Consumer Protection")
    if not any(u["username"] == "capadmin" for u in node.accounts.list_users()):
        node.accounts.create_user(home["id"], "capadmin", PASSWORD, "admin")
    yield site


def _wait_until_sent(site: Site, deadline_s: float = 60.0) -> None:
    """Wait for the node's freeze worker to send a request of ``in-1``: it polls every
    second, but a loaded machine can hold it back for longer than a page takes."""
    from crossline.money.freeze import FreezeFilter, count_by_status

    stop = time.monotonic() + deadline_s
    while not (
        counts := count_by_status(site.node.store, FreezeFilter(report_id=site.ids["in-1"]))
    ).get("sent"):
        assert time.monotonic() < stop, f"no freeze request of in-1 was sent: {counts}"
        time.sleep(0.2)


def _partners(node: Any) -> list[Any]:
    from crossline.share.partners import list_partners

    return list_partners(node.store)


def _check_layout(page: Any, name: str) -> None:
    """No horizontal scroll, no serious/critical axe violation; screenshot and timing."""
    page.wait_for_load_state("load")
    ms = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n ? Math.round(n.loadEventEnd - n.startTime) : -1; }"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "page-load-ms.tsv").open("a") as out:
        out.write(f"{name}\t{ms}\n")
    shot(page, name)
    scroll, window = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    # The elements sticking out of a parent that fits: what to fix when this fails.
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e =>
             e.getBoundingClientRect().right > innerWidth + 1
             && e.parentElement.getBoundingClientRect().right <= innerWidth + 1)
           .slice(0, 8).map(e => e.tagName + '.' + e.className)"""
    )
    assert scroll <= window, f"{name}: page is {scroll} px wide in a {window} px window {wide}"
    assert serious_axe_violations(page) == [], name


@pytest.fixture
def at_width(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    width = request.node.callspec.params["width"]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_money_page_traces_a_complaint_and_resends(capab: Site, at_width: Any, width: int) -> None:
    page = at_width
    login(page, capab, "analyst")
    if width == 1440:  # the page is read once: resend needs a request the worker has sent
        _wait_until_sent(capab)
    page.goto(f"{capab.base}/reports/{capab.ids['in-1']}")
    page.click("a[href^='/money?ref=']")  # from the report to its money
    page.wait_for_selector(".trail-tree")
    tree = page.locator(".trail-tree").inner_text()
    for account in ("upi:fraudster@okaxis", "upi:mule7@ybl", "cash:ATM-MUM-0007"):
        assert account in tree
    # Layer 2 sits inside layer 1: the tree nests as the money moved.
    nested = page.locator(".trail-tree li li .acct", has_text="bank_account:ICIC0000002")
    assert nested.count() == 1
    assert page.locator("#trail-requests tbody tr[data-status]").count() == 4
    assert page.locator("#mules tbody tr").count() >= 3
    _check_layout(page, f"money-trail-{width}")
    if width == 1440:  # the action once, at the desktop's width
        button = page.locator("#trail-requests tr[data-status=sent] button", has_text="Resend")
        button.first.click()
        page.wait_for_selector(".alert-ok")
        assert "back in the outbox" in page.locator(".alert-ok").inner_text()
        shot(page, "money-resent-1440")
    assert page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_money_outbox_filters_by_status(capab: Site, at_width: Any, width: int) -> None:
    page = at_width
    login(page, capab, "analyst")
    if width > 800:  # through the top navigation (collapsed into a menu on a phone)
        page.click("nav.mainnav a[href='/money']")
    else:
        page.click("label[for=nav-toggle]")
        page.click("nav.mainnav a[href='/money']")
    page.wait_for_selector("#outbox")
    page.select_option("#money-status", "sent")
    page.click("#outbox form.filters button")
    page.wait_for_url("**/money?status=sent")
    statuses = page.locator("#outbox tbody tr[data-status]").evaluate_all(
        "rows => rows.map(r => r.dataset.status)"
    )
    assert statuses and set(statuses) == {"sent"}
    _check_layout(page, f"money-outbox-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_warning_list_add_filter_remove(capab: Site, at_width: Any, width: int) -> None:
    page = at_width
    login(page, capab, "capadmin")
    page.goto(capab.base + "/warnlist")
    value = "+12125550100" if width == 390 else "+12125550101"  # no seeded report has it
    page.select_option("#wl-add-kind", "phone")
    page.fill("#wl-add-value", value)
    page.fill("#wl-add-owner", "City hall <switchboard>")
    page.fill("#wl-add-source", "https://city.example/contact")
    page.click("#warnlist-add button[type=submit]")
    page.wait_for_selector(".alert-ok")
    row = page.locator("#warnlist-table tr", has_text=value)
    assert "City hall <switchboard>" in row.inner_text()  # shown as text, not markup
    _check_layout(page, f"warnlist-{width}")
    row.locator("button", has_text="Remove").click()
    page.wait_for_selector(".alert-ok")
    assert f"Removed phone {value}" in page.locator(".alert-ok").inner_text()
    page.goto(capab.base + "/warnlist?kind=domain&q=bit")
    kinds = page.locator("#warnlist-table tbody td:first-child").all_inner_texts()
    assert kinds and set(kinds) == {"Domain"}


@pytest.mark.parametrize("width", WIDTHS)
def test_evidence_add_export_and_verify(
    capab: Site, at_width: Any, width: int, tmp_path: Path
) -> None:
    page = at_width
    login(page, capab, "analyst")
    page.goto(capab.base + "/evidence")
    sample = tmp_path / "voicemail.txt"
    sample.write_text("caller said: pay the customs fee by UPI")
    case = f"BR-{width}"
    page.set_input_files("#ev-file", str(sample))
    page.fill("#ev-case", case)
    page.fill("#ev-exhibit", "EX-1")
    page.fill("#ev-description", "Voicemail transcript")
    page.click("#evidence-add button[type=submit]")
    page.wait_for_selector(".alert-ok")
    assert page.locator("table.custody td", has_text="acquire").count() == 1
    _check_layout(page, f"evidence-{width}")
    with page.expect_download() as info:
        page.click("#export-form button")
    package = tmp_path / f"{case}.zip"
    info.value.save_as(package)
    assert package.read_bytes()[:2] == b"PK"
    page.set_input_files("#pkg-file", str(package))
    page.fill("#pkg-key", load_identity(capab.node.settings).public_key)
    page.click("#package-verify button[type=submit]")
    page.wait_for_selector("#verify-result")
    assert "verified" in page.locator("#verify-result h2").inner_text()
    assert page.locator("#verify-result .verify-ok").count() == 1
    _check_layout(page, f"evidence-verified-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_legal_request_from_a_campaign(capab: Site, at_width: Any, width: int) -> None:
    page = at_width
    login(page, capab, "analyst")
    page.goto(f"{capab.base}/campaigns")
    page.click("main a[href^='/campaigns/']")
    page.click("a[href^='/requests?campaign=']")
    page.wait_for_selector("#request-form")
    page.select_option("#rq-type", "preservation")
    page.fill("#rq-due", "2020-01-31")  # long past: the request is overdue at once
    page.click("#request-form button[type=submit]")
    page.wait_for_selector("#status-form")
    assert "OVERDUE" in page.locator(".banner-overdue").inner_text()
    _check_layout(page, f"legal-request-{width}")
    page.select_option("#rq-new-status", "withdrawn")
    page.fill("#rq-note", "preserved by other means")
    page.click("#status-form button[type=submit]")
    page.wait_for_selector("#request-status")
    assert page.locator("#request-status").inner_text().startswith("withdrawn")
    page.goto(capab.base + "/requests")
    _check_layout(page, f"legal-requests-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_partner_page_previews_fields(capab: Site, at_width: Any, width: int) -> None:
    page = at_width
    login(page, capab, "capadmin")
    page.goto(capab.base + "/sharing/partners")
    _check_layout(page, f"partners-{width}")
    page.click("a[href='/sharing/partners/in-i4c']")
    page.wait_for_selector("#preview")
    assert page.locator("#agreement .withheld", has_text="victim_country").count() == 1
    withheld = page.locator("tr[data-field=victim_country][data-how=withheld]")
    assert withheld.count() >= 1
    coarse = page.locator("tr[data-field=received_at][data-how=coarsened]")
    assert coarse.count() >= 1
    _check_layout(page, f"partner-preview-{width}")


def test_analyst_is_refused_partner_pages_and_nav_hides_them(capab: Site, page: Any) -> None:
    login(page, capab, "analyst")
    nav = page.locator("nav.mainnav")
    assert nav.locator("a[href='/money']").count() == 1
    assert nav.locator("a[href='/warnlist']").count() == 1
    assert nav.locator("a[href='/sharing/partners']").count() == 0
    assert page.goto(capab.base + "/sharing/partners").status == 403
