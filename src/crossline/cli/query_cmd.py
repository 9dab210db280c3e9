"""Read commands: campaigns, campaign, lookup, stats."""

from __future__ import annotations

from typing import Any

import click

from crossline.cli.options import json_option
from crossline.cli.output import answers, emit_json, money, table, table_of
from crossline.config import Settings
from crossline.services import bulk, exports
from crossline.services.campaigns import campaign_detail, list_filters, operator_campaign_list
from crossline.services.lookup import lookup as lookup_value
from crossline.store import open_store
from crossline.store.read.dashboard import stats as node_stats


def _jur(item: dict[str, Any]) -> str:
    return ",".join(f"{k}:{v}" for k, v in item["jurisdictions"].items())


def _day(iso: str | None) -> str:
    return (iso or "")[:10]


def _ties(item: dict[str, Any]) -> str:
    return ", ".join(
        f"{i['kind']} {i['value']} ({i['report_count']})" for i in item["indicators"][:3]
    )


@click.command()
@click.option("--top", default=20, show_default=True, help="How many campaigns.")
@click.option("--jurisdiction", default=None, help="Only campaigns with reports from this country.")
@click.option("--cross-border", is_flag=True, help="Only campaigns spanning several countries.")
@click.option("--label", default=None, help="Only campaigns of this scam type.")
@click.option(
    "--sort",
    type=click.Choice(["reports", "victims", "recent", "oldest", "loss"]),
    default="reports",
)
@click.option(
    "--currency",
    default=None,
    help="For --sort loss: this currency first (default: every currency converted to USD).",
)
@click.option("--state", default=None, help="Only campaigns with victims in this state.")
@click.option("--since", default=None, help="Only campaigns active on or after YYYY-MM-DD.")
@click.option("--until", default=None, help="Only campaigns active on or before YYYY-MM-DD.")
@click.option("--reports", "with_reports", default=50, show_default=True, help="Reports each.")
@answers(
    table_of(
        ["id", "reports", "victims", "jurisdictions", "loss", "first", "last", "label", "tied by"],
        lambda c: (
            c["id"][:8],
            c["report_count"],
            c["victims"],
            _jur(c),
            money(c["total_loss"]),
            _day(c["first_seen"]),
            _day(c["last_seen"]),
            c["label"] or "-",
            _ties(c),
        ),
    )
)
def campaigns(
    settings: Settings,
    top: int,
    jurisdiction: str | None,
    cross_border: bool,
    label: str | None,
    sort: str,
    currency: str | None,
    state: str | None,
    since: str | None,
    until: str | None,
    with_reports: int,
) -> list[dict[str, Any]]:
    """Campaigns: groups of reports tied by shared, non-common indicators. A scam type
    may be named as people do ("Tech Support")."""
    filters = list_filters(
        label=label, jurisdiction=jurisdiction, state=state, since=since, until=until,
        cross_border=cross_border,
    )  # fmt: skip
    with open_store(settings) as store:
        page = operator_campaign_list(
            store,
            limit=top,
            sort=sort,
            currency=currency.upper() if currency else None,
            with_reports=with_reports,
            **filters,
        )
    return page["items"]


_indicators_table = table_of(
    ["kind", "value", "reports", ""],
    lambda i: (i["kind"], i["value"], i["report_count"], "common" if i["common"] else ""),
)
_reports_table = table_of(
    ["source", "ref", "jur", "seen", "label", "excerpt"],
    lambda r: (r["source"], r["source_ref"][:40], r["jurisdiction"], _day(r["seen_at"]),
               r["label"] or "-", r["excerpt"][:60].replace("\n", " ")),
)  # fmt: skip


def _campaign_text(item: dict[str, Any]) -> str:
    """One campaign for people: summary, then its indicators and its reports as tables."""
    return "\n".join([
        f"campaign {item['id']}",
        f"  reports {item['report_count']}, victims {item['victims']}, "
        f"jurisdictions {_jur(item)}, loss {money(item['total_loss'])}",
        f"  seen {_day(item['first_seen'])} .. {_day(item['last_seen'])}, "
        f"label {item['label'] or '-'} {item['label_distribution']}",
        "\nindicators",
        _indicators_table(item["indicators"]),
        "\nreports",
        _reports_table(item["reports"]),
    ])  # fmt: skip


@click.command()
@click.argument("campaign_id")
@click.option("--reports", "reports_limit", default=1000, show_default=True, help="How many.")
@click.option("--offset", "reports_offset", default=0, help="Skip this many reports.")
@answers(_campaign_text)
def campaign(
    settings: Settings, campaign_id: str, reports_limit: int, reports_offset: int
) -> dict[str, Any]:
    """One campaign: summary, the indicators that tie it, its reports (oldest first)."""
    with open_store(settings) as store:
        return campaign_detail(
            store, campaign_id, reports_limit=reports_limit, reports_offset=reports_offset
        )


