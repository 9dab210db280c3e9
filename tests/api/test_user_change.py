"""A change to a user as one value: which fields it names, and what the accounts do with it."""

from __future__ import annotations

import pytest

from crossline.errors import ValidationError
from crossline.node.auth import Accounts, UserChange
from crossline.store import Store

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (UserChange(), []),
        (UserChange(role="viewer"), ["role"]),
        (UserChange(active=False), ["active"]),
        (UserChange(active=True, password=PASSWORD + "!"), ["active", "password"]),
        (UserChange(role="analyst", active=True, password="x"), ["role", "active", "password"]),
    ],
)
def test_changed_names_the_fields_set(change: UserChange, named: list[str]) -> None:
    assert change.changed() == named


@pytest.mark.parametrize(
    ("change", "role", "active", "session_kept"),
    [
        (UserChange(role="viewer"), "viewer", True, False),
        (UserChange(active=False), "analyst", False, False),
        (UserChange(active=True), "analyst", True, True),
    ],
)
def test_update_user_applies_the_change(
    store: Store, change: UserChange, role: str, active: bool, session_kept: bool
) -> None:
    acc = Accounts(store)
    org = acc.create_org("Home agency", country="US")
    acc.create_user(org["id"], "admin", PASSWORD, "admin")
    user = acc.create_user(org["id"], "alice", PASSWORD, "analyst")
    secret = acc.create_session(user["id"], ip="127.0.0.1", user_agent=None)
    updated = acc.update_user(user["id"], change)
    assert (updated["role"], updated["active"]) == (role, active)
    assert (acc.session_principal(secret) is not None) == session_kept


def test_an_empty_change_is_refused(store: Store) -> None:
    acc = Accounts(store)
    org = acc.create_org("Home agency", country="US")
    user = acc.create_user(org["id"], "alice", PASSWORD, "analyst")
    with pytest.raises(ValidationError, match="nothing to change"):
        acc.update_user(user["id"], UserChange())
