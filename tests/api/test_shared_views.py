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


RECORDS = [  # (case, partner context, what the route audits of its own record, expected calls)
    ("partner", PARTNER, None,
     [("read", ("store", "agreement-7", "r-1"), {}),
      ("audit", ("req", "who", "read", "report", "r-1"), {"partner": "bank-b"})]),
    ("own user", None, None,
     [("own", (), {}), ("audit", ("req", "who", "read", "report", "r-1"), {})]),
    ("own user, detail", None, lambda record: {"pii": "victim_pii" in record},
     [("own", (), {}), ("audit", ("req", "who", "read", "report", "r-1"), {"pii": True})]),
]  # fmt: skip


@pytest.mark.parametrize(("ctx", "detail", "expected"), [c[1:] for c in RECORDS],
                         ids=[c[0] for c in RECORDS])  # fmt: skip
def test_record_view_serves_partners_their_view_and_own_users_the_record(
    monkeypatch: pytest.MonkeyPatch, ctx: Any, detail: Any, expected: list[Any]
) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(shared_views, "partner_context", lambda request: ctx)
    monkeypatch.setattr(shared_views, "get_node", lambda request: SimpleNamespace(store="store"))
    monkeypatch.setattr(shared_views, "audit", lambda *a, **kw: calls.append(("audit", a, kw)))

    def read(store: Any, agreement: Any, ref: str) -> dict[str, Any]:
        calls.append(("read", (store, agreement, ref), {}))
        return {"id": ref, "shared": True}

    def own() -> dict[str, Any]:
        calls.append(("own", (), {}))
        return {"id": "r-1", "victim_pii": {}}

    extra = {} if detail is None else {"detail": detail}
    got = shared_views.record_view("req", "who", "report", "r-1", read, own, **extra)  # type: ignore[arg-type]
    assert got == ({"id": "r-1", "shared": True} if ctx else {"id": "r-1", "victim_pii": {}})
    assert calls == expected
