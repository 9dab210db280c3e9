"""Pure rules: permissions per role and scope, passwords, secrets, the login throttle."""

from __future__ import annotations

import pytest

from crossline.errors import ValidationError
from crossline.node import security as sec

# (role, permission, allowed)
ROLE_CASES = [
    ("admin", sec.ADMIN, True),
    ("admin", sec.PII_READ, True),
    ("analyst", sec.ADMIN, False),
    ("analyst", sec.PII_READ, True),
    ("analyst", sec.IMPORTS_WRITE, True),
    ("analyst", sec.EXPORT, True),
    ("viewer", sec.CASES_READ, True),
    ("viewer", sec.REPORTS_READ, True),
    ("viewer", sec.REPORTS_WRITE, False),
    ("viewer", sec.QUARANTINE_READ, False),
    ("viewer", sec.PII_READ, False),
    ("partner", sec.CASES_READ, True),
    ("partner", sec.REPORTS_READ, False),
    ("partner", sec.PII_READ, False),
    ("partner", sec.EXPORT, False),
    ("nobody", sec.CASES_READ, False),
]


@pytest.mark.parametrize(
    ("role", "permission", "allowed"), ROLE_CASES, ids=[f"{r}-{p}" for r, p, _ in ROLE_CASES]
)
def test_role_permissions(role: str, permission: str, allowed: bool) -> None:
    assert (permission in sec.permissions_for(role)) is allowed


# (role, scopes, permission, allowed): a token never exceeds its role, scopes narrow it.
SCOPE_CASES = [
    ("analyst", ["read"], sec.CASES_READ, True),
    ("analyst", ["read"], sec.REPORTS_WRITE, False),
    ("analyst", ["read", "write"], sec.REPORTS_WRITE, True),
    ("analyst", ["admin"], sec.ADMIN, False),  # scope beyond the role grants nothing
    ("partner", ["read", "pii", "export"], sec.PII_READ, False),
    ("partner", ["read", "pii", "export"], sec.REPORTS_READ, False),
    ("admin", ["quarantine"], sec.QUARANTINE_READ, True),
    ("admin", ["quarantine"], sec.CASES_READ, False),
]


@pytest.mark.parametrize(
    ("role", "scopes", "permission", "allowed"),
    SCOPE_CASES,
    ids=[f"{r}-{'+'.join(s)}-{p}" for r, s, p, _ in SCOPE_CASES],
)
def test_token_permissions(role: str, scopes: list[str], permission: str, allowed: bool) -> None:
    assert (permission in sec.permissions_for(role, scopes)) is allowed


@pytest.mark.parametrize(
    ("password", "username", "problem"),
    [
        ("short", "alice", "too short"),
        ("alice-is-my-password", "alice", "username"),
        ("aaaaaaaaaaaaaaaa", "bob", "distinct"),
    ],
    ids=["short", "contains-username", "low-variety"],
)
def test_weak_passwords_are_refused(password: str, username: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem) as err:
        sec.check_password_strength(password, username)
    assert err.value.context["field"] == "password"


def test_password_hash_verifies_only_the_right_password() -> None:
    h = sec.hash_password("correct horse battery staple")
    assert h.startswith("$argon2id$")
    assert sec.verify_password(h, "correct horse battery staple")
    assert not sec.verify_password(h, "correct horse battery stapler")
    assert not sec.verify_password(None, "anything at all")  # unknown user
    assert not sec.verify_password("not-a-hash", "anything at all")


def test_api_tokens_are_random_and_stored_as_digests() -> None:
    (t1, p1), (t2, p2) = sec.new_api_token(), sec.new_api_token()
    assert t1 != t2 and t1.startswith(p1 + "_") and t2.startswith(p2 + "_")
    assert len(t1) > 40
    assert sec.digest(t1) != sec.digest(t2) and len(sec.digest(t1)) == 64
    assert t1 not in sec.digest(t1)


@pytest.mark.parametrize(
    ("scopes", "ok"),
    [(["read"], True), (["read", "read", "write"], True), ([], False), (["root"], False)],
    ids=["one", "duplicates", "empty", "unknown"],
)
def test_check_scopes(scopes: list[str], ok: bool) -> None:
    if ok:
        assert sec.check_scopes(scopes) == tuple(sorted(set(scopes)))
    else:
        with pytest.raises(ValidationError):
            sec.check_scopes(scopes)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_login_limiter_blocks_after_failures_and_forgets_after_the_window() -> None:
    clock = Clock()
    lim = sec.LoginLimiter(per_user=3, per_ip=10, window=60, clock=clock)
    for _ in range(3):
        assert lim.retry_after("alice", "10.0.0.1") == 0
        lim.failed("alice", "10.0.0.1")
    wait = lim.retry_after("Alice", "10.0.0.2")  # same user, any address, any case
    assert 0 < wait <= 61
    assert lim.retry_after("bob", "10.0.0.1") == 0  # other users are not locked out
    clock.now += 61
    assert lim.retry_after("alice", "10.0.0.1") == 0


def test_login_limiter_per_address_and_success_resets_user() -> None:
    clock = Clock()
    lim = sec.LoginLimiter(per_user=5, per_ip=4, window=60, clock=clock)
    for name in ("a1", "a2", "a3", "a4"):
        lim.failed(name, "10.9.9.9")
    assert lim.retry_after("someone-else", "10.9.9.9") > 0  # spraying many names from one host
    lim2 = sec.LoginLimiter(per_user=2, per_ip=10, window=60, clock=clock)
    lim2.failed("carol", "h")
    lim2.succeeded("carol")
    lim2.failed("carol", "h")
    assert lim2.retry_after("carol", "h") == 0
