"""Incremental publishing ends where a full recompute does.

After any sequence of imports, corrections, withdrawals (a report re-marked TLP:RED)
and relinks, with publications in between, an incremental publication leaves the
partner's collection publishing exactly the objects a full recompute computes (same
ids, same content; ``modified`` may be later, since a changed object gets a newer
version). Concrete sequences first, then random ones (hypothesis); both engines.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import delete, update

from crossline.config import Settings
from crossline.domain import Report, SuspectIdentifier
from crossline.link.relink import relink
from crossline.services.imports import importer_for
from crossline.share.shareable import iter_campaigns
from crossline.share.shared_campaigns import shared_campaigns
from crossline.share.stix.export import iter_objects, partner_feed
from crossline.share.taxii.publish import current, publish, recompute
from crossline.store import Store
from crossline.store.schema import metadata, reports
from crossline.store.schema_publish import publish_changes
from support.policy_support import add_partner, store_agreement

PHONES = [f"98{n:08d}" for n in range(11, 17)]
UPIS = [f"pay{n}@okaxis" for n in range(4)]
HELPLINE = "1800 180 1111"
MARKS = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
T0 = datetime(2025, 3, 1, tzinfo=UTC)
AGREEMENTS = {
    "plain": {"kinds": ["indicator", "campaign", "report"], "max_marking": "TLP:AMBER"},
    "coarse": {
        "kinds": ["indicator", "campaign", "report"],
        "max_marking": "TLP:AMBER+STRICT",
        "withheld": ["amount_lost"],
        "coarsen": {"time": "day", "location": "state"},
    },
    "no-reports": {"kinds": ["indicator", "campaign"], "max_marking": "TLP:GREEN"},
}


def report(rng: random.Random, ref: str) -> Report:
    """A complaint naming a phone (and maybe a UPI handle, a common helpline)."""
    suspects = [SuspectIdentifier("suspect_mobile", rng.choice(PHONES), "phone")]
    if rng.random() < 0.5:
        suspects.append(SuspectIdentifier("suspect_upi", rng.choice(UPIS), "upi"))
    roll = rng.random()
    return Report(
        source="citizen" if roll < 0.1 else "t",
        source_ref=ref,
        jurisdiction=rng.choice(["IN", "IN", "US"]),
        text=f"They called, helpline {HELPLINE} was busy" if rng.random() < 0.4 else "",
        received_at=T0 + timedelta(hours=rng.randrange(2000)),
        marking=rng.choice(MARKS),
        suspects=tuple(suspects),
    )


class World:
    """A node's store, its partner agreement, and the operations a sequence is made of."""

    def __init__(self, store: Store, settings: Settings, tmp: Path, kind: str) -> None:
        self.store, self.settings = store, settings
        add_partner(store, tmp)
        self.agreement = store_agreement(store, purposes=[], **AGREEMENTS[kind])
        self.importer = importer_for(store, settings, classify=False)
        self.refs: list[str] = []
        self.sent: dict[str, Report] = {}

    def do(self, op: tuple[Any, ...]) -> None:
        name, arg = op[0], op[1] if len(op) > 1 else None
        if name == "import":  # arg: a seed; 1-6 new reports
            rng = random.Random(arg)
            new = [report(rng, f"r{arg}-{k}") for k in range(rng.randint(1, 6))]
            self.send(new)
        elif name == "correct" and self.refs:  # the same complaint, new content
            old = self.sent[self.refs[arg % len(self.refs)]]
            rng = random.Random(arg * 7919)
            self.send([replace(report(rng, old.source_ref), source=old.source)])
        elif name == "withdraw" and self.refs:  # re-marked TLP:RED: it may no longer go
            rid = self.sent[self.refs[arg % len(self.refs)]].id
            with self.store.transaction() as conn:
                conn.execute(update(reports).where(reports.c.id == rid).values(marking="TLP:RED"))
        elif name == "relink":
            relink(self.store)
        elif name == "publish":  # and a partner lists the shared campaigns
            publish(self.store, self.settings, self.agreement)
            shared_campaigns(self.store, self.agreement)
        elif name == "read":  # a partner lists the shared campaigns
            shared_campaigns(self.store, self.agreement)

    def send(self, batch: list[Report]) -> None:
        self.importer.import_reports(batch)
        for r in batch:
            if r.source_ref not in self.sent:
                self.refs.append(r.source_ref)
            self.sent[r.source_ref] = r

    def check(self) -> dict[str, Any]:
        """Publish incrementally; the collection must equal a full recompute."""
        result = publish(self.store, self.settings, self.agreement)
        assert result["mode"] == "incremental"
        assert_same(
            current(self.store, self.agreement),
            recompute(self.store, self.settings, self.agreement),
        )
        listed = shared_campaigns(self.store, self.agreement)
        assert listed == list(iter_campaigns(self.store, self.agreement))
        return result


