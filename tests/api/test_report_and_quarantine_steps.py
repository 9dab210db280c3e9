"""Shared steps of the report and quarantine routes: create and audit, read in scope."""

from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest

from crossline.api.models import ReportIn
from crossline.api.routes import imports, reports

RESULT = {"report_ids": ["r-1"], "import_id": "imp-1", "stored": 1, "duplicates": 0}
CREATES = [
    ("one", 1, lambda r: r["report_ids"][0], {}, "r-1"),
    ("bulk", 3, lambda r: r["import_id"], {"count": 3}, "imp-1"),
]


@pytest.mark.parametrize(("n", "target", "details", "audited_id"), [c[1:] for c in CREATES],
                         ids=[c[0] for c in CREATES])  # fmt: skip
def test_create_stores_the_reports_and_audits_counts_under_the_target(
    monkeypatch: pytest.MonkeyPatch, n: int, target: Any, details: dict, audited_id: str
) -> None:
    created: list[Any] = []
    audited: list[Any] = []
    monkeypatch.setattr(reports, "get_node", lambda request: "node")
    monkeypatch.setattr(
        reports,
        "create_reports",
        lambda node, who, items: created.append((node, who, items)) or RESULT,
    )
    monkeypatch.setattr(reports, "audit", lambda *a, **kw: audited.append((a, kw)))
    body = [ReportIn.model_validate({"source_ref": f"x{i}", "jurisdiction": "GB", "text": "t"})
            for i in range(n)]  # fmt: skip
    assert reports._create("req", "who", body, target, **details) is RESULT  # type: ignore[arg-type]
    [(node, who, items)] = created
    assert (node, who, len(items)) == ("node", "who", n)
    assert audited == [(("req", "who", "create", "report", audited_id),
                        {**details, "stored": 1, "duplicates": 0})]  # fmt: skip


@pytest.mark.parametrize(
    ("org", "home", "import_id", "page"),
    [
        ("org-a", False, None, {"limit": 100, "offset": 0}),
        ("home", True, "imp-2", {"limit": 1_000_000}),
    ],
    ids=["member-page", "home-export"],
)
def test_quarantined_reads_in_the_callers_scope(
    monkeypatch: pytest.MonkeyPatch, org: str, home: bool, import_id: str | None, page: dict
) -> None:
    seen: list[Any] = []

    @contextmanager
    def read():  # type: ignore[no-untyped-def]
        yield "conn"

    node = SimpleNamespace(store=SimpleNamespace(read=read))
    monkeypatch.setattr(imports, "get_node", lambda request: node)
    monkeypatch.setattr(
        imports, "quarantine_rows", lambda conn, **kw: seen.append((conn, kw)) or []
    )
    principal = SimpleNamespace(org_id=org, home_org=home)
    assert imports._quarantined("req", principal, import_id, **page) == []  # type: ignore[arg-type]
    assert seen == [("conn", {"org_id": org, "home": home, "import_id": import_id, **page})]
