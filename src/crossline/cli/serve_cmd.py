"""``crossline serve``, ``crossline users``, ``crossline tokens`` and ``crossline audit``.

The first admin is created here, never with a default password: the password is
typed at a prompt or piped with ``--password-stdin``. ``serve --demo-admin`` is
for demonstrations only: it creates an ``admin`` user with a random one-time
password when the node has no admin yet, and says so loudly.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from crossline.cli.output import listing
from crossline.config import Settings
from crossline.errors import ValidationError
from crossline.node.audit import AuditLog
from crossline.services import accounts as account_cases
from crossline.services.accounts import Acting
from crossline.services.sync import background_sync
from crossline.store import Store, open_store

DEMO_ORG = "Demo agency"
#: The default number of server processes is the core count, capped: past this, the
#: database (one SQLite writer, or PostgreSQL's connections) bounds throughput, not CPU.
MAX_DEFAULT_WORKERS = 8
#: PostgreSQL connections shared by all server processes when no pool size is set
#: (each process holds at most twice its pool; PostgreSQL's default limit is 100).
PG_CONNECTION_BUDGET = 40


def default_workers() -> int:
    """One server process per core this process may run on, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


#: Seconds a server process may take to answer its supervisor's ping before it is killed
#: and restarted. uvicorn's 5 s kills busy processes on a loaded host (an import parsing a
#: large file holds the interpreter), dropping their connections and their import jobs.
WORKER_HEALTHCHECK_SECONDS = 60


def supervisor_options() -> dict[str, int]:
    """How uvicorn's supervisor watches the server processes."""
    return {"timeout_worker_healthcheck": WORKER_HEALTHCHECK_SECONDS}


def worker_environment(workers: int, environ: dict[str, str]) -> dict[str, str]:
    """What each server process must know of the others: their number (per-process
    limits are shared out) and, unless set, a database pool that keeps all of them
    within PostgreSQL's connections."""
    out = {"CROSSLINE_WORKERS": str(workers)}
    if "CROSSLINE_DB_POOL_SIZE" not in environ:
        out["CROSSLINE_DB_POOL_SIZE"] = str(max(2, PG_CONNECTION_BUDGET // workers))
    return out


DEMO_USER = "admin"


@contextmanager
def node_accounts(settings: Settings) -> Iterator[Any]:
    """The node's accounts, on a store closed when the block ends."""
    from crossline.node.auth import Accounts

    with open_store(settings) as store:
        yield Accounts(store)


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


def _org_id(accounts: Any, name: str, country: str | None) -> str:
    org = accounts.org_by_name(name)
    if org is None:
        org = accounts.create_org(name, country=country)
    return str(org["id"])


def ensure_demo_admin(settings: Settings) -> tuple[str, str] | None:
    """Create ``admin`` with a random password if the node has no admin; (user, password)."""
    with node_accounts(settings) as accounts:
        if accounts.count_users("admin"):
            return None
        password = secrets.token_urlsafe(12)
        org_id = _org_id(accounts, DEMO_ORG, settings.country)
        accounts.create_user(org_id, DEMO_USER, password, "admin", display_name="Demo admin")
        return DEMO_USER, password


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8470, show_default=True, type=int)
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(min=1),
    help=f"Server processes (default: one per core, at most {MAX_DEFAULT_WORKERS}).",
)
@click.option(
    "--demo-admin",
    is_flag=True,
    help="Demo only: create user 'admin' with a printed one-time password if no admin exists.",
)
@click.option("--log-level", default="warning", show_default=True)
@click.option(
    "--sync-interval",
    default=60.0,
    show_default=True,
    type=float,
    help="Seconds between pulls from partners; pushes go at once after imports. 0: off "
    "(e.g. when `crossline sync loop` runs as its own service).",
)
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    envvar="CROSSLINE_LOG_FORMAT",
    default="text",
    show_default=True,
    help="json: one JSON object per line, secrets and victims' data removed (docs/operations.md).",
)
@click.pass_obj
def serve(
    settings: Settings,
    host: str,
    port: int,
    workers: int,
    demo_admin: bool,
    log_level: str,
    sync_interval: float,
    log_format: str,
) -> None:
    """Serve the web app and the REST API (OpenAPI at /docs)."""
    import uvicorn

    workers = workers or default_workers()

    log_kw: dict[str, Any] = {}
    if log_format == "json":
        from crossline.ops import logging as ops_logging

        os.environ["CROSSLINE_LOG_FORMAT"] = "json"  # worker processes configure themselves
        os.environ.setdefault("CROSSLINE_LOG_LEVEL", log_level)
        ops_logging.configure("json", log_level)
        log_kw = {"log_config": None, "access_log": False}

    store = open_store(settings)  # migrate once, before any worker starts
    store.close()
    if demo_admin:
        created = ensure_demo_admin(settings)
        if created:
            user, password = created
            click.echo("=" * 64)
            click.echo("DEMO ADMIN CREATED (shown once; change it or disable it after the demo)")
            click.echo(f"  username: {user}")
            click.echo(f"  password: {password}")
            click.echo("=" * 64)
        else:
            click.echo("An admin already exists: log in with your account (--demo-admin ignored).")
    elif not _has_admin(settings):
        click.echo(
            "No admin yet: create one with `crossline users create-admin --org NAME --username U`."
        )
    click.echo(f"Crossline node {settings.node_name!r} serving on http://{host}:{port}/")
    click.echo(f"  web app: http://{host}:{port}/   API docs: http://{host}:{port}/docs")
    sys.stdout.flush()
    if workers > 1:
        # Worker processes rebuild the app from the environment: pass the settings down.
        os.environ["CROSSLINE_HOME"] = str(settings.home)
        os.environ["CROSSLINE_DATABASE_URL"] = settings.database_url
        os.environ.update(worker_environment(workers, dict(os.environ)))
        click.echo(f"  {workers} server processes")
        # One partner sync for the node, beside the server processes (not one in each).
        stop_sync = background_sync(settings, sync_interval) if sync_interval else None
        try:
            uvicorn.run(
                "crossline.api.asgi:app",
                host=host,
                port=port,
                workers=workers,
                log_level=log_level,
                proxy_headers=True,
                **supervisor_options(),
                **log_kw,
            )
        finally:
            if stop_sync is not None:
                stop_sync()
        return
    app = build_app(settings, sync_interval=sync_interval or None)
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=True, **log_kw)


