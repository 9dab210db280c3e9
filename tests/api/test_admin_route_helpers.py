"""The helpers behind the administration routes: the list routes and the acting triple."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from crossline.api.responses.admin import OrgOut, TokenOut, UserOut
from crossline.api.routes.accounts import _admin, _admin_list

LISTS = [
    ("/organisations", "list_orgs", OrgOut),
    ("/users", "list_users", UserOut),
    ("/tokens", "list_tokens", TokenOut),
]


@pytest.mark.parametrize(("path", "name", "model"), LISTS, ids=[n for _, n, _ in LISTS])
def test_admin_list_registers_a_named_get_that_hands_over_node_and_principal(
    path: str, name: str, model: type
) -> None:
    seen: list[Any] = []

    def lister(node: Any, principal: Any) -> list[dict[str, Any]]:
        seen.append((node, principal))
        return []

    router = APIRouter()
    _admin_list(router, path, name, model, lister)
    [route] = router.routes
    assert (route.path, route.name, route.methods, route.tags) == (  # type: ignore[attr-defined]
        path, name, {"GET"}, ["admin"])  # fmt: skip
    assert route.response_model == list[model]  # type: ignore[attr-defined]

    app = FastAPI()
    app.include_router(router)
    app.state.node = node = SimpleNamespace(name="node")
    admin = SimpleNamespace(id="u1")
    # ``require`` builds a new dependency per call: override the one the route holds.
    dep = route.dependant.dependencies[0].call  # type: ignore[attr-defined]
    app.dependency_overrides[dep] = lambda: admin
    r = TestClient(app).get(path)
    assert (r.status_code, r.json(), seen) == (200, [], [(node, admin)])


@pytest.mark.parametrize("host", ["10.0.0.7", "192.0.2.1"])
def test_admin_gives_the_nodes_accounts_and_audit_and_who_acts_from_where(host: str) -> None:
    node = SimpleNamespace(accounts=object(), audit=object())
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(node=node)),
                              client=SimpleNamespace(host=host))  # fmt: skip
    principal = SimpleNamespace(id="admin")
    accounts, audit, by = _admin(request, principal)  # type: ignore[arg-type]
    assert (accounts, audit, by.who, by.ip) == (node.accounts, node.audit, principal, host)
