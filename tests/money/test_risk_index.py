"""The registry's in-memory risk index answers exactly as the store query does.

Varied data: campaigns joined by phone numbers, UPI handles and bank accounts (one
number at two branches), a helpline that is common, TLP:RED reports (counted only by
their owner), unconfirmed reports from the public (never counted), values nobody
reported. Then more imports grow campaigns and merge two: an index warmed before them
(another server process) must answer as the store does again.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from crossline.config import Settings
from crossline.domain import Report, SuspectIdentifier
from crossline.money import registry
from crossline.money.risk_index import SERVING_STAMP_EVERY, RiskIndex
from crossline.money.service import compute_mules, import_transfers, refresh_all
from crossline.services.imports import importer_for
from crossline.store import Store
from crossline.store.risk_log import stamp
from crossline.store.schema_money import freeze_requests, mule_scores
from crossline.store.visibility import EVERYTHING, OrgView
from support.money_env import DATA, NCRP_JSON
from support.statements import statements

PHONES = [f"98{n:08d}" for n in range(11, 19)]
UPIS = [f"pay{n}@okaxis" for n in range(6)]
ACCOUNTS = [("ICIC0004417", "004401559321"), ("SBIN0011223", "31997755331"),
            ("PUNB0334455", "31997755331"), ("HDFC0000123", "50100020804403")]  # fmt: skip
HELPLINE = "1800 180 1111"
VIEWS = {
    "operator": EVERYTHING,
    "home": OrgView(org_id="org-home", home=True, everything=False),
    "other": OrgView(org_id="org-other", home=False, everything=False),
}
T0 = datetime(2025, 3, 1, tzinfo=UTC)


def reports(seed: int, n: int, prefix: str) -> list[Report]:
    """``n`` varied complaints; the same seed gives the same reports."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        fields = [SuspectIdentifier("suspect_mobile", rng.choice(PHONES), "phone")]
        if rng.random() < 0.6:
            fields.append(SuspectIdentifier("suspect_upi", rng.choice(UPIS), "upi"))
        if rng.random() < 0.4:
            ifsc, number = rng.choice(ACCOUNTS)
            fields.append(SuspectIdentifier("suspect_bank_account", number, "bank_account"))
            fields.append(SuspectIdentifier("suspect_ifsc", ifsc, "ifsc"))
        roll = rng.random()
        out.append(
            Report(
                source="citizen" if roll < 0.12 else "t",
                source_ref=f"{prefix}{k:03d}",
                jurisdiction="IN",
                text=f"They called, helpline {HELPLINE} was busy" if rng.random() < 0.5 else "",
                received_at=T0 + timedelta(hours=rng.randrange(2000)),
                marking="TLP:RED" if 0.12 <= roll < 0.22 else "TLP:AMBER",
                suspects=tuple(fields),
            )
        )
    return out


QUERIES = (
    [("phone", p) for p in PHONES]
    + [("any", p) for p in PHONES[:3]]
    + [("upi", u) for u in UPIS]
    + [("account", n) for _, n in ACCOUNTS]
    + [("account", f"{i}:{n}") for i, n in ACCOUNTS[:2]]
    + [("any", ACCOUNTS[0][1]), ("phone", HELPLINE), ("phone", "9899999999")]
    + [("upi", "nobody@okaxis"), ("account", "12345678901")]
)


def compare(store: Store, index: RiskIndex) -> None:
    for kind, value in QUERIES:
        for name, view in VIEWS.items():
            expected = registry.check(store, value, kind, view=view)
            got = index.check(value, kind, view=view)
            assert got == expected, (kind, value, name)


@pytest.fixture
def loaded(store: Store, settings: Settings) -> Store:
    importer_for(store, settings, classify=False).import_reports(reports(1, 80, "a"))
    return store


