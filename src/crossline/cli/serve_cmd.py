"""``crossline serve``: the web app and the REST API (users, tokens and the audit log:
:mod:`crossline.cli.accounts_cmd`).

``serve --demo-admin`` is for demonstrations only: it creates an ``admin`` user with a
random one-time password when the node has no admin yet, and says so loudly.
"""

from __future__ import annotations

import os
import secrets
import sys
from typing import Any

import click

from crossline.cli.accounts_cmd import node_accounts, org_id
from crossline.config import SERVE_SQLITE_CACHE_MIB, SERVE_SQLITE_HEAP_MIB, Settings
from crossline.ops import caches, malloc
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


def serving_environment(environ: dict[str, str]) -> dict[str, str]:
    """What every server process runs with, unless the operator set it: a small SQLite
    page cache per connection (each process's pools keep several connections, each
    cache filled as pages are read and never given back) and one budget for SQLite's
    heap that all of them share (the caches filled as the database grew, so a server's
    memory climbed with its database), a few malloc arenas (glibc's
    default, eight per core, lets a threaded server's memory climb for hours) and a
    bound on the import path's value caches (:mod:`crossline.ops.caches`)."""
    wanted = {
        "CROSSLINE_SQLITE_CACHE_MIB": str(SERVE_SQLITE_CACHE_MIB),
        "CROSSLINE_SQLITE_HEAP_MIB": str(SERVE_SQLITE_HEAP_MIB),
        "MALLOC_ARENA_MAX": str(malloc.SERVER_ARENAS),
        caches.ENV: str(caches.SERVER_CACHE_ENTRIES),
    }
    return {k: v for k, v in wanted.items() if k not in environ}


DEMO_USER = "admin"


def ensure_demo_admin(settings: Settings) -> tuple[str, str] | None:
    """Create ``admin`` with a random password if the node has no admin; (user, password)."""
    with node_accounts(settings) as accounts:
        if accounts.count_users("admin"):
            return None
        password = secrets.token_urlsafe(12)
        org = org_id(accounts, DEMO_ORG, settings.country)
        accounts.create_user(org, DEMO_USER, password, "admin", display_name="Demo admin")
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
    # Before any thread or connection exists: the server processes inherit the
    # environment, and this process bounds its own arenas now (its environment was read
    # at its start).
    os.environ.update(serving_environment(dict(os.environ)))
    if (arenas := os.environ["MALLOC_ARENA_MAX"]).isdigit():
        malloc.limit_arenas(int(arenas))

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
