"""The web app's browser tests: the served site, Chromium's flags, and page helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery staple"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Site:
    base: str
    ids: dict[str, str]
    node: Any
    console: list[str] = field(default_factory=list)
    app: Any = None  # the ASGI app served (its routes name the pages to check)


@cache
def _axe() -> Any:
    """axe-core's runner, or None where the dev dependency is not installed."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:  # pragma: no cover - dev dependency missing
        return None
    return Axe()


def serious_axe_violations(page: Any) -> list[str]:
    """The page's serious and critical axe-core violations, each with up to five of its
    elements (none where axe-core is not installed)."""
    axe = _axe()
    if axe is None:  # pragma: no cover - dev dependency missing
        return []
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in axe.run(page).response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page: Any, site: Site, username: str) -> None:
    page.goto(site.base + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site.base + "/")
