"""The one step behind the partner-facing match routes: serve the calling partner, audit."""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any

import pytest

from crossline.api.routes import matching
from crossline.errors import NotAllowedError, PermissionDeniedError

CASES = [
    ("digests", (), {"cursor": "c1", "limit": 5}, {"items": [1, 2, 3]}, 3),
    ("refs", (["d1", "d2"],), {}, {"items": []}, 2),
    ("psi", (["p1"],), {"cache": {}}, {"points": ["x"]}, 1),
]


@pytest.mark.parametrize(("what", "args", "kwargs", "out", "values"), CASES,
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_serve_answers_the_calling_partner_and_audits_how_many_values(
    monkeypatch: pytest.MonkeyPatch, what: str, args: tuple, kwargs: dict, out: dict, values: int
) -> None:
    node = SimpleNamespace(store="store", settings="settings")
    audited: list[Any] = []
    served: list[Any] = []
    monkeypatch.setattr(matching, "get_node", lambda request: node)
    monkeypatch.setattr(matching, "calling_partner", lambda request, principal: "partner-x")
    monkeypatch.setattr(matching, "audit", lambda *a, **kw: audited.append((a, kw)))

    def serve(*a: Any, **kw: Any) -> dict[str, Any]:
        served.append((a, kw))
        return out

    principal = SimpleNamespace(actor="partner-token")
    got = matching._serve("req", principal, what, serve, lambda _: values, *args, **kwargs)  # type: ignore[arg-type]
    assert got is out
    assert served == [
        (("store", "settings", "partner-x", *args), {"actor": "partner-token", **kwargs})
    ]
    assert audited == [(("req", principal, "search", "match", what), {"values": values})]


def test_serve_turns_a_refusal_into_403_and_audits_no_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded: list[Any] = []
    log = SimpleNamespace(record=lambda *a, **kw: recorded.append(a))
    node = SimpleNamespace(store=None, settings=None, audit=log)
    monkeypatch.setattr(matching, "get_node", lambda request: node)
    monkeypatch.setattr(matching, "client_ip", lambda request: "-")
    monkeypatch.setattr(matching, "calling_partner", lambda request, principal: "partner-x")
    monkeypatch.setattr(matching, "audit", lambda *a, **kw: pytest.fail("audited a refused search"))

    def serve(*a: Any, **kw: Any) -> dict[str, Any]:
        raise NotAllowedError("no agreement")

    with pytest.raises(PermissionDeniedError):
        matching._serve("req", SimpleNamespace(actor="p"), "refs", serve, len)  # type: ignore[arg-type]
    assert [r[1:4] for r in recorded] == [("search", "match", "refs")]


LOGS = [
    ("/api/v1/match/requests", "list_requests", "match_requests", "list_requests"),
    ("/api/v1/match/queries", "queries", "match_queries", "list_queries"),
]


@pytest.mark.parametrize(("path", "name", "what", "lister"), LOGS, ids=[n for _, n, _, _ in LOGS])
def test_each_match_log_is_its_own_named_route_reading_its_own_log(
    monkeypatch: pytest.MonkeyPatch, store: Any, path: str, name: str, what: str, lister: str
) -> None:
    [route] = [r for r in matching.router.routes if r.name == name]  # type: ignore[attr-defined]
    assert (route.path, route.methods) == (path, {"GET"})  # type: ignore[attr-defined]
    closure = inspect.getclosurevars(route.endpoint).nonlocals  # type: ignore[attr-defined]
    assert closure["lister"] is getattr(matching.mt, lister)
    audited: list[Any] = []
    monkeypatch.setattr(matching, "get_node", lambda request: SimpleNamespace(store=store))
    monkeypatch.setattr(matching, "audit", lambda *a, **kw: audited.append(a))
    out = route.endpoint(request="req", principal="who", limit=7)  # type: ignore[attr-defined]
    assert out == {"items": []}
    assert audited == [("req", "who", "read", what)]
