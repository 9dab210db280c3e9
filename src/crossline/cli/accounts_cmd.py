"""``crossline users``, ``crossline tokens`` and ``crossline audit``: who may act on the
node, and what they did.

The first admin is created here, never with a default password: the password is
typed at a prompt or piped with ``--password-stdin``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from crossline.cli.options import json_option, limit_option, stacked
from crossline.cli.output import answers, listing, table_of
from crossline.config import Settings
from crossline.errors import ValidationError
from crossline.node.audit import AuditLog
from crossline.services import accounts as account_cases
from crossline.services.accounts import Acting
from crossline.store import open_store


@contextmanager
def node_accounts(settings: Settings) -> Iterator[Any]:
    """The node's accounts, on a store closed when the block ends."""
    from crossline.node.auth import Accounts
    from crossline.node.token_cache import RevocationStamp

    with open_store(settings) as store:
        # Revocations here move the stamp the server processes' token caches watch.
        yield Accounts(store, stamp=RevocationStamp.in_home(settings.home))


def _acting(accounts: Any, who: str) -> tuple[AuditLog, Acting]:
    """The audit log and the actor a change to ``accounts`` is made with, as ``who``."""
    return AuditLog(accounts.store, background=False), Acting(who)


def existing_admin(accounts: Any, owner: str) -> dict[str, Any]:
    """The admin named ``owner`` (``--owner``), on whose behalf a command acts."""
    from crossline.node.security import normalise_username

    wanted = normalise_username(owner)
    user = next((u for u in accounts.list_users() if u["username"] == wanted), None)
    if user is None or user["role"] != "admin":
        raise ValidationError(f"--owner {owner!r} must be an existing admin", field="owner")
    return user


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise ValidationError("no password on standard input", field="password")
        return password
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def org_id(accounts: Any, name: str, country: str | None) -> str:
    """The id of organisation ``name``, created (in ``country``) if it is new."""
    org = accounts.org_by_name(name)
    if org is None:
        org = accounts.create_org(name, country=country)
    return str(org["id"])


# -- users --------------------------------------------------------------------------------


@click.group()
def users() -> None:
    """People who log in to the web app."""


#: Who a new user is, and in which organisation (created if new).
_new_user = stacked(
    click.option("--org", "org_name", required=True, help="Organisation (created if new)."),
    click.option("--country", default=None, help="ISO country code of a new organisation."),
    click.option("--username", required=True),
)

_password_stdin = click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)


@users.command("create-admin")
@_new_user
@_password_stdin
@click.pass_obj
def create_admin(settings: Settings, **user: Any) -> None:
    """Create an admin (the first one must be made here: there is no default password)."""
    _create(settings, role="admin", **user)


@users.command("create")
@_new_user
@click.option("--role", type=click.Choice(["admin", "analyst", "viewer", "partner"]), required=True)
@_password_stdin
@click.pass_obj
def create_user(settings: Settings, **user: Any) -> None:
    """Create a user with a role: admin, analyst, viewer or partner."""
    _create(settings, **user)


def _create(
    settings: Settings,
    *,
    org_name: str,
    country: str | None,
    username: str,
    role: str,
    password_stdin: bool,
) -> None:
    password = _read_password(password_stdin)
    with node_accounts(settings) as accounts:
        user = account_cases.create_user(
            accounts,
            *_acting(accounts, "cli"),
            org_id(accounts, org_name, country),
            username,
            password,
            role,
        )
    click.echo(f"created {role} {user['username']} in {user['org_name']}")


@users.command("list")
@answers(
    table_of(
        ["username", "organisation", "role", "status"],
        lambda u: (
            u["username"],
            u["org_name"],
            u["role"],
            "active" if u["active"] else "disabled",
        ),
    )
)
def list_users(settings: Settings) -> list[dict[str, Any]]:
    """Users with their organisation, role and status."""
    with node_accounts(settings) as accounts:
        return accounts.list_users()


# -- tokens -------------------------------------------------------------------------------


@click.group()
def tokens() -> None:
    """API tokens for machines (bank feeds, carriers, partner nodes)."""