def test_index_answers_as_the_store_query(loaded: Store) -> None:
    index = RiskIndex(loaded)
    compare(loaded, index)  # filling
    compare(loaded, index)  # from memory
    assert index.stats["hits"] > 0 and index.stats["fallbacks"] > 0
    answers = [index.check(v, k, view=VIEWS["other"]) for k, v in QUERIES]
    assert {a["risk"] for a in answers} >= {"high", "unknown"}


def test_an_index_warmed_before_imports_follows_them(loaded: Store, settings: Settings) -> None:
    warm = RiskIndex(loaded)
    compare(loaded, warm)
    before = warm.version
    importer = importer_for(loaded, settings, classify=False)
    importer.import_reports(reports(2, 40, "b"))  # grows and merges campaigns
    # a value seen in no report before, now in one that ties it to a known campaign
    importer.import_reports(
        [Report(source="t", source_ref="c001", jurisdiction="IN", text="",
                suspects=(SuspectIdentifier("m", PHONES[0], "phone"),
                          SuspectIdentifier("u", "fresh@okaxis", "upi")))]
    )  # fmt: skip
    # a value asked about while nobody had reported it, now reported alone
    importer.import_reports(
        [Report(source="t", source_ref="n001", jurisdiction="IN", text="",
                suspects=(SuspectIdentifier("u", "nobody@okaxis", "upi"),))]
    )  # fmt: skip
    compare(loaded, warm)
    assert warm.version > before
    assert warm.check("fresh@okaxis", "upi")["report_count"] == 1


def test_index_stays_within_its_bounds(loaded: Store) -> None:
    index = RiskIndex(loaded, max_indicators=4, max_components=3)
    compare(loaded, index)
    assert len(index._values) <= 4 and len(index._components) <= 3


def test_an_index_follows_the_bulk_import_path(loaded: Store, settings: Settings) -> None:
    from crossline.ingest.bulk import BulkImporter

    warm = RiskIndex(loaded)
    compare(loaded, warm)
    bulk = BulkImporter(loaded, settings, workers=0, chunk_rows=16)
    lone = Report(source="t", source_ref="d-lone", jurisdiction="IN", text="",
                  suspects=(SuspectIdentifier("u", "nobody@okaxis", "upi"),))  # fmt: skip
    bulk.import_reports([*reports(3, 40, "d"), lone])
    compare(loaded, warm)


# -- as a server process runs it: the stamp read at most every ``stamp_every`` seconds,
# kept answers costing no statement, and what another process writes (imports, mule
# scores, freeze requests) answered as the store does once that time has passed.