@click.command()
@click.argument("value", required=False)
@click.option(
    "--region", default=None, help="Read the value as written in this country (US, IN ...)."
)
@click.option(
    "--file",
    "values_file",
    type=click.File("r", encoding="utf-8-sig"),
    default=None,
    help="Look up every value of this file (one a line, up to 10,000; - for stdin).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="With --file: write the table to this .csv or .xlsx file.",
)
@json_option
@click.pass_obj
def lookup(
    settings: Settings,
    value: str | None,
    region: str | None,
    values_file: Any,
    out: str | None,
    as_json: bool,
) -> None:
    """Look a value up as typed: "(833) 304-1447" finds +18333041447; a complaint or
    reference number finds its report; --file looks up a whole list."""
    if values_file is not None:
        _bulk(settings, values_file.read(), region, out, as_json)
        return
    if not value:
        raise click.UsageError("give a VALUE or --file")
    with open_store(settings) as store:
        result = lookup_value(store, value, region=region)
    if as_json:
        emit_json(result)
        return
    ids = result.get("identifiers") or {}
    for r in ids.get("references", []):
        camp = f", campaign {r['campaign_id'][:8]}" if r.get("campaign_id") else ""
        click.echo(f"reference {r['source_ref']}: report {r['id']} ({r['source']}{camp})")
    for c in ids.get("campaigns", []):
        click.echo(f"campaign {c['id']}: {c['report_count']} reports, label {c['label'] or '-'}")
    for r in ids.get("reports", []):
        click.echo(f"report {r['id']}: {r['source']} {r['source_ref']}")
    if not result["indicators"] and any(ids.values()):
        return
    if not result["indicators"]:
        norm = ", ".join(f"{n['kind']} {n['value']}" for n in result["normalized"]) or value
        click.echo(f"not known: {norm}")
        raise SystemExit(1)
    account = result.get("account")
    if account and account.get("note"):
        click.echo(f"AMBIGUOUS: {account['note']}")
    for ind in result["indicators"]:
        flag = f"  COMMON: {ind['common_reason']}" if ind["common"] else ""
        note = (ind.get("meta") or {}).get("note")
        flag += f"  ({note})" if note else ""
        click.echo(
            f"{ind['kind']} {ind['value']}: {ind['report_count']} reports, "
            f"{_day(ind['first_seen'])} .. {_day(ind['last_seen'])}{flag}"
        )
        if ind.get("victim_contact_reports"):
            click.echo(
                f"  FLAG: also the complainant's own contact in "
                f"{ind['victim_contact_reports']} report(s): check whose it is before acting"
            )
        if ind["campaign"] and ind["campaign"]["report_count"] > 1:
            c = ind["campaign"]
            click.echo(
                f"  campaign {c['id'][:8]}: {c['report_count']} reports, "
                f"{_jur(c)}, label {c['label'] or '-'}"
            )
        click.echo(
            table(
                [
                    (
                        s["report"]["source"],
                        s["report"]["source_ref"][:40],
                        s["field"],
                        _day(s["report"]["seen_at"]),
                    )
                    for s in ind["sightings"][:10]
                ],
                ["source", "ref", "field", "seen"],
            )
        )


def _count(key: str, val: Any) -> str:
    if isinstance(val, dict):
        return f"{key}: " + ", ".join(f"{k} {v:,}" for k, v in val.items())
    return f"{key}: {val:,}"


@click.command()
@answers(lambda result: "\n".join(_count(key, val) for key, val in result.items()))
def stats(settings: Settings) -> dict[str, Any]:
    """Counts of reports, indicators, campaigns and quarantined rows."""
    with open_store(settings) as store, store.read() as conn:
        return node_stats(conn)


def _bulk(
    settings: Settings, text: str, region: str | None, out: str | None, as_json: bool
) -> None:
    """``lookup --file``: one row per value, as a table, JSON, or a CSV/XLSX file."""
    values = bulk.parse_values(text)
    with open_store(settings) as store:
        result = bulk.bulk_lookup(store, values, region=region)
    if out:
        fmt = out.rsplit(".", 1)[-1].lower()
        file = exports.bulk_download(result, fmt)
        with open(out, "wb") as fh:
            fh.write(file.body)
        click.echo(f"{result['found']:,} of {result['total']:,} values found; wrote {out}")
        return
    if as_json:
        emit_json(result)
        return
    click.echo(
        table(
            [
                (r["value"][:40], ",".join(r["found_as"]) or "-", r["reports"],
                 len(r["campaigns"]), _day(r["first_seen"]), _day(r["last_seen"]), r["risk"] or "-")
                for r in result["items"]
            ],
            ["value", "found as", "reports", "campaigns", "first", "last", "risk"],
        )
    )  # fmt: skip
    click.echo(f"{result['found']:,} of {result['total']:,} values found")