def content(objects: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {sid: {k: v for k, v in o.items() if k != "modified"} for sid, o in objects.items()}


def assert_same(got: dict[str, dict[str, Any]], want: dict[str, dict[str, Any]]) -> None:
    assert sorted(got) == sorted(want), set(got) ^ set(want)
    mine, full = content(got), content(want)
    differ = [sid for sid in full if mine[sid] != full[sid]]
    assert not differ, [(mine[s], full[s]) for s in differ[:2]]
    for sid, obj in want.items():  # a newer version, never an older one
        if "modified" in obj:
            assert got[sid]["modified"] >= obj["modified"]


IM, P, R = "import", ("publish",), ("relink",)
SEQUENCES = {
    "imports only": [(IM, 1), P, (IM, 2), (IM, 3)],
    "a correction moves values": [(IM, 1), (IM, 2), P, ("correct", 0), ("correct", 3)],
    "withdrawals revoke": [(IM, 4), (IM, 5), P, ("withdraw", 0), ("withdraw", 1), ("withdraw", 2)],
    "relink after publishing": [(IM, 6), (IM, 7), P, R],
    "everything, twice": [(IM, 8), P, ("correct", 1), ("withdraw", 0), P,
                          (IM, 9), R, ("correct", 2), ("withdraw", 3)],
    "nothing changed": [(IM, 10), P],
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(AGREEMENTS))
@pytest.mark.parametrize("steps", list(SEQUENCES.values()), ids=list(SEQUENCES))
def test_incremental_equals_full(
    store: Store, settings: Settings, tmp_path: Path, steps: list[tuple[Any, ...]], kind: str
) -> None:
    world = World(store, settings, tmp_path, kind)
    for op in steps:
        world.do(op)
    world.check()


def test_withdrawn_report_is_revoked_and_comes_back_as_a_new_version(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    world = World(store, settings, tmp_path, "plain")
    rng = random.Random(5)
    mine = replace(report(rng, "w-1"), source="t", marking="TLP:GREEN")
    world.send([mine])
    first = publish(store, settings, world.agreement)
    assert first["mode"] == "full" and first["revoked"] == 0
    before = {
        o["id"]: o for o in current(store, world.agreement).values() if o["type"] == "observed-data"
    }
    (od_id,) = before
    world.do(("withdraw", 0))
    second = publish(store, settings, world.agreement)
    assert second["mode"] == "incremental" and second["revoked"] > 0
    assert od_id not in current(store, world.agreement)
    from crossline.store import publish_log

    with store.read() as conn:
        latest = [b for b in publish_log.current_rows(conn, first["collection"]) if od_id in b]
    revoked = [b for b in latest if '"revoked":true' in b]
    assert revoked, "the withdrawn report's observed-data is published as revoked"
    with store.transaction() as conn:  # re-marked GREEN: it may go again
        conn.execute(update(reports).where(reports.c.id == mine.id).values(marking="TLP:GREEN"))
    publish(store, settings, world.agreement)
    back = current(store, world.agreement)[od_id]
    assert back["modified"] > before[od_id]["modified"] and not back.get("revoked")


def test_full_repairs_a_lost_cursor_and_an_untouched_collection_stays(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    world = World(store, settings, tmp_path, "plain")
    world.do(("import", 11))
    world.do(("import", 12))
    first = publish(store, settings, world.agreement)
    again = publish(store, settings, world.agreement)
    assert again["mode"] == "incremental" and again["added"] == again["revoked"] == 0
    assert again["objects"] == first["objects"]
    # A change the log lost (written around the triggers): the full run finds it.
    with store.transaction() as conn:
        conn.execute(update(reports).values(marking="TLP:RED"))
        conn.execute(delete(publish_changes))
    stale = publish(store, settings, world.agreement)
    assert stale["revoked"] == 0  # the incremental run has nothing to go on
    full = publish(store, settings, world.agreement, full=True)
    assert full["mode"] == "full" and full["revoked"] > 0
    assert_same(current(store, world.agreement), recompute(store, settings, world.agreement))


def test_full_recompute_is_todays_export(store: Store, settings: Settings, tmp_path: Path) -> None:
    """The objects a publication computes are those the partner export holds."""
    world = World(store, settings, tmp_path, "plain")
    for seed in (13, 14, 15):
        world.do(("import", seed))
    feed = partner_feed(store, world.agreement)
    export = {
        o["id"]: o
        for o in iter_objects(feed, node_name=settings.node_name, country=settings.country)
    }
    computed = recompute(store, settings, world.agreement)
    assert sorted(computed) == sorted(export)
    for sid, obj in export.items():
        if "created" in obj:  # an SCO's marking is the least strict of its reports'
            assert computed[sid] == obj


OPS = st.one_of(
    st.tuples(st.just("import"), st.integers(0, 10_000)),
    st.tuples(st.just("correct"), st.integers(0, 50)),
    st.tuples(st.just("withdraw"), st.integers(0, 50)),
    st.tuples(st.just("relink")),
    st.tuples(st.just("publish")),
    st.tuples(st.just("read")),
)


def wipe(store: Store) -> None:
    """Empty every table (one store serves all the examples of a property test)."""
    with store.transaction() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(delete(table))


@hsettings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(OPS, min_size=1, max_size=8),
    kind=st.sampled_from(sorted(AGREEMENTS)),
)
def test_any_sequence_publishes_what_a_full_recompute_does(
    store: Store, settings: Settings, tmp_path: Path, steps: list[tuple[Any, ...]], kind: str
) -> None:
    wipe(store)
    world = World(store, settings, tmp_path, kind)
    world.do(("import", 0))
    world.do(("publish",))
    for op in steps:
        world.do(op)
    world.check()


def test_cli_publishes_incrementally_unless_told_full(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from crossline.cli import cli
    from crossline.store import open_store

    home, db = tmp_path / "home", f"sqlite:///{tmp_path}/x.db"
    settings = Settings(home=home, database_url=db)
    store = open_store(settings)
    try:
        world = World(store, settings, tmp_path, "plain")
        world.do(("import", 21))
        world.do(("import", 22))
    finally:
        store.close()

    def run(*args: str) -> dict[str, Any]:
        result = CliRunner().invoke(
            cli, ["--home", str(home), "--db", db, "stix", "publish", *args]
        )
        assert result.exit_code == 0, result.output + repr(result.exception)
        (row,) = json.loads(result.output)
        return row

    first, second, full = run("--json"), run("--json"), run("--full", "--json")
    assert [first["mode"], second["mode"], full["mode"]] == ["full", "incremental", "full"]
    assert second["added"] == full["added"] == 0
    assert first["objects"] == second["objects"] == full["objects"] > 0


@pytest.mark.parametrize("revoked", [False, True])
def test_a_receiver_takes_a_revoked_object_as_gone(revoked: bool) -> None:
    from crossline.share.stix import mapping, observables
    from crossline.share.stix.ingest import to_reports
    from crossline.share.stix.objects_store import Provenance

    sco = observables.sco("phone", "+919800000011")
    assert sco is not None
    rep = {"id": "r-1", "jurisdiction": "IN", "created_at": T0, "seen_at": T0}
    obj = mapping.observed_data(rep, [sco], creator="identity--x", marking="TLP:GREEN")
    if revoked:
        obj = {**obj, "revoked": True}
    prov = Provenance("us-node", "US", None, T0)
    got = to_reports([sco, obj], prov)
    assert [r.source_ref for r in got] == ([] if revoked else ["r-1"])


def test_the_change_log_is_pruned_once_every_cursor_has_passed(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    from sqlalchemy import func, select

    from crossline.share.taxii.publish import publish_all

    world = World(store, settings, tmp_path, "plain")
    world.do(("import", 31))

    def logged() -> int:
        with store.read() as conn:
            return int(conn.execute(select(func.count()).select_from(publish_changes)).scalar())

    assert logged() > 0
    publish_all(store, settings)
    assert logged() == 0  # the only cursor has taken everything in
    shared_campaigns(store, world.agreement)  # a second cursor, at the same place
    world.do(("import", 32))
    publish_all(store, settings)
    assert logged() > 0  # the campaign view has not read these changes yet
    shared_campaigns(store, world.agreement)
    publish_all(store, settings)
    assert logged() == 0
