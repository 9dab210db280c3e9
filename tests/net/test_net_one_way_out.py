"""Every outbound request goes through crossline.net: nothing else in the package builds
an HTTP client or transport, or imports another HTTP client library."""

from __future__ import annotations

import ast
from pathlib import Path

import crossline

SRC = Path(crossline.__file__).parent
BUILDERS = {
    "Client",
    "AsyncClient",
    "HTTPTransport",
    "AsyncHTTPTransport",
    "request",
    "get",
    "post",
}
OTHER_CLIENTS = {"requests", "urllib.request", "http.client", "aiohttp", "urllib3"}


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id == "httpx" and node.func.attr in BUILDERS:
                found.append(f"{path.name}:{node.lineno} httpx.{node.func.attr}(...)")
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            )
            found += [f"{path.name}:{node.lineno} import {n}" for n in names if n in OTHER_CLIENTS]
    return found


def test_no_http_client_outside_net() -> None:
    files = [p for p in sorted(SRC.rglob("*.py")) if p.parent.name != "net"]
    assert len(files) > 100
    assert [o for p in files for o in offences(p)] == []


def test_the_check_finds_what_it_looks_for() -> None:
    assert any("httpx.Client(...)" in o for o in offences(SRC / "net" / "outbound.py"))
