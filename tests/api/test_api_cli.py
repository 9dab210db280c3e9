"""``crossline users``, ``tokens``, ``audit`` and ``serve --demo-admin``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crossline import cli as cli_pkg
from crossline.cli import serve_cmd
from crossline.config import Settings
from support import testdb

COMMANDS = ("serve", "users", "tokens", "audit")


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    for name in COMMANDS:  # registered through crossline.cli.COMMANDS once listed there
        if name not in cli_pkg.cli.commands:
            cli_pkg.cli.add_command(getattr(serve_cmd, name))
    runner = CliRunner()
    home = tmp_path / "home"

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(cli_pkg.cli, ["--home", str(home), *args], input=input)

    return invoke


def test_create_admin_reads_the_password_from_stdin(run) -> None:  # type: ignore[no-untyped-def]
    r = run(
        "users",
        "create-admin",
        "--org",
        "FTC",
        "--country",
        "US",
        "--username",
        "Alice",
        "--password-stdin",
        input="a long enough passphrase\n",
    )
    assert r.exit_code == 0, r.output
    assert "created admin alice in FTC" in r.output
    listed = run("users", "list")
    assert "alice" in listed.output and "admin" in listed.output


@pytest.mark.parametrize(
    ("password", "message"),
    [("short\n", "too short"), ("\n", "no password")],
    ids=["weak", "empty"],
)
def test_create_admin_refuses_bad_passwords(run, password: str, message: str) -> None:  # type: ignore[no-untyped-def]
    r = run(
        "users",
        "create-admin",
        "--org",
        "FTC",
        "--username",
        "bob",
        "--password-stdin",
        input=password,
    )
    assert r.exit_code == 2 and message in r.output


def test_tokens_create_list_revoke_and_audit(run) -> None:  # type: ignore[no-untyped-def]
    run(
        "users",
        "create-admin",
        "--org",
        "FTC",
        "--username",
        "alice",
        "--password-stdin",
        input="a long enough passphrase\n",
    )
    r = run(
        "tokens",
        "create",
        "--name",
        "bank-feed",
        "--owner",
        "alice",
        "--role",
        "viewer",
        "--scope",
        "read",
    )
    assert r.exit_code == 0, r.output
    token = r.output.strip().splitlines()[-1]
    assert token.startswith("cl_") and len(token) > 40
    listed = run("tokens", "list", "--json")
    assert token not in listed.output and '"bank-feed"' in listed.output
    import json

    token_id = json.loads(listed.output)[0]["id"]
    assert run("tokens", "revoke", token_id[:8]).exit_code == 0
    assert '"revoked_at": null' not in run("tokens", "list", "--json").output
    audit = run("audit")
    assert audit.exit_code == 0 and "token" in audit.output and "create" in audit.output
    assert "intact" in run("audit", "--verify").output


def test_demo_admin_is_created_once(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url=testdb.database_url(tmp_path, "c.db"))
    first = serve_cmd.ensure_demo_admin(settings)
    assert first is not None and first[0] == "admin" and len(first[1]) >= 12
    assert serve_cmd.ensure_demo_admin(settings) is None  # an admin exists: nothing printed


def test_serve_help_names_the_address(run) -> None:  # type: ignore[no-untyped-def]
    r = run("serve", "--help")
    assert r.exit_code == 0 and "--demo-admin" in r.output and "127.0.0.1" in r.output
