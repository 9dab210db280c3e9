"""Warning lists: shipped with provenance, the node's own kept and audited, and a listed
public value never bridges unrelated reports while it stays findable."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from crossline.cli import cli
from crossline.config import Settings
from crossline.domain import indicator_id
from crossline.errors import ConflictError, NotFoundError
from crossline.indicators import KINDS, normalize
from crossline.ingest.pipeline import Importer
from crossline.link.relink import relink
from crossline.link.warnlist import CATEGORIES, load_warnlist
from crossline.link.warnlist_node import add_entry, remove_entry
from crossline.store import Store
from crossline.store.schema import indicators, reports, sightings
from support import testdb

ENTRIES = sorted(load_warnlist().values(), key=lambda e: (e.kind, e.value))


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.kind}:{e.value}" for e in ENTRIES])
def test_shipped_entry_is_normalized_and_sourced(entry) -> None:
    if entry.kind in KINDS:
        assert normalize(entry.kind, entry.value).value == entry.value
    else:
        assert entry.kind == "short_code" and entry.value.isdigit() and len(entry.value) <= 6
    assert entry.owner.strip() and entry.category in CATEGORIES
    assert entry.source.startswith("https://") or entry.category == "placeholder"


HEADER = (
    "acknowledgement_no,complaint_date,incident_datetime,state,district,category,"
    "sub_category,suspect_mobile,suspect_upi_id,amount,description"
)


def complaint(ack: int, mobile: str, upi: str, text: str) -> str:
    return (
        f"{ack},14/04/2021 10:30,13-04-2021 19:40,Maharashtra,Pune,Online Financial Fraud,"
        f'UPI Related Frauds,{mobile},{upi},"Rs. 5,000",{text}'
    )


# Two unrelated scams that both quote one public value: (kind, normalized value, text, mobile);
# {n} in the text is the complaint's number.
BRIDGES = [
    ("irs-number", "phone", "+18008291040", "caller said verify with IRS +1-800-829-1040", ""),
    ("medicare-number", "phone", "+18006334227", "genetic test ok so call +1-800-633-4227", ""),
    ("fbi-field-office", "phone", "+12123841000", "fake agent gave FBI NY +1 212 384 1000", ""),
    ("credit-bureau", "domain", "experian.com", "they said check your score on experian.com", ""),
    ("consumer-agency", "domain", "consumerfinance.gov", "told to file at consumerfinance.gov", ""),
    ("hosting", "domain", "000webhostapp.com", "form at https://kyc-upd{n}.000webhostapp.com/", ""),
    (
        "bank-care-number",
        "phone",
        "+9118001802222",
        "caller claimed PNB customer care",
        "18001802222",
    ),
    ("psp-care-number", "phone", "+918068727374", "refund from PhonePe support", "08068727374"),
]


@pytest.mark.parametrize(
    ("name", "kind", "value", "text", "mobile"), BRIDGES, ids=[b[0] for b in BRIDGES]
)
def test_public_value_does_not_bridge_unrelated_scams(
    store: Store, settings: Settings, tmp_path: Path, name, kind, value, text, mobile
) -> None:
    lines = [
        HEADER,
        complaint(1, mobile, "lottery.win@ybl", text.format(n=1)),
        complaint(2, mobile, "kyc.desk@okaxis", text.format(n=2)),
    ]
    path = tmp_path / f"{name}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    Importer(store, settings).import_file(path, "ncrp_csv")
    iid = indicator_id(kind, value)
    with store.read() as conn:
        comps = conn.execute(select(reports.c.component_id)).scalars().all()
        row = conn.execute(select(indicators).where(indicators.c.id == iid)).one()
        seen = conn.execute(select(sightings.c.report_id).where(sightings.c.indicator_id == iid))
        seen_in = set(seen.scalars())
    assert len(comps) == 2 and (None in comps or len(set(comps)) == 2)  # kept apart
    assert row.common and row.common_reason.startswith("warning list")
    assert len(seen_in) == 2  # still a searchable sighting in both


def two_linked(store: Store, settings: Settings, tmp_path: Path) -> None:
    lines = [
        HEADER,
        complaint(1, "9123400077", "gift.a@ybl", "asked to call 9123400077"),
        complaint(2, "9123400077", "gift.b@ybl", "asked to call 9123400077"),
        complaint(3, "9888800001", "gift.b@ybl", "paid the same handle"),
    ]
    path = tmp_path / "c.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    Importer(store, settings).import_file(path, "ncrp_csv")


def partition(store: Store) -> set[frozenset[str]]:
    with store.read() as conn:
        rows = conn.execute(select(reports.c.source_ref, reports.c.component_id)).all()
    by: dict[str, set[str]] = defaultdict(set)
    for ref, cid in rows:
        by[cid or ref].add(ref)
    return {frozenset(v) for v in by.values()}


def test_node_entry_splits_at_once_and_removal_joins_again(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    two_linked(store, settings, tmp_path)
    assert partition(store) == {frozenset({"1", "2", "3"})}
    change = add_entry(
        store,
        "phone",
        "91234 00077",
        owner="Acme courier desk",
        source="acme.example/contact",
        actor="analyst1",
    )
    assert change.reports == 2
    assert partition(store) == {frozenset({"1"}), frozenset({"2", "3"})}
    with pytest.raises(ConflictError):
        add_entry(store, "phone", "+919123400077", owner="x", source="y", actor="a")
    # A later complaint quoting it joins nothing through it.
    extra = tmp_path / "later.csv"
    extra.write_text(HEADER + "\n" + complaint(4, "9123400077", "", "same number") + "\n")
    Importer(store, settings).import_file(extra, "ncrp_csv")
    assert frozenset({"4"}) in partition(store)
    listed = partition(store)
    relink(store)  # the node's list holds after a relink too
    assert partition(store) == listed
    remove_entry(store, "phone", "+919123400077")
    assert partition(store) == {frozenset({"1", "2", "3", "4"})}
    with pytest.raises(NotFoundError):
        remove_entry(store, "phone", "+18007721213")  # shipped entries are not removed here


def test_cli_add_list_remove_with_audit(tmp_path: Path) -> None:
    runner = CliRunner()
    home = tmp_path / "home"
    db = testdb.database_url(home, "x.db")

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--home", str(home), "--db", db, *args])
        assert result.exit_code == 0, result.output + repr(result.exception)
        return result.output

    try:
        shipped = json.loads(run("warnlist", "list", "--kind", "phone", "--json"))
        assert {"value": "+18006334227", "list": "shipped"}.items() <= {
            k: v for e in shipped if e["value"] == "+18006334227" for k, v in e.items()
        }.items()
        run(
            "warnlist",
            "add",
            "domain",
            "Acme-Bank.example.com",
            "--owner",
            "Acme Bank",
            "--source",
            "https://acme.example.com/contact",
            "--actor",
            "analyst1",
        )
        mine = json.loads(run("warnlist", "list", "--mine", "--json"))
        assert [(e["kind"], e["value"], e["list"]) for e in mine] == [
            ("domain", "example.com", "node")
        ]
        run("warnlist", "remove", "domain", "example.com", "--actor", "analyst1")
        assert json.loads(run("warnlist", "list", "--mine", "--json")) == []
        log = json.loads(run("audit", "--json"))
        entries = log["entries"] if isinstance(log, dict) else log
        hits = [(e["action"], e["target_id"]) for e in entries if e["target"] == "warnlist"]
        assert sorted(hits) == [("create", "domain:example.com"), ("delete", "domain:example.com")]
    finally:
        testdb.release(db)


def assignments(store: Store) -> tuple[dict[str, str | None], set[str]]:
    """Each report's campaign id, and the ids of the campaigns the store holds."""
    from crossline.store.schema import components

    with store.read() as conn:
        rows = conn.execute(select(reports.c.source_ref, reports.c.component_id)).all()
        held = set(conn.execute(select(components.c.id)).scalars())
    return {ref: cid for ref, cid in rows}, held


