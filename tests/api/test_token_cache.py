"""Verified API tokens are kept per server process, and never outlive a revocation.

A busy bank token must not cost a database read per request; a token revoked anywhere
on the node (this process, another server process, ``crossline tokens revoke``) must be
refused on its very next request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from click.testing import CliRunner

from crossline.cli import cli
from crossline.node.auth import Accounts
from crossline.node.token_cache import RevocationStamp
from crossline.store import Store
from support.api_env import Env
from support.statements import statements


@contextmanager
def token_reads(store: Store) -> Iterator[list[str]]:
    """The statements that read an API token's row while the block runs (filled when
    it ends)."""
    reads: list[str] = []
    with statements(store) as seen:
        yield reads
    reads.extend(s for s in seen if s.lstrip().upper().startswith("SELECT") and "token_hash" in s)


def token_id(env: Env, who: str) -> str:
    principal = env.node.accounts.token_principal(env.tokens[who])
    assert principal is not None
    return str(principal.id)


def test_a_verified_token_is_not_read_again_on_each_request(fresh_env: Env) -> None:
    assert fresh_env.get("viewer", "/api/v1/stats").status_code == 200
    with token_reads(fresh_env.node.store) as reads:
        for _ in range(3):
            assert fresh_env.get("viewer", "/api/v1/stats").status_code == 200
    assert reads == []


def test_a_token_revoked_in_this_process_is_refused_at_once(fresh_env: Env) -> None:
    assert fresh_env.get("viewer", "/api/v1/stats").status_code == 200
    fresh_env.node.accounts.revoke_token(token_id(fresh_env, "viewer"))
    r = fresh_env.get("viewer", "/api/v1/stats")
    assert r.status_code == 401 and "revoked" in r.json()["error"]["message"]


def test_a_token_revoked_by_another_process_is_refused_at_once(fresh_env: Env) -> None:
    # Another server process: its own engine and its own descriptor on the stamp.
    settings = fresh_env.node.settings
    assert fresh_env.get("viewer", "/api/v1/stats").status_code == 200
    other = Store(settings.database_url)
    try:
        Accounts(other, stamp=RevocationStamp.in_home(settings.home)).revoke_token(
            token_id(fresh_env, "viewer")
        )
    finally:
        other.close()
    assert fresh_env.get("viewer", "/api/v1/stats").status_code == 401
    # Tokens not revoked still work (the stamp only made them be read again).
    assert fresh_env.get("analyst", "/api/v1/stats").status_code == 200


def test_a_token_revoked_on_the_command_line_is_refused_at_once(fresh_env: Env) -> None:
    settings = fresh_env.node.settings
    assert fresh_env.get("viewer", "/api/v1/stats").status_code == 200
    args = ["--home", str(settings.home), "--db", settings.database_url]
    r = CliRunner().invoke(cli, [*args, "tokens", "revoke", token_id(fresh_env, "viewer")])
    assert r.exit_code == 0, r.output
    assert fresh_env.get("viewer", "/api/v1/stats").status_code == 401


def test_a_cached_token_is_read_again_after_its_time_bound(fresh_env: Env) -> None:
    cache = fresh_env.node.accounts.tokens
    now = [1000.0]
    cache.clock = lambda: now[0]
    assert fresh_env.get("viewer", "/api/v1/stats").status_code == 200
    now[0] += cache.ttl
    with token_reads(fresh_env.node.store) as reads:
        assert fresh_env.get("viewer", "/api/v1/stats").status_code == 200
    assert len(reads) == 1


def test_without_a_readable_stamp_nothing_is_cached(fresh_env: Env, tmp_path: Any) -> None:
    accounts = fresh_env.node.accounts
    accounts.tokens.stamp = RevocationStamp(tmp_path / "missing" / "stamp")  # no such folder
    assert fresh_env.get("viewer", "/api/v1/stats").status_code == 200
    with token_reads(fresh_env.node.store) as reads:
        assert fresh_env.get("viewer", "/api/v1/stats").status_code == 200
    assert len(reads) == 1


def test_the_stamp_moves_on_every_bump(tmp_path: Any) -> None:
    a, b = RevocationStamp(tmp_path / "s"), RevocationStamp(tmp_path / "s")
    seen = {a.read()}
    for _ in range(3):
        b.bump()
        seen.add(a.read())
    assert len(seen) == 4
