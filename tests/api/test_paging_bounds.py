"""The shared page bounds: what a list route accepts as ``limit`` and ``offset``."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from crossline.api.paging import PageLimit, PageOffset

app = FastAPI()


@app.get("/page")
def page(limit: PageLimit = 100, offset: PageOffset = 0) -> dict[str, int]:
    return {"limit": limit, "offset": offset}


CASES = [
    ("defaults", "", 200, {"limit": 100, "offset": 0}),
    ("smallest", "?limit=1&offset=0", 200, {"limit": 1, "offset": 0}),
    ("largest", "?limit=1000&offset=1000000", 200, {"limit": 1000, "offset": 1_000_000}),
    ("limit 0", "?limit=0", 422, None),
    ("limit over", "?limit=1001", 422, None),
    ("offset negative", "?offset=-1", 422, None),
    ("offset over", "?offset=1000001", 422, None),
]


@pytest.mark.parametrize(("query", "status", "body"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_page_bounds(query: str, status: int, body: dict | None) -> None:
    r = TestClient(app).get(f"/page{query}")
    assert r.status_code == status
    if body is not None:
        assert r.json() == body