@pytest.mark.parametrize(
    ("listed", "lines"),
    [
        # the listed number is report 1's only value: it must leave the campaign entirely
        (
            "9123400077",
            [
                (1, "9123400077", "", "asked to call 9123400077"),
                (2, "9123400077", "gift.b@ybl", "asked to call 9123400077"),
                (3, "9888800001", "gift.b@ybl", "paid the same handle"),
            ],
        ),
        # every report loses its only shared value: no campaign is left
        (
            "9123400077",
            [(1, "9123400077", "", "call 9123400077"), (2, "9123400077", "", "call 9123400077")],
        ),
        # a handle listed: the reports it alone joined fall apart
        (
            "gift.b@ybl",
            [
                (1, "9000000011", "gift.b@ybl", "paid the handle"),
                (2, "9000000022", "gift.b@ybl", "paid the handle"),
            ],
        ),
    ],
)
def test_listing_leaves_no_report_in_a_deleted_campaign(
    store: Store, settings: Settings, tmp_path: Path, listed: str, lines: list[tuple]
) -> None:
    path = tmp_path / "c.csv"
    path.write_text("\n".join([HEADER, *(complaint(*r) for r in lines)]) + "\n", "utf-8")
    Importer(store, settings).import_file(path, "ncrp_csv")
    kind, listed = ("upi", listed) if "@" in listed else ("phone", "+91" + listed)
    add_entry(store, kind, listed, owner="Acme desk", source="acme.example", actor="a1")
    after, held = assignments(store)
    assert {c for c in after.values() if c} <= held, "a report points to a deleted campaign"
    relink(store)
    assert assignments(store) == (after, held)  # the same state a relink computes