def build_app(
    settings: Settings, *, store: Store | None = None, sync_interval: float | None = None
) -> Any:
    """The node's web app and REST API on ``settings``' store (or ``store``).

    The one entry through which a command serves a node (``serve``, the two-node demo):
    only the HTTP face itself and this caller of its app factory import ``crossline.api``.
    """
    from crossline.api.app import create_app

    return create_app(settings, store=store, sync_interval=sync_interval)


def _has_admin(settings: Settings) -> bool:
    with node_accounts(settings) as accounts:
        return bool(accounts.count_users("admin"))


# -- users --------------------------------------------------------------------------------


@click.group()
def users() -> None:
    """People who log in to the web app."""


@users.command("create-admin")
@click.option("--org", "org_name", required=True, help="Organisation (created if new).")
@click.option("--country", default=None, help="ISO country code of a new organisation.")
@click.option("--username", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
def create_admin(
    settings: Settings, org_name: str, country: str | None, username: str, password_stdin: bool
) -> None:
    """Create an admin (the first one must be made here: there is no default password)."""
    _create(settings, org_name, country, username, "admin", password_stdin)


@users.command("create")
@click.option("--org", "org_name", required=True, help="Organisation (created if new).")
@click.option("--country", default=None, help="ISO country code of a new organisation.")
@click.option("--username", required=True)
@click.option("--role", type=click.Choice(["admin", "analyst", "viewer", "partner"]), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
def create_user(
    settings: Settings,
    org_name: str,
    country: str | None,
    username: str,
    role: str,
    password_stdin: bool,
) -> None:
    """Create a user with a role: admin, analyst, viewer or partner."""
    _create(settings, org_name, country, username, role, password_stdin)


def _create(
    settings: Settings,
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
            AuditLog(accounts.store, background=False),
            Acting("cli"),
            _org_id(accounts, org_name, country),
            username,
            password,
            role,
        )
    click.echo(f"created {role} {user['username']} in {user['org_name']}")


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_users(settings: Settings, as_json: bool) -> None:
    """Users with their organisation, role and status."""
    with node_accounts(settings) as accounts:
        items = accounts.list_users()
    listing(
        items,
        as_json,
        ["username", "organisation", "role", "status"],
        lambda u: (
            u["username"],
            u["org_name"],
            u["role"],
            "active" if u["active"] else "disabled",
        ),
    )


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
            AuditLog(accounts.store, background=False),
            Acting(f"cli:{user['username']}"),
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


@tokens.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_tokens(settings: Settings, as_json: bool) -> None:
    """Tokens (never their secret): name, prefix, organisation, role, scopes, status."""
    with node_accounts(settings) as accounts:
        items = accounts.list_tokens()
    listing(
        items,
        as_json,
        ["id", "name", "prefix", "organisation", "role", "scopes", "status"],
        lambda t: (
            t["id"][:8],
            t["name"],
            t["prefix"],
            t["org_name"],
            t["role"],
            ",".join(t["scopes"]),
            "active" if t["active"] else ("revoked" if t["revoked_at"] else "expired"),
        ),
    )


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
        row = account_cases.revoke_token(
            accounts, AuditLog(accounts.store, background=False), Acting("cli"), matches[0]["id"]
        )
    click.echo(f"revoked {row['name']} ({row['prefix']})")


# -- audit --------------------------------------------------------------------------------


@click.command()
@click.option("--actor", default=None, help="e.g. user:alice or 'token:bank-feed (cl_ab12cd34)'")
@click.option("--action", default=None, help="read, search, export, create, change, login ...")
@click.option("--limit", default=50, show_default=True)
@click.option("--verify", is_flag=True, help="Check the hash chain of the whole log.")
@click.option("--json", "as_json", is_flag=True)
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
