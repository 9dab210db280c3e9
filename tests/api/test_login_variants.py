"""The login throttle keys on the same normalised username as the account lookup.

A locked account must stay locked whatever spelling of its name is tried: spaces or
tabs around it, capitals, full-width letters (NFKC folds them), other Unicode spaces.
Addresses are limited too, IPv6 clients per /64 (one host owns a whole /64).
"""

from __future__ import annotations

import pytest
from api_env import PASSWORD, Env

from crossline.node import security as sec

VARIANTS = [
    ("leading-space", " viewer"),
    ("trailing-space-caps", "VIEWER "),
    ("tab", "\tviewer"),
    ("newline", "viewer\n"),
    ("mixed-case", "ViEwEr"),
    ("fullwidth", "\uff56\uff49\uff45\uff57\uff45\uff52"),
    ("ideographic-space", "\u3000viewer"),
    ("nbsp-fullwidth-caps", "\u00a0\uff36\uff29\uff25\uff37\uff25\uff32"),
]


@pytest.mark.parametrize("variant", [v for _, v in VARIANTS], ids=[i for i, _ in VARIANTS])
def test_normalise_username_folds_every_variant(variant: str) -> None:
    assert sec.normalise_username(variant) == "viewer"


@pytest.mark.parametrize("variant", [v for _, v in VARIANTS], ids=[i for i, _ in VARIANTS])
def test_limiter_locks_every_spelling(variant: str) -> None:
    lim = sec.LoginLimiter(per_user=3, per_ip=100, window=60, clock=lambda: 0.0)
    for n in range(3):  # failures under varying spellings and addresses count together
        lim.failed(VARIANTS[n][1], f"198.51.100.{n}")
    assert lim.retry_after(variant, "203.0.113.9") > 0
    lim.succeeded(variant)
    assert lim.retry_after("viewer", "203.0.113.9") == 0


# (first address, second address, same key): IPv4-mapped IPv6 is the IPv4 address; a /64 is one.
ADDRESSES = [
    ("v4", "198.51.100.7", "198.51.100.7", True),
    ("v4-mapped", "::ffff:198.51.100.7", "198.51.100.7", True),
    ("v6-same-64", "2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe", True),
    ("v6-other-64", "2001:db8:1:2::1", "2001:db8:1:3::1", False),
    ("v4-neighbours", "198.51.100.7", "198.51.100.8", False),
    ("not-an-address", "testclient", "testclient", True),
]


@pytest.mark.parametrize(
    ("a", "b", "same"), [x[1:] for x in ADDRESSES], ids=[x[0] for x in ADDRESSES]
)
def test_address_key(a: str, b: str, same: bool) -> None:
    assert (sec.address_key(a) == sec.address_key(b)) is same


def test_limiter_counts_an_ipv6_host_per_64() -> None:
    lim = sec.LoginLimiter(per_user=100, per_ip=3, window=60, clock=lambda: 0.0)
    for n in range(3):
        lim.failed(f"user{n}", f"2001:db8:1:2::{n + 1:x}")
    assert lim.retry_after("someone-else", "2001:db8:1:2:dead:beef::1") > 0
    assert lim.retry_after("someone-else", "2001:db8:1:3::1") == 0


@pytest.mark.parametrize(
    "variant",
    [v for _, v in VARIANTS[:4]] + [VARIANTS[5][1]],
    ids=[i for i, _ in VARIANTS[:4]] + ["fullwidth"],
)
def test_a_locked_account_stays_locked_under_any_spelling(fresh_env: Env, variant: str) -> None:
    for _ in range(3):  # fresh_env allows 3 failures per user
        r = fresh_env.client.post(
            "/api/v1/auth/login", json={"username": "viewer", "password": "not it, not it"}
        )
        assert r.status_code == 401
    r = fresh_env.client.post(
        "/api/v1/auth/login", json={"username": variant, "password": PASSWORD}
    )
    assert r.status_code == 429, r.text
    r = fresh_env.client.post(
        "/login",
        data={"username": variant, "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 429
