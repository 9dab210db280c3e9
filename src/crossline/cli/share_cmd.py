"""``crossline partners``, ``agreements``, ``share preview`` and ``node info``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from crossline.cli.options import json_option
from crossline.cli.output import answers, emit_json, table, table_of
from crossline.config import Settings
from crossline.errors import ValidationError
from crossline.net.outbound import Outbound
from crossline.store import open_store


def _day(iso: str | None) -> str:
    return iso[:10] if iso else "-"


def _fields(record: dict[str, Any]) -> str:
    """One record for people: a table of its fields and their values."""
    return table([(k, v) for k, v in record.items()], ["field", "value"])


# -- node -----------------------------------------------------------------------------------


@click.group()
def node() -> None:
    """This node's identity (what partners need to register it)."""


@node.command("info")
@answers(_fields)
def node_info(settings: Settings) -> dict[str, Any]:
    """Name, country, key id and public key of this node (safe to hand to a partner)."""
    from crossline.share.identity import load_identity

    ident = load_identity(settings)
    return {
        "name": ident.name,
        "country": ident.country,
        "key_id": ident.key_id,
        "public_key": ident.public_key,
    }


# -- partners -------------------------------------------------------------------------------


@click.group()
def partners() -> None:
    """Partner nodes: register them, list them."""


def _onboarded(done: dict[str, Any]) -> str:
    p = done["partner"]
    lines = [
        f"partner {p['name']} ({p['country']}) key {p['key_id']}, "
        f"organisation {done['organisation']['name']}"
    ]
    if done.get("token"):
        lines += [
            "their token (shown once; give it to the partner over a secure channel):",
            done["token"],
        ]
    return "\n".join(lines)


@partners.command("add")
@click.argument("name")
@click.option("--country", required=True, help="ISO 3166-1 alpha-2, e.g. IN.")
@click.option("--key", "public_key", required=True, help="Their Ed25519 public key (base64).")
@click.option("--url", "base_url", default=None, help="Their node's HTTP root (TAXII at /taxii2/).")
@click.option(
    "--credential-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="File holding the bearer token this node presents to them (first line).",
)
@click.option("--issue-token", is_flag=True, help="Create their partner token (printed once).")
@click.option("--owner", default=None, help="Admin username issuing the token.")
@answers(_onboarded)
def partners_add(
    settings: Settings,
    name: str,
    country: str,
    public_key: str,
    base_url: str | None,
    credential_file: Path | None,
    issue_token: bool,
    owner: str | None,
) -> dict[str, Any]:
    """Register partner NAME with its organisation (and its API token with --issue-token)."""
    from crossline.node.audit import AuditLog
    from crossline.share.onboarding import add_partner
    from crossline.share.partners import PartnerEntry

    credential = None
    if credential_file is not None:
        lines = credential_file.read_text(encoding="utf-8").strip().splitlines()
        credential = lines[0].strip() if lines else ""
        if not credential:
            raise ValidationError(f"{credential_file} is empty", field="credential_file")
    if base_url:
        Outbound.of(settings).check(base_url)  # an internal address needs CROSSLINE_EGRESS_ALLOW
    from crossline.cli.accounts_cmd import existing_admin, node_accounts

    with node_accounts(settings) as accounts:
        issuer = existing_admin(accounts, owner)["id"] if owner else None
        entry = PartnerEntry(name, country.upper(), public_key, base_url, credential)
        done = add_partner(accounts, entry, issue_token=issue_token, issuer_user_id=issuer)
        AuditLog(accounts.store, background=False).record(
            f"cli:{owner or 'admin'}", "create", "partner", done.partner.id, detail={"name": name}
        )
    return done.to_dict()


@partners.command("list")
@answers(
    table_of(
        ["name", "country", "key id", "url", "agreement in force"],
        lambda p: (p["name"], p["country"], p["key_id"], p["base_url"] or "-",
                   p["agreement"] or "none"),
    )
)  # fmt: skip
def partners_list(settings: Settings) -> list[dict[str, Any]]:
    """Registered partners (never their credentials) and their agreement in force."""
    from crossline.share.agreements import get_agreement
    from crossline.share.partners import list_partners

    with open_store(settings) as store:
        items = []
        for p in list_partners(store):
            a = get_agreement(store, p.name)
            items.append({**p.public_dict(), "agreement": a.id if a else None})
    return items


