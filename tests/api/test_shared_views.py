"""A record as a partner sees it: read under its agreement and audited with its name."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from crossline.api import shared_views

PARTNER = SimpleNamespace(agreement="agreement-7", partner=SimpleNamespace(name="bank-b"))
CASES = [
    ("partner report", PARTNER, "report", "r-1", {"id": "r-1", "shared": True}),
    ("partner indicator", PARTNER, "indicator", "i-9", {}),
    ("own user", None, "report", "r-1", None),
]


@pytest.mark.parametrize(("ctx", "kind", "ref", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_partner_view_reads_and_audits_only_for_partners(
    monkeypatch: pytest.MonkeyPatch, ctx: Any, kind: str, ref: str, expected: Any
) -> None:
    calls: list[Any] = []
    node = SimpleNamespace(store="store")
    monkeypatch.setattr(shared_views, "partner_context", lambda request: ctx)
    monkeypatch.setattr(shared_views, "get_node", lambda request: node)
    monkeypatch.setattr(shared_views, "audit", lambda *a, **kw: calls.append(("audit", a, kw)))

    def read(store: Any, agreement: Any, ref_: str) -> dict[str, Any]:
        calls.append(("read", (store, agreement, ref_), {}))
        return expected

    got = shared_views.partner_view("req", "who", kind, ref, read)  # type: ignore[arg-type]
    assert got == expected
    if ctx is None:
        assert calls == []
    else:
        assert calls == [
            ("read", ("store", "agreement-7", ref), {}),
            ("audit", ("req", "who", "read", kind, ref), {"partner": "bank-b"}),
        ]
