"""``crossline evidence ...``: items, custody, packages (legal-assistance requests:
:mod:`crossline.cli.requests_cmd`)."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from crossline.cli.options import Decorator, json_option, limit_option
from crossline.cli.output import answers, emit, table, table_of
from crossline.config import Settings
from crossline.errors import ValidationError
from crossline.evidence import items, package
from crossline.evidence.verify import verify_store
from crossline.store import open_store


def default_actor() -> str:
    """Who the custody log names for commands run here."""
    return os.environ.get("CROSSLINE_ACTOR") or f"cli:{getpass.getuser()}"


def actor_option(help: str | None = None) -> Decorator:
    """``--actor``: the name written to the custody log, :func:`default_actor` when left out."""
    return click.option(
        "--actor",
        default=None,
        help=help,
        callback=lambda _ctx, _param, name: name or default_actor(),
    )


@contextmanager
def node(settings: Settings) -> Iterator[items.Evidence]:
    with open_store(settings) as store:
        yield items.Evidence.of(settings, store)


def _problems(report: dict[str, Any]) -> str:
    if report["ok"]:
        return "OK: every file and custody entry verifies."
    head = click.style(f"FAILED: {len(report['problems'])} problem(s)", fg="red", bold=True)
    return "\n".join([head, *(f"  {p['where']}: {p['message']}" for p in report["problems"])])


@click.group()
def evidence() -> None:
    """Evidence items, chain of custody, packages for courts and partners."""


@evidence.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--case", required=True, help="Case reference.")
@click.option("--exhibit", required=True, help="Exhibit number, unique in the case.")
@click.option("--description", required=True, help="What the item is.")
@click.option("--source", default=None, help="From whom it was obtained.")
@click.option("--method", default=None, help="How it was acquired (seizure, order, ...).")
@click.option("--acquired-at", default=None, help="When (ISO 8601; default: now).")
@click.option("--acquired-by", default=None, help="By whom (default: the actor).")
@click.option("--report", multiple=True, help="Report id it supports (repeatable).")
@click.option("--campaign", multiple=True, help="Campaign id or prefix (repeatable).")
@click.option("--indicator", multiple=True, help="Indicator id (repeatable).")
@actor_option(help="Name written to the custody log.")
@json_option
@click.pass_obj
def add(settings: Settings, file: Path, **o: Any) -> None:
    """Store FILE as an exhibit (streamed, SHA-256) and log its acquisition."""
    actor = o["actor"]
    when = None
    if o["acquired_at"]:
        try:
            when = datetime.fromisoformat(o["acquired_at"])
        except ValueError as exc:
            raise ValidationError(
                f"--acquired-at {o['acquired_at']!r} is not a date", expected="ISO 8601"
            ) from exc
    links = (
        [("report", r) for r in o["report"]]
        + [("campaign", c) for c in o["campaign"]]
        + [("indicator", i) for i in o["indicator"]]
    )
    with node(settings) as ev:
        item = items.add_item(
            ev,
            file,
            case=o["case"],
            exhibit=o["exhibit"],
            description=o["description"],
            acquired_by=o["acquired_by"] or actor,
            actor=actor,
            source=o["source"],
            method=o["method"],
            acquired_at=when,
            links=links,
        )
    emit(
        item,
        o["as_json"],
        lambda i: (
            f"{i['case_ref']}/{i['exhibit']}  {i['id']}\n"
            f"sha256 {i['sha256']}  {i['size_bytes']:,} bytes"
        ),
    )


@evidence.command("list")
@click.option("--case", default=None)
@limit_option(200)
@answers(
    table_of(
        ["case", "exhibit", "id", "description", "bytes", "sha256", "origin"],
        lambda i: (
            i["case_ref"],
            i["exhibit"],
            i["id"][:8],
            i["description"][:40],
            f"{i['size_bytes']:,}",
            i["sha256"][:16],
            i["origin"] or "here",
        ),
    )
)
def list_(settings: Settings, case: str | None, limit: int) -> list[dict[str, Any]]:
    """Evidence items, by case and exhibit."""
    with open_store(settings) as store:
        return items.list_items(store, case=case, limit=limit)


def _item_text(item: dict[str, Any]) -> str:
    fields = (
        "id", "case_ref", "exhibit", "description", "source", "acquired_at", "method",
        "acquired_by", "filename", "media_type", "size_bytes", "sha256", "origin",
    )  # fmt: skip
    custody = table(
        [
            (e["seq"], e["at"][:19], e["action"], e["actor"], e["hash"][:16])
            for e in item["custody"]
        ],
        ["seq", "at (UTC)", "action", "actor", "hash"],
    )
    links = ", ".join(f"{x['kind']}:{x['id']}" for x in item["links"]) or "-"
    return "\n".join(
        [*(f"{key}: {item[key]}" for key in fields), f"links: {links}", "custody:", custody]
    )


@evidence.command()
@click.argument("ref")
@answers(_item_text)
def show(settings: Settings, ref: str) -> dict[str, Any]:
    """One item (id, prefix or CASE/EXHIBIT) and the custody entries naming it."""
    with open_store(settings) as store:
        item = items.get_item(store, ref)
        item["custody"] = items.custody_of(store, item["case_ref"], item["id"])
    return item


@evidence.command()
@click.argument("case")
@answers(
    table_of(
        ["seq", "at (UTC)", "action", "actor", "item", "key", "hash"],
        lambda e: (
            e["seq"],
            e["at"][:19],
            e["action"],
            e["actor"],
            (e["item"] or "")[:8],
            e["key_id"],
            e["hash"][:16],
        ),
    )
)
def custody(settings: Settings, case: str) -> list[dict[str, Any]]:
    """A case's whole custody chain."""
    with open_store(settings) as store:
        return items.custody_of(store, case)


