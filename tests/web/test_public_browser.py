"""The citizens' site in a real headless Chromium, in English and Hindi, at a phone's
width (360 px): check, report, the rate-limit page, and axe-core accessibility."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.app_server import serve
from support.browser import PASSWORD, shot
from support.public_seed import REPORTED, REPORTED_FORMATS, UNKNOWN, seed_public  # noqa: E402

PHONE = {"width": 360, "height": 740}


def _app(tmp: Path, **limits: Any) -> Any:

    from crossline.api.app import create_app
    from crossline.config import Settings
    from crossline.public.config import PublicConfig
    from support import testdb

    config = PublicConfig(form_min_age=1.0, check_floor=0.0, **limits)
    app = create_app(
        Settings(home=tmp / "home", database_url=testdb.database_url(tmp)), public=config
    )
    node = app.state.node
    seed_public(node.store, node.settings)
    org = node.accounts.create_org("India Central Investigation", country="IN")
    node.accounts.create_user(org["id"], "moderator", PASSWORD, "analyst")
    return app


@pytest.fixture(scope="module")
def public_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A node whose public limits do not get in the way of the functional tests."""
    from crossline.public.limits import Limit

    app = _app(tmp_path_factory.mktemp("public"), check_limit=Limit(per_address=500, overall=5000))
    with serve(app) as base:
        yield base


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.console_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()


def _check(page: Any, base: str, lang: str, typed: str, region: str) -> str:
    page.goto(f"{base}/public/?lang={lang}")
    page.fill("#q", typed)
    page.select_option("#region", region)
    page.click("button[type=submit]")
    page.wait_for_selector("#answer")
    return str(page.get_attribute("#answer", "data-verdict"))


def _no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_check_answers_in_both_languages(phone: Any, public_base: str, lang: str) -> None:
    heading = {"en": "Reported scam", "hi": "धोखाधड़ी की शिकायत दर्ज"}[lang]
    for i, typed in enumerate(REPORTED_FORMATS):
        assert _check(phone, public_base, lang, typed, "US") == "reported_scam"
        assert phone.locator("#answer-title").inner_text() == heading
        assert REPORTED in phone.locator("#answer").inner_text()
        if i == 0:
            shot(phone, f"public-{lang}-reported")
    for typed, region in (("(800) 772-1213", "US"), ("1930", "IN")):
        assert _check(phone, public_base, lang, typed, region) == "genuine"
    assert _check(phone, public_base, lang, UNKNOWN, "US") == "no_reports"
    caveat = {"en": "does not mean it is safe", "hi": "यह सुरक्षित है"}[lang]
    assert caveat in phone.locator(".caveat").inner_text()
    assert phone.get_attribute("html", "lang") == lang
    assert _no_horizontal_scroll(phone)
    shot(phone, f"public-{lang}-no-reports")
    assert phone.console_errors == []


def test_check_works_without_javascript(browser: Any, public_base: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        assert _check(page, public_base, "hi", REPORTED_FORMATS[0], "US") == "reported_scam"
    finally:
        context.close()


def test_devanagari_is_drawn_with_a_devanagari_font(phone: Any, public_base: str) -> None:
    phone.goto(f"{public_base}/public/?lang=hi")
    phone.wait_for_load_state("networkidle")
    # The vendored face is loaded for Devanagari text (no tofu boxes on bare devices).
    loaded = phone.evaluate(
        "document.fonts.check('16px \"Noto Sans Devanagari\"', 'क्या यह धोखाधड़ी है') && "
        "[...document.fonts].some(f => f.family.includes('Devanagari') && f.status === 'loaded')"
    )
    assert loaded
    width = phone.evaluate("document.querySelector('h1').getBoundingClientRect().width")
    assert width > 50
    shot(phone, "public-hi-check")


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_report_with_a_upi_handle_reaches_the_analysts(
    phone: Any, browser: Any, public_base: str, lang: str
) -> None:
    handle = f"refund.{lang}.desk@okicici"
    phone.goto(f"{public_base}/public/report?lang={lang}")
    phone.fill("#what_happened", "Caller said my refund is stuck; asked me to pay via UPI")
    phone.fill("#reported_value", handle)
    phone.select_option("#channel", "call")
    phone.select_option("#region", "IN")
    phone.wait_for_timeout(1100)  # the form's time-based challenge
    assert _no_horizontal_scroll(phone)
    phone.click("button[type=submit]")
    phone.wait_for_selector("#reference")
    reference = phone.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"CR-[A-Z2-7]{5}-[A-Z2-7]{5}", reference)
    shot(phone, f"public-{lang}-receipt")
    # An analyst sees it in the moderation queue, with its reference and what was said.
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    analyst = context.new_page()
    try:
        analyst.goto(public_base + "/login")
        analyst.fill("#username", "moderator")
        analyst.fill("#password", PASSWORD)
        analyst.click("button[type=submit]")
        analyst.wait_for_url(public_base + "/")
        analyst.goto(public_base + "/citizen-reports")
        row = analyst.locator(f"tr[data-reference='{reference}']")
        assert "refund is stuck" in row.inner_text()
        analyst.click(f"tr[data-reference='{reference}'] >> text=Confirm")
        analyst.goto(public_base + "/citizen-reports?status=confirmed")
        assert analyst.locator(f"tr[data-reference='{reference}']").count() == 1
        shot(analyst, f"public-{lang}-moderation")
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/public/?lang=en",
        "/public/?lang=hi",
        "/public/report?lang=hi",
        f"/public/?lang=hi&region=US&q={UNKNOWN}",
    ],
)
def test_axe_finds_no_serious_violations(phone: Any, public_base: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    phone.goto(public_base + path)
    results = Axe().run(phone)
    bad = [
        (v["id"], v["impact"], v["help"])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_eleventh_check_in_a_minute_gets_the_rate_limit_page(
    browser: Any, tmp_path: Path, lang: str
) -> None:
    app = _app(tmp_path)  # the site's own default limits
    with serve(app) as base:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        try:
            for i in range(10):
                page.goto(f"{base}/public/?lang={lang}&region=US&q=%2B1415555{i:04d}")
                assert page.locator("#answer").count() == 1
            response = page.goto(f"{base}/public/?lang={lang}&region=US&q={UNKNOWN}")
            assert response.status == 429
            title = {"en": "Too many requests", "hi": "बहुत अधिक अनुरोध"}[lang]
            assert page.locator("#limited").inner_text() == title
            shot(page, f"public-{lang}-limited")
        finally:
            context.close()
