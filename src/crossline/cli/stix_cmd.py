"""``crossline stix``: export, import, validate and publish STIX 2.1 bundles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from crossline.cli.options import json_option
from crossline.cli.output import answers, emit, table, table_of
from crossline.config import Settings
from crossline.errors import NotAllowedError, ValidationError
from crossline.store import open_store


@click.group()
def stix() -> None:
    """STIX 2.1 bundles: export for a partner, import from one, validate, publish to TAXII."""


@stix.command("export")
@click.option("--campaign", "campaign", default=None, help="Only this campaign (id or prefix).")
@click.option("--partner", default=None, help="Only what this partner's agreement allows.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="Bundle file.")
@click.option("--signed", is_flag=True, help="Wrap the bundle in an envelope signed by the node.")
@json_option
@click.pass_obj
def export_cmd(
    settings: Settings,
    campaign: str | None,
    partner: str | None,
    out: str,
    signed: bool,
    as_json: bool,
) -> None:
    """Write one STIX 2.1 bundle (streamed) to --out."""
    from crossline.services.campaigns import resolve_campaign_id
    from crossline.share.agreements import get_agreement
    from crossline.share.partners import get_partner
    from crossline.share.stix.export import export_to_file, local_feed, partner_feed

    with open_store(settings) as store:
        cid = resolve_campaign_id(store, campaign) if campaign else None
        if partner:
            get_partner(store, partner)  # NotFoundError names an unknown partner
            agreement = get_agreement(store, partner)
            if agreement is None:
                raise NotAllowedError(f"no agreement in force with partner {partner!r}")
            feed = partner_feed(store, agreement, campaign_id=cid)
        else:
            feed = local_feed(store, campaign_id=cid)
        summary = export_to_file(feed, out, settings)
    if signed:
        _sign_file(settings, Path(out))
    who = f" for {partner} (agreement {summary.agreement})" if partner else ""
    emit(
        {**summary.to_dict(), "signed": signed},
        as_json,
        lambda result: (
            table([(t, n) for t, n in result["by_type"].items()], ["type", "objects"])
            + f"\n{result['objects']} objects{who} -> {out}"
            + (" (signed)" if signed else "")
        ),
    )


def _sign_file(settings: Settings, path: Path) -> None:
    from crossline.share.envelope import seal
    from crossline.share.identity import load_identity

    bundle = json.loads(path.read_text(encoding="utf-8"))
    envelope = seal(load_identity(settings), bundle)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


@stix.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--partner", required=True, help="The registered partner the bundle comes from.")
@answers(lambda result: table([(k, v) for k, v in result.items() if k != "skipped"], ["", "value"]))
def import_cmd(settings: Settings, file: str, partner: str) -> dict[str, Any]:
    """Import a partner's bundle (a signed envelope is verified with its registered key)."""
    from crossline.services.imports import pipeline_hooks
    from crossline.share.agreements import get_agreement
    from crossline.share.partners import get_partner
    from crossline.share.stix.ingest import import_bundle, load_file

    with open_store(settings) as store:
        who = get_partner(store, partner)
        agreement = get_agreement(store, partner)
        summary = import_bundle(
            store,
            settings,
            load_file(file),
            who,
            hooks=pipeline_hooks(store, settings),
            agreement=agreement.id if agreement else None,
        )
    return summary.to_dict()


@stix.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@json_option
def validate_cmd(file: str, as_json: bool) -> None:
    """Check a bundle with the OASIS stix2-validator (strict; UUIDv4 rule 103 off)."""
    try:
        from stix2validator import ValidationOptions, validate_instance
    except ImportError as exc:  # a test/dev dependency
        raise ValidationError(
            "stix2-validator is not installed (pip install stix2-validator)"
        ) from exc
    from crossline.share.stix.ingest import load_file

    data = load_file(file)
    if isinstance(data, dict) and "payload" in data and "signature" in data:
        data = data["payload"]  # the signature is checked on import, against a partner's key
    results = validate_instance(
        data, ValidationOptions(strict=True, disabled=["103"], version="2.1")
    )
    problems: list[dict[str, Any]] = [
        {"level": "error", "message": str(e)} for e in results.errors or []
    ] + [{"level": "warning", "message": str(w)} for w in results.warnings or []]
    result = {"file": file, "valid": bool(results.is_valid), "problems": problems}
    emit(result, as_json, _validation_text)
    if not result["valid"]:
        raise SystemExit(1)


#: What ``stix publish`` reports of each collection it refreshed.
_PUBLISHED = [
    "partner", "agreement", "collection", "mode", "objects", "added", "unchanged", "revoked",
]  # fmt: skip


def _validation_text(result: dict[str, Any]) -> str:
    problems = result["problems"]
    verdict = f"{result['file']}: {'valid' if result['valid'] else 'INVALID'} STIX 2.1"
    if not problems:
        return verdict
    return (
        table([(p["level"], p["message"]) for p in problems], ["level", "problem"]) + "\n" + verdict
    )


@stix.command("publish")
@click.option("--partner", default=None, help="Only this partner's collection.")
@click.option(
    "--full",
    is_flag=True,
    help="Recompute everything (and repair the cursor) instead of only what changed.",
)
@answers(table_of(_PUBLISHED, lambda r: [r[k] for k in _PUBLISHED]))
def publish_cmd(settings: Settings, partner: str | None, full: bool) -> list[dict[str, Any]]:
    """Refresh the TAXII collection of each agreement in force with what it allows.

    Incremental by default: only the records changed since the collection's last
    publication are recomputed; changed objects get a new version, objects that no
    longer qualify are revoked.
    """
    from crossline.share.taxii.publish import publish_all

    with open_store(settings) as store:
        return publish_all(store, settings, partner, full=full)
