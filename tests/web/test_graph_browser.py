"""The link graph as an analyst works it: labels everywhere, in-place expansion, keyboard,
zoom and fit, and export as PNG and SVG."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from support.browser import Site, login, shot


def _open_graph(page: Any, site: Site) -> None:
    """The cross-border campaign, reached through search: its id changes when other
    browser tests grow it."""
    login(page, site, "analyst")
    page.goto(f"{site.base}/search?q=%2B12025550143")
    page.click("a.open-campaign")
    page.wait_for_url(re.compile(r"/campaigns/"))
    page.wait_for_selector("#graph[data-ready=true]", timeout=15000)


def _poll(page: Any, script: str, until: Any, tries: int = 100) -> Any:
    """Poll a value (wait_for_function would need 'unsafe-eval', which the CSP forbids)."""
    value = page.evaluate(script)
    for _ in range(tries):
        if until(value):
            break
        page.wait_for_timeout(100)
        value = page.evaluate(script)
    return value


def test_every_node_has_a_readable_label(page: Any, site: Site) -> None:
    _open_graph(page, site)
    labels = page.evaluate(
        """() => window.CrosslineGraph.nodes().map(n => [n.data('type'), n.style('label'),
                 parseFloat(n.style('font-size'))])"""
    )
    assert {t for t, _l, _s in labels} == {"report", "indicator"}
    assert all(label for _t, label, _s in labels), labels
    assert min(size for _t, _l, size in labels) >= 11


def test_keyboard_reaches_nodes_and_enter_expands_in_place(page: Any, site: Site) -> None:
    _open_graph(page, site)
    buttons = page.locator("#graph-nodes button")
    start = int(page.get_attribute("#graph", "data-nodes"))
    assert buttons.count() == start >= 7
    # Tab from the Export SVG button: the node list's summary, then the first node, which
    # is ringed on the canvas.
    page.focus("#graph-svg")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('data-node')")
    assert focused and page.evaluate(
        f"() => window.CrosslineGraph.getElementById('{focused}').hasClass('focused')"
    )
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    # Enter on the UPI handle: every report with it is on screen already, and the page says so.
    upi = page.locator("#graph-nodes button", has_text="fraudster@okaxis")
    upi.focus()
    page.keyboard.press("Enter")
    status = _poll(page, "() => document.getElementById('graph-status').textContent",
                   lambda s: "already" in s or "Added" in s)  # fmt: skip
    assert re.search(r"All \d+ reports with this value are already in the graph", status), status
    # Enter on the common helpline: it leads to another campaign, added as a node.
    page.locator("#graph-nodes button", has_text="+18001234567").focus()
    page.keyboard.press("Enter")
    n = _poll(page, "() => window.CrosslineGraph.nodes().length", lambda v: v > start)
    assert n > start and page.locator("#graph-nodes button").count() == n
    assert page.locator("#graph-nodes button", has_text="Campaign").count() == 1
    shot(page, "graph-keyboard")
    assert page.console_errors == []


def test_zoom_fit_and_export(page: Any, site: Site) -> None:
    _open_graph(page, site)
    before = page.evaluate("() => window.CrosslineGraph.zoom()")
    page.click("#graph-zoom-in")
    assert page.evaluate("() => window.CrosslineGraph.zoom()") > before
    page.click("#graph-fit")
    page.click("#graph-zoom-out")
    assert page.evaluate("() => window.CrosslineGraph.zoom()") < before * 1.01
    with page.expect_download() as png:
        page.click("#graph-png")
    data = Path(png.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000
    with page.expect_download() as svg:
        page.click("#graph-svg")
    text = Path(svg.value.path()).read_text(encoding="utf-8")
    nodes = page.evaluate("() => window.CrosslineGraph.nodes().length")
    assert text.startswith("<svg") and text.count("<text") == nodes and "fraudster@okaxis" in text
    assert png.value.suggested_filename.endswith(".png")
    assert page.console_errors == []
