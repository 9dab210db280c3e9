"""The scan plan of features and detection gives the tables the straightforward plan gives.

The queries of :mod:`crossline.calls.features` and :mod:`crossline.calls.campaigns`
are shaped for speed (fewer scans, filters the Parquet reader can apply, joins instead
of subqueries). The reference statements below are the plain formulations they
replaced, kept here to pin that every output row is the same: run both on a synthetic
day of calls and compare the tables row for row (as multisets).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from crossline.calls.campaigns import CampaignRules, detect_campaigns
from crossline.calls.features import FLAG_BITS, compute_features, flags_sql
from crossline.calls.spoofing import (
    FOREIGN_DOMESTIC_SQL,
    INVALID_SQL,
    NEIGHBOUR_SQL,
    ONE_RING_SQL,
    SHORT_SQL,
    WITHHELD_SQL,
)
from crossline.calls.store import CallsStore
from crossline.calls.synthetic import SyntheticConfig, generate_into_store

HOUR_US = 3_600_000_000
_REFERENCE_FLAGS = {
    "answered": "answered",
    "short": SHORT_SQL,
    "neighbour": NEIGHBOUR_SQL,
    "foreign_domestic": FOREIGN_DOMESTIC_SQL,
    "invalid": INVALID_SQL,
    "withheld": WITHHELD_SQL,
    "one_ring": ONE_RING_SQL,
    "protected": "coalesce(caller IN (SELECT number FROM protected_numbers), false)",
}
# every flag as a cast times its bit; a missing trunk or signer named on every call
_REFERENCE_TRUNK_SIG = f"""SELECT orig_carrier, coalesce(orig_trunk, '') AS orig_trunk,
       coalesce(signer, '(unsigned)') AS signer, attestation,
       epoch_us(start_utc) // {HOUR_US} AS hour,
       {" + ".join(f"{bit} * ({_REFERENCE_FLAGS[n]})::INT" for n, bit in FLAG_BITS.items())} AS sig,
       count(*) AS n, sum(duration_s)::BIGINT AS talk_seconds
FROM cdr GROUP BY ALL"""

# the class of a call, with the robodialer test as a subquery per row
_REFERENCE_CLASS = """CASE WHEN protected THEN 'protected' WHEN invalid THEN 'invalid'
    WHEN one_ring THEN 'one_ring' WHEN neighbour THEN 'neighbour'
    WHEN caller IN (SELECT caller FROM robo) THEN 'rotating'
    WHEN foreign_domestic THEN 'foreign_domestic' END"""

# one scan of every column of the calls on a candidate trunk or from a robodialer
_REFERENCE_SCOPE = """(SELECT * FROM cdr WHERE caller IN (SELECT caller FROM robo)
    OR coalesce(orig_trunk, '') IN (SELECT orig_trunk FROM candidate_days))"""


def _reference_suspects() -> str:
    return f"""WITH flagged AS MATERIALIZED (
        SELECT * FROM (
            SELECT call_id, start_utc, caller, callee, answered, duration_s, orig_carrier,
                coalesce(orig_trunk, '') AS orig_trunk, next_carrier, ingress_country,
                attestation, signer, origid, day, {_REFERENCE_CLASS} AS class
            FROM ({flags_sql(_REFERENCE_SCOPE)}))
        WHERE class IS NOT NULL
    )
    SELECT f.* FROM flagged f
    LEFT JOIN candidate_days c USING (orig_carrier, orig_trunk, day)
    WHERE f.class = 'rotating' OR c.day IS NOT NULL"""


def _differing(con: duckdb.DuckDBPyConnection, table: str, reference: str) -> tuple[int, int]:
    """Rows only in ``table`` and rows only in ``reference`` (multiset difference)."""
    only_new = con.execute(
        f"SELECT count(*) FROM (SELECT * FROM {table} EXCEPT ALL SELECT * FROM {reference})"
    ).fetchone()
    only_ref = con.execute(
        f"SELECT count(*) FROM (SELECT * FROM {reference} EXCEPT ALL SELECT * FROM {table})"
    ).fetchone()
    assert only_new is not None and only_ref is not None
    return int(only_new[0]), int(only_ref[0])


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """A synthetic day of calls with planted campaigns, analysed; the connection stays open
    so the scratch tables of detection (``robo``, ``candidate_days``) can be compared too."""
    root: Path = tmp_path_factory.mktemp("plan") / "calls"
    store = CallsStore(root, memory_limit="1GB", threads=2)
    generate_into_store(store, SyntheticConfig(rows=150_000, days=1, seed=23, campaigns=6))
    con = store.connect()
    # some calls without a trunk or signer, some with an empty trunk or the name given to
    # a missing signer: the plans must put them in the same groups
    con.execute(
        """CREATE OR REPLACE TEMP VIEW cdr AS SELECT * REPLACE (
            CASE hash(call_id) % 13 WHEN 0 THEN NULL WHEN 1 THEN '' ELSE orig_trunk END
                AS orig_trunk,
            CASE hash(call_id) % 11 WHEN 0 THEN NULL WHEN 1 THEN '(unsigned)' ELSE signer END
                AS signer)
        FROM read_parquet('"""
        + store.cdr_glob()
        + "')"
    )
    compute_features(con, "cdr")
    detect_campaigns(con, "cdr", CampaignRules(min_campaign_calls=30))
    yield con
    con.close()


def test_suspects_match_the_reference_plan(analysed: duckdb.DuckDBPyConnection) -> None:
    con = analysed
    con.execute(f"CREATE OR REPLACE TEMP TABLE reference_suspects AS {_reference_suspects()}")
    classes = dict(
        con.execute("SELECT class, count(*) FROM reference_suspects GROUP BY class").fetchall()
    )
    # the day must exercise both ways into the scope: flagged trunk-days and robodialers
    assert classes.get("rotating", 0) > 0
    assert sum(classes.values()) - classes.get("rotating", 0) > 0
    assert _differing(con, "suspects", "reference_suspects") == (0, 0)


def test_trunk_sig_matches_the_reference_plan(analysed: duckdb.DuckDBPyConnection) -> None:
    con = analysed
    con.execute(f"CREATE OR REPLACE TEMP TABLE reference_trunk_sig AS {_REFERENCE_TRUNK_SIG}")
    missing = con.execute(
        "SELECT count(*) FROM reference_trunk_sig WHERE orig_trunk = '' OR signer = '(unsigned)'"
    ).fetchone()
    assert missing is not None and missing[0] > 0
    assert _differing(con, "trunk_sig", "reference_trunk_sig") == (0, 0)
    assert con.execute(
        "SELECT typeof(n), typeof(talk_seconds) FROM trunk_sig LIMIT 1"
    ).fetchone() == (
        "BIGINT",
        "BIGINT",
    )