class Clock:
    """A clock the test moves: no test waits for real time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def interval_passes(self) -> None:
        self.now += SERVING_STAMP_EVERY * 1.5


def serving_index(store: Store) -> tuple[RiskIndex, Clock]:
    index = RiskIndex(store, stamp_every=SERVING_STAMP_EVERY)
    index.clock = clock = Clock()
    return index, clock


def test_a_kept_answer_costs_no_database_statement(loaded: Store) -> None:
    index, _clock = serving_index(loaded)
    compare(loaded, index)  # filling
    kept = 0
    for kind, value in QUERIES:
        if kind in ("any", "account"):
            continue  # a typed account number is matched against stored ones each time
        for view in VIEWS.values():
            fallbacks = index.stats["fallbacks"]
            with statements(loaded) as seen:
                index.check(value, kind, view=view)
            if index.stats["fallbacks"] == fallbacks:  # not a TLP:RED case
                assert seen == [], (kind, value)
                kept += 1
    assert kept  # some answers are whole in memory (the rest are TLP:RED cases)


def test_an_import_elsewhere_is_answered_once_the_interval_passed(
    loaded: Store, settings: Settings
) -> None:
    index, clock = serving_index(loaded)
    compare(loaded, index)
    importer = importer_for(loaded, settings, classify=False)
    importer.import_reports(reports(2, 40, "b"))
    # a value kept as unknown, now reported
    importer.import_reports(
        [Report(source="t", source_ref="n001", jurisdiction="IN", text="",
                suspects=(SuspectIdentifier("u", "nobody@okaxis", "upi"),))]
    )  # fmt: skip
    clock.interval_passes()
    compare(loaded, index)
    assert index.check("nobody@okaxis", "upi")["report_count"] == 1
    with loaded.read() as conn:
        assert index.version == stamp(conn)


def test_stamp_is_read_at_most_once_per_interval(loaded: Store) -> None:
    index, clock = serving_index(loaded)
    index.check(QUERIES[0][1], QUERIES[0][0])
    with statements(loaded) as seen:
        for _ in range(5):
            index.check(QUERIES[0][1], QUERIES[0][0])
    assert not [s for s in seen if "risk_stamp" in s]
    clock.interval_passes()
    with statements(loaded) as seen:
        index.check(QUERIES[0][1], QUERIES[0][0])
    assert len([s for s in seen if "risk_stamp" in s]) == 1


def account_queries(store: Store) -> list[tuple[str, str]]:
    """(kind, value) of every account with a mule score or a freeze request."""
    with store.read() as conn:
        keys = set(conn.execute(select(freeze_requests.c.account)).scalars())
        keys |= set(conn.execute(select(mule_scores.c.account)).scalars())
    out = []
    for key in sorted(keys):
        prefix, _, value = key.partition(":")
        if prefix in ("upi", "bank_account"):
            out.append(("upi" if prefix == "upi" else "account", value))
    return out


def test_mule_scores_and_freeze_requests_reach_a_warm_index(
    store: Store, settings: Settings
) -> None:
    importer_for(store, settings, classify=False).import_file(NCRP_JSON)
    import_transfers(store, DATA / "trail.csv")
    compute_mules(store)
    asked = account_queries(store)
    assert asked
    with store.transaction() as conn:  # back to before: nothing held, nothing scored
        conn.execute(freeze_requests.delete())
        conn.execute(mule_scores.delete())
        store.note_risk_changes(conn, everything=True)
    index, clock = serving_index(store)
    before = [index.check(v, k) for k, v in asked]
    assert all(a["mule_score"] is None and not a["freeze_requests"] for a in before)
    # Each writer on its own path, as another process would run it.
    for write in (refresh_all, compute_mules):
        write(store)
        clock.interval_passes()
        for kind, value in asked:
            assert index.check(value, kind) == registry.check(store, value, kind), (kind, value)
    after = [index.check(v, k) for k, v in asked]
    assert any(a["mule_score"] is not None for a in after)
    assert any(a["freeze_requests"] for a in after)


NOBODY = ("upi", "nobody@okaxis")


def test_a_change_committed_in_this_process_is_answered_at_once(
    loaded: Store, settings: Settings
) -> None:
    """The interval bounds what other processes wrote; what this process commits (an
    import, a re-marking, an analyst's correction) is answered from the next request."""
    index, _clock = serving_index(loaded)  # the clock stands still: no interval passes
    kind, value = NOBODY
    assert index.check(value, kind)["report_count"] == 0
    assert index.kept(value, kind) is not None  # kept as unknown
    importer_for(loaded, settings, classify=False).import_reports(
        [Report(source="t", source_ref="n001", jurisdiction="IN", text="",
                suspects=(SuspectIdentifier("u", value, kind),))]
    )  # fmt: skip
    assert index.check(value, kind)["report_count"] == 1
    compare(loaded, index)


def test_a_change_rolled_back_does_not_count_as_one(loaded: Store) -> None:
    index, _clock = serving_index(loaded)
    kind, value = NOBODY
    index.check(value, kind)
    with pytest.raises(RuntimeError), loaded.transaction() as conn:
        loaded.note_risk_changes(conn, everything=True)
        raise RuntimeError("the transaction fails")
    assert index.kept(value, kind) is not None
