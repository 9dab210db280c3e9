"""A seeded node served by uvicorn on 127.0.0.1, and a headless Chromium to drive it.

Skipped when Debian's chromium or the Playwright package is missing
(``scripts/install-browser`` installs both). Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from support.browser import CHROMIUM

if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (scripts/install-browser)", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api")

from support.api_seed import seed  # noqa: E402
from support.app_server import serve  # noqa: E402
from support.browser import LAUNCH_ARGS, PASSWORD, Site, login  # noqa: E402


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:

    from crossline.api.app import create_app
    from crossline.config import Settings

    tmp = tmp_path_factory.mktemp("site")
    from support import testdb

    app = create_app(Settings(home=tmp / "home", database_url=testdb.database_url(tmp)))
    node = app.state.node
    ids = seed(node.store)
    home = node.accounts.create_org("US Consumer Protection", country="US")
    partner = node.accounts.create_org("India Central Investigation", country="IN")
    node.accounts.create_user(home["id"], "analyst", PASSWORD, "analyst")
    node.accounts.create_user(partner["id"], "partner", PASSWORD, "partner")
    with serve(app) as base:
        yield Site(base, ids, node, app=app)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, site: Site, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context (no cookies) at a laptop's screen size; console errors kept."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    pg.console_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture(scope="session")
def signed_in(browser: Any, site: Site) -> Callable[[str], dict[str, Any]]:
    """The shared site's session cookie for a user, from one login through the form per
    user and worker: page checks open a fresh context with it instead of logging in again
    (the login itself is tested in test_browser.py)."""
    states: dict[str, dict[str, Any]] = {}

    def state(username: str) -> dict[str, Any]:
        if username not in states:
            context = browser.new_context()
            try:
                login(context.new_page(), site, username)
                states[username] = context.storage_state()
            finally:
                context.close()
        return states[username]

    return state