@tokens.command("create")
@click.option("--name", required=True, help="What the token is for, e.g. bank-feed.")
@click.option("--owner", required=True, help="Username of the admin issuing it.")
@click.option(
    "--org", "org_name", default=None, help="Organisation it acts for (default: owner's)."
)
@click.option(
    "--role",
    type=click.Choice(["admin", "analyst", "viewer", "partner", "registry"]),
    required=True,
)
@click.option("--scope", "scopes", multiple=True, required=True, help="read, write, import, ...")
@click.option("--expires-days", default=365, show_default=True, type=int)
@click.pass_obj
def create_token(
    settings: Settings,
    name: str,
    owner: str,
    org_name: str | None,
    role: str,
    scopes: tuple[str, ...],
    expires_days: int,
) -> None:
    """Create a token; it is printed once and stored only as a hash."""
    with node_accounts(settings) as accounts:
        user = existing_admin(accounts, owner)
        org = accounts.org_by_name(org_name) if org_name else {"id": user["org_id"]}
        if org is None:
            raise ValidationError(f"no organisation named {org_name!r}", field="org")
        token, row = account_cases.create_token(
            accounts,
            *_acting(accounts, f"cli:{user['username']}"),
            user_id=user["id"],
            org_id=org["id"],
            name=name,
            role=role,
            scopes=scopes,
            expires_days=expires_days,
        )
    click.echo(
        f"token {row['prefix']} ({row['role']}; {', '.join(row['scopes'])}) for {row['org_name']}:"
    )
    click.echo(token)


def _token_state(t: dict[str, Any]) -> str:
    return "active" if t["active"] else ("revoked" if t["revoked_at"] else "expired")


@tokens.command("list")
@answers(
    table_of(
        ["id", "name", "prefix", "organisation", "role", "scopes", "status"],
        lambda t: (t["id"][:8], t["name"], t["prefix"], t["org_name"], t["role"],
                   ",".join(t["scopes"]), _token_state(t)),
    )
)  # fmt: skip
def list_tokens(settings: Settings) -> list[dict[str, Any]]:
    """Tokens (never their secret): name, prefix, organisation, role, scopes, status."""
    with node_accounts(settings) as accounts:
        return accounts.list_tokens()


@tokens.command("revoke")
@click.argument("token_id")
@click.pass_obj
def revoke_token(settings: Settings, token_id: str) -> None:
    """Revoke a token by id (or an unambiguous id prefix); it stops working at once."""
    with node_accounts(settings) as accounts:
        matches = [t for t in accounts.list_tokens() if t["id"].startswith(token_id.lower())]
        if len(matches) != 1:
            raise ValidationError(
                f"token id {token_id!r} matches {len(matches)} tokens: give the full id"
            )
        row = account_cases.revoke_token(accounts, *_acting(accounts, "cli"), matches[0]["id"])
    click.echo(f"revoked {row['name']} ({row['prefix']})")


# -- audit --------------------------------------------------------------------------------


@click.command()
@click.option("--actor", default=None, help="e.g. user:alice or 'token:bank-feed (cl_ab12cd34)'")
@click.option("--action", default=None, help="read, search, export, create, change, login ...")
@limit_option(50)
@click.option("--verify", is_flag=True, help="Check the hash chain of the whole log.")
@json_option
@click.pass_obj
def audit(
    settings: Settings,
    actor: str | None,
    action: str | None,
    limit: int,
    verify: bool,
    as_json: bool,
) -> None:
    """The audit log, newest first: who read, searched, exported or changed what."""
    from crossline.store.audit_log import list_entries, verify_chain

    with open_store(settings) as store:
        if verify:
            checked, broken = verify_chain(store)
            if broken is None:
                click.echo(f"audit chain intact: {checked} entries")
                return
            click.echo(f"audit chain BROKEN at entry {broken} (after {checked} good entries)")
            sys.exit(1)
        items = list_entries(store, actor=actor, action=action, limit=limit)
    listing(
        items,
        as_json,
        ["#", "when (UTC)", "who", "action", "what", "outcome"],
        lambda e: (
            e["seq"],
            e["at"][:19].replace("T", " "),
            e["actor"],
            e["action"],
            f"{e['target']} {(e['target_id'] or '')[:36]}".strip(),
            e["outcome"],
        ),
    )