# -- agreements -----------------------------------------------------------------------------


@click.group()
def agreements() -> None:
    """Sharing agreements (JSON or TOML files; see docs/sharing.md)."""


@agreements.command("set")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@click.pass_obj
def agreements_set(settings: Settings, file: Path, as_json: bool) -> None:
    """Store the agreements in FILE (validated first; nothing is stored if one is bad)."""
    from crossline.node.audit import AuditLog
    from crossline.share.agreements import load_agreement_file, save_agreement
    from crossline.share.partners import get_partner

    loaded = load_agreement_file(file)
    with open_store(settings) as store:
        for a in loaded:  # check every partner before storing any agreement
            get_partner(store, a.partner)
        saved = [save_agreement(store, a) for a in loaded]
        log = AuditLog(store, background=False)
        for a in saved:
            log.record("cli", "change", "agreement", a.id, detail={"partner": a.partner})
    if as_json:
        emit_json([a.to_dict() for a in saved])
        return
    for a in saved:
        click.echo(
            f"agreement {a.id} for {a.partner}: {', '.join(sorted(a.kinds))} up to {a.max_marking}"
        )


@agreements.command("list")
@click.option("--partner", default=None)
@json_option
@click.pass_obj
def agreements_list(settings: Settings, partner: str | None, as_json: bool) -> None:
    """Every stored agreement, in force or not."""
    from crossline.share.agreements import list_agreements

    with open_store(settings) as store:
        items = list_agreements(store, partner=partner)
    if as_json:
        emit_json([{**a.to_dict(), "in_force": a.in_force()} for a in items])
        return
    rows = [
        (
            a.id[:8],
            a.partner,
            ",".join(sorted(a.kinds)),
            a.max_marking,
            _day(a.valid_from.isoformat() if a.valid_from else None),
            _day(a.expires_at.isoformat() if a.expires_at else None),
            "in force" if a.in_force() else "-",
        )
        for a in items
    ]
    click.echo(table(rows, ["id", "partner", "kinds", "max marking", "from", "expires", "status"]))


@agreements.command("show")
@click.argument("partner")
@answers(_fields)
def agreements_show(settings: Settings, partner: str) -> dict[str, Any]:
    """The agreement in force for PARTNER."""
    from crossline.errors import NotFoundError
    from crossline.share.agreements import get_agreement

    with open_store(settings) as store:
        a = get_agreement(store, partner)
    if a is None:
        raise NotFoundError(f"no agreement in force for partner {partner!r}", partner=partner)
    return a.to_dict()


# -- share preview --------------------------------------------------------------------------


@click.group()
def share() -> None:
    """What goes to partners."""


@share.command("preview")
@click.option("--partner", default=None, help="One partner (default: every partner).")
@click.option("--sample", default=3, show_default=True, type=click.IntRange(0, 50))
@json_option
@click.pass_obj
def share_preview(settings: Settings, partner: str | None, sample: int, as_json: bool) -> None:
    """Who would receive what now: counts per kind and marking, and redacted samples."""
    from crossline.share.preview import preview

    with open_store(settings) as store:
        items = preview(store, partner=partner, sample=sample)
    if as_json:
        emit_json(items)
        return
    for item in items:
        a = item["agreement"]
        head = f"{item['partner']} ({item['country']})"
        if a is None:
            click.echo(f"{head}: no agreement in force, nothing would be sent\n")
            continue
        click.echo(f"{head}: agreement {a['id'][:8]}, up to {a['max_marking']}")
        rows = [
            (kind, k["total"], ", ".join(f"{m} {n}" for m, n in k["by_marking"].items()) or "-")
            for kind, k in item["kinds"].items()
        ]
        click.echo(table(rows, ["kind", "records", "by marking"]))
        for kind, k in item["kinds"].items():
            for s in k["sample"]:
                label = s.get("value") or s.get("source_ref") or s.get("id")
                click.echo(f"  e.g. {kind} {label} [{s['marking']}]")
        click.echo("")