@evidence.command()
@click.argument("case")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="DIR or FILE.zip")
@actor_option()
@answers(
    lambda result: (
        f"{result['out']}: {result['items']} items, {result['bytes']:,} bytes, "
        f"{result['custody_entries']} custody entries, signed by key {result['key_id']}"
    )
)
def export(settings: Settings, case: str, out: Path, actor: str) -> dict[str, Any]:
    """Write CASE as a signed package: files, manifest, custody, case.jsonld, summaries."""
    with node(settings) as ev:
        return package.export_package(ev, case, out, actor=actor)


@evidence.command()
@click.argument("package_path", required=False, type=click.Path(path_type=Path))
@click.option("--key", default=None, help="Sender's public key (base64) or a file holding it.")
@click.option("--case", default=None, help="Local store: check one case only.")
@click.option("--actor", default=None)  # only checking this node's store needs an actor
@json_option
@click.pass_obj
def verify(
    settings: Settings,
    package_path: Path | None,
    key: str | None,
    case: str | None,
    actor: str | None,
    as_json: bool,
) -> None:
    """Verify PACKAGE offline with --key, or (no PACKAGE) this node's store and custody log.

    Exits 1 when anything is wrong, naming each file or entry.
    """
    if package_path is not None:
        if not key:
            raise ValidationError("verifying a package needs the sender's --key", field="key")
        report = package.verify_package(package_path, key)
    else:
        with node(settings) as ev:
            report = verify_store(ev, actor=actor or default_actor(), case=case)
    emit(report, as_json, _problems)
    if not report["ok"]:
        raise SystemExit(1)


@evidence.command("import")
@click.argument("package_path", type=click.Path(exists=True, path_type=Path))
@click.option("--key", required=True, help="Sender's public key (base64) or a file holding it.")
@actor_option()
@answers(
    lambda result: (
        f"case {result['case']}: {result['items']} items from {result['from']} "
        f"({result['new_items']} new); custody continues at seq {result['receive_seq']}"
    )
)
def import_(settings: Settings, package_path: Path, key: str, actor: str) -> dict[str, Any]:
    """Verify a received package, store its files, continue its custody chain here."""
    with node(settings) as ev:
        return package.import_package(ev, package_path, key, actor=actor)


@evidence.command()
@answers(lambda out: f"{out['public_key']}  (key id {out['key_id']}, node {out['node']})")
def key(settings: Settings) -> dict[str, Any]:
    """This node's public key: what a court or partner needs to verify its packages."""
    from crossline.share.identity import load_identity

    ident = load_identity(settings)
    return {"node": ident.name, "country": ident.country, "key_id": ident.key_id,
            "public_key": ident.public_key}  # fmt: skip
