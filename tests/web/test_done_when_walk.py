"""The analysts' workspace walked end to end in a real Chromium, as issue #18's "done when"
says: log in -> paste an NCRP acknowledgement number -> open its campaign -> add a note,
assign, set the status -> merge two campaigns and see the audit -> export the list as
XLSX and open it -> the complaint's money page shows its trail and freeze requests ->
add an evidence file and download the package.

The acknowledgement number is pasted with spaces around it, as it comes out of a
spreadsheet cell; it names one complaint, so the search goes straight to the complaint,
which opens its campaign. The campaign list's XLSX export is opened with openpyxl and
must list the campaign the walk worked on (by its id, the first column).

Every page is checked at 390 and 1,440 px: no horizontal overflow, no serious or critical
axe-core violation. Each page's load time in the browser is written to
``test-artifacts/walk-load-ms.tsv`` and printed (reported, never asserted).

The node is this module's own: the walk merges campaigns and adds complaints, which
would change what the shared site's tests count.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from support import testdb
from support.api_seed import seed
from support.app_server import serve
from support.browser import ARTIFACTS, PASSWORD, Site, login, serious_axe_violations, shot

pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = pytest.mark.slow

ACK = "19113042100198"  # the acknowledgement number the issue quotes
HANDLE = "walkpay7731@ybl"
COMPLAINTS = [
    # ack, incident, state, victim, suspect UPI, amount, text
    (ACK, "02-11-2021 10:15", "Maharashtra", "Asha Patil", HANDLE, "45,000", "Task job fraud"),
    ("19113042100199", "03-11-2021 18:40", "Karnataka", "Vijay Rao", HANDLE, "12,500", "Same task"),
    ("19113042100200", "05-11-2021 09:05", "Delhi", "Meera Das", HANDLE, "8,000", "Task again"),
]
REASON = "Same payee handle and the same task script"
WIDTHS = (390, 1440)
LOAD_TIMES: list[tuple[str, int]] = []


def _ncrp_file(tmp: Path) -> Path:
    path = tmp / "ncrp_walk.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["acknowledgement_no", "incident_datetime", "state", "complainant_name",
             "suspect_upi_id", "amount", "description", "synthetic"]
        )  # fmt: skip
        for ack, when, state, name, upi, amount, text in COMPLAINTS:
            w.writerow([ack, when, state, name, upi, amount, f"{text}, paid to {upi}", "yes"])
    return path


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:

    from crossline.api.app import create_app
    from crossline.config import Settings
    from crossline.services.imports import import_paths
    from crossline.store.schema import reports

    tmp = tmp_path_factory.mktemp("walk")
    url = testdb.database_url(tmp)
    app = create_app(Settings(home=tmp / "home", database_url=url))
    node = app.state.node
    ids = seed(node.store)
    home = node.accounts.create_org("India Central Investigation", country="IN")
    for name, role in (("analyst", "analyst"), ("bob", "analyst"), ("chief", "admin")):
        node.accounts.create_user(home["id"], name, PASSWORD, role)
    import_paths(node.settings, [_ncrp_file(tmp)], store=node.store)
    with node.store.read() as conn:
        row = conn.execute(
            reports.select().where(reports.c.source_ref == ACK, reports.c.source == "ncrp")
        ).first()
    assert row is not None
    ids["ack"] = row.id
    with serve(app) as base:
        yield Site(base, ids, node, app=app)
    testdb.release(url)


def _record(page: Any, name: str) -> None:
    ms = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n ? Math.round(n.loadEventEnd - n.startTime) : -1; }"
    )
    LOAD_TIMES.append((name, int(ms)))
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "walk-load-ms.tsv").open("a") as out:
        out.write(f"{name}\t{ms}\n")


def check(page: Any, name: str) -> None:
    """The page as it stands, at both widths: no overflow, no serious axe violation."""
    page.wait_for_load_state("load")
    _record(page, name)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(100)
        scroll, window = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        shot(page, f"walk-{name}-{width}")
        assert scroll <= window, f"{name}: page is {scroll} px wide in a {window} px window"
        assert serious_axe_violations(page) == [], f"{name} at {width} px"
    page.set_viewport_size({"width": 1440, "height": 900})


def test_the_done_when_walk(browser: Any, walk: Site) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page = context.new_page()
    try:
        # log in
        page.goto(walk.base + "/")
        check(page, "login")
        login(page, walk, "analyst")
        check(page, "dashboard")

        # paste the NCRP acknowledgement number: it names one complaint, so the search
        # goes straight to it; the complaint opens its campaign
        page.fill("#global-search", f" {ACK} ")  # pasted with the spaces around it
        with page.expect_navigation():
            page.press("#global-search", "Enter")
        assert page.url.endswith(f"/reports/{walk.ids['ack']}"), page.url
        assert ACK in page.inner_text("main")
        check(page, "complaint-from-search")
        page.click("a:has-text('Open its campaign')")
        page.wait_for_selector("#graph[data-ready=true]", timeout=15000)
        assert "Asia/Kolkata" in page.locator(".who").inner_text()  # the Indian agency's zone
        refs = page.locator("#reports").locator("xpath=..").inner_text()
        assert ACK in refs
        check(page, "campaign")

        # add a note, assign, set the status
        note = "Payee handle also in @bob's Pune case"
        page.fill("#note-body", note)
        with page.expect_navigation():
            page.click("#notes button[type=submit]")
        assert note in page.inner_text("#notes")
        page.select_option("#case-assign-select", "bob")
        with page.expect_navigation():
            page.click("form[action$='/assign'] button")
        assert page.inner_text("#case-assignee") == "bob"
        page.select_option("#case-status-select", "under_investigation")
        with page.expect_navigation():
            page.click("form[action$='/status'] button")
        assert page.inner_text("#case-status").strip() == "under investigation"
        check(page, "casework")

        # merge two campaigns, and see the audit
        page.fill("#merge-campaigns", walk.ids["toll"][:8])
        page.fill("#merge-reason", REASON)
        with page.expect_navigation():
            page.click("form[action$='/merge'] button")
        feed = page.inner_text("#activity")
        assert "merged" in feed and REASON in feed
        check(page, "merged")
        campaign_id = page.url.split("#")[0].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        page.goto(page.url.split("#")[0] + "/activity")
        assert REASON in page.inner_text("main")
        check(page, "activity")

        # the campaign list, exported as XLSX and opened: the walk's campaign is a row
        page.goto(walk.base + "/campaigns")
        assert page.locator("main a[href^='/campaigns/']").count() >= 1
        check(page, "campaigns")
        with page.expect_download() as got:
            page.click("a.export[href*=xlsx]")
        book = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
        rows = list(book.active.iter_rows(values_only=True))
        assert rows[0][0] == "campaign"
        assert campaign_id in [r[0] for r in rows[1:]], (campaign_id, rows[:5])

        # the complaint, in the viewer's zone, and its money page: trail and freeze requests
        page.goto(f"{walk.base}/reports/{walk.ids['ack']}")
        assert ACK in page.inner_text("main") and "IST" in page.inner_text("main")
        check(page, "report")
        page.click("a[href^='/money?ref=']")
        page.wait_for_selector("#trail-requests")
        trail = page.inner_text("#trail")
        assert HANDLE in trail  # the victim's payment to the payee handle, from the complaint
        assert page.locator("#trail-requests tbody tr[data-status]").count() >= 1
        check(page, "money")

        # add an evidence file and download the package
        page.goto(walk.base + "/evidence")
        sample = ARTIFACTS / "walk-evidence.txt"
        sample.write_text(f"Notes on complaint {ACK}\n", encoding="utf-8")
        page.set_input_files("#ev-file", str(sample))
        page.fill("#ev-case", "WALK-1")
        page.fill("#ev-exhibit", "EX-1")
        page.fill("#ev-description", "Victim's notes")
        page.click("#evidence-add button[type=submit]")
        page.wait_for_selector("table.custody")
        assert page.locator("table.custody td", has_text="acquire").count() == 1
        check(page, "evidence")
        with page.expect_download() as info:
            page.click("#export-form button")
        assert Path(info.value.path()).read_bytes()[:2] == b"PK"
    except Exception:
        shot(page, "walk-failure")
        print(page.url, page.inner_text("body")[:600])
        raise
    finally:
        context.close()
    # the merge in the audit log, as the node's admin sees it
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        login(page, walk, "chief")
        page.goto(walk.base + "/admin/audit?action=change")
        assert REASON in page.inner_text("main")
        check(page, "audit")
    finally:
        context.close()
        print("\npage load times in the browser (ms):", dict(LOAD_TIMES))
