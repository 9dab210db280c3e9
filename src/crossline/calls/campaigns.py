"""Campaigns from call records: calls grouped by the infrastructure they share.

Numbers alone mislead (a campaign presents a new caller id on every call), so a
campaign is found from what its operator cannot change at will: the trunk its
traffic enters on, the hours it dials, the lists it works through and the
tactic it uses to disguise itself.

1. **Class each call** by its strongest sign (first match wins): ``protected``
   (spoofed agency/bank number), ``invalid`` (not a valid number), ``one_ring``
   (wangiri), ``neighbour`` (caller id in the callee's NPA-NXX), ``rotating``
   (caller id that behaves like a robodialer's: >= 10 calls, answered <= 35%,
   >= 80% distinct callees), ``foreign_domestic`` (foreign ingress, domestic id).
2. **Cells**: calls of one class on one (carrier, trunk) on one UTC day. A cell is
   *suspect* when it has at least ``min_cell_calls`` such calls and the class makes
   up at least ``max(min_share, enrichment x typical share)`` of that trunk-day's
   traffic (the typical share is the class's median over busy trunk-days, so local
   calls that happen to match a neighbour do not count).
3. **Links** between suspect cells: same trunk on the same or next day; largely the
   same caller ids (a rotating pool used on several trunks; a spoofed agency number
   on the same days); largely the same exchanges swept the same day with each number
   called on only one of the two trunks (a dialer splitting its list across trunks;
   two campaigns sweeping one exchange would both call its numbers). "Largely" is a
   Jaccard overlap, so a small campaign is never swallowed by a huge one that shares
   a few ids or exchanges. Campaigns are the connected components.
4. Every call of a suspect cell's class belongs to the cell's campaign.

Two campaigns that share a trunk on the same days, or the same spoofed agency
number, cannot be told apart from call records; their scripts can
(:mod:`crossline.calls.content`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa

from crossline.calls.engine import SqlEngine, StepClock, as_engine, scalar
from crossline.calls.features import flags_sql, register_protected
from crossline.calls.graph import components
from crossline.domain import make_id

CLASSES = ("protected", "invalid", "one_ring", "neighbour", "rotating", "foreign_domestic")
# classes whose caller ids are reused across calls, so shared ids are evidence of one operator
_SHARED_ID_CLASSES = ("protected", "invalid", "one_ring", "rotating", "foreign_domestic")


@dataclass(frozen=True, slots=True)
class CampaignRules:
    """Thresholds of the campaign rules (see the module docstring)."""

    min_cell_calls: int = 30
    min_share: float = 0.2
    enrichment: float = 5.0
    min_campaign_calls: int = 100
    rotating_min_calls: int = 10
    rotating_max_answer: float = 0.35
    rotating_min_distinct: float = 0.8
    link_day_gap: int = 1
    link_min_shared_callers: int = 3
    dense_block_calls: int = 20
    link_min_shared_blocks: int = 2
    link_min_jaccard: float = 0.3
    link_max_recall_share: float = 0.1  # numbers both cells called, in their shared blocks


@dataclass(frozen=True, slots=True)
class DetectionSummary:
    """What detection produced and how long each step took."""

    suspects: int
    cells: int
    campaigns: int
    campaign_calls: int
    seconds: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per step, all threads


def _class_case() -> str:
    return """CASE WHEN protected THEN 'protected' WHEN invalid THEN 'invalid'
        WHEN one_ring THEN 'one_ring' WHEN neighbour THEN 'neighbour'
        WHEN caller IN (SELECT caller FROM robo) THEN 'rotating'
        WHEN foreign_domestic THEN 'foreign_domestic' END"""


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    if len(values) == 0:
        return 0.0
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, cum[-1] / 2)])


def _baselines(engine: SqlEngine, rules: CampaignRules) -> dict[str, float]:
    """Typical share of each class: its median share over trunk-days, weighted by calls.

    Weighting by calls makes it the share that the trunk-day of a typical *call* shows,
    which campaigns (a few percent of calls) cannot drag up the way they would drag a
    median over trunk-days.
    """
    cols = ("protected", "invalid", "one_ring", "neighbour", "foreign_domestic")
    data = engine.columns(
        f"""SELECT sum(calls)::DOUBLE AS calls,
               {", ".join(f"sum({c})::DOUBLE AS {c}" for c in cols)}
        FROM trunk_hour GROUP BY orig_carrier, orig_trunk, hour // 24"""
    )
    names = list(data)
    calls = np.asarray(data[names[0]], dtype=np.float64)
    out = {
        c: _weighted_median(np.asarray(data[n], dtype=np.float64) / calls, calls)
        for c, n in zip(cols, names[1:], strict=True)
    }
    out["rotating"] = 0.0
    return out


def _thresholds(rules: CampaignRules, baselines: dict[str, float]) -> str:
    """SQL CASE giving the minimum share a cell of each class needs."""
    whens = " ".join(
        f"WHEN '{k}' THEN {max(rules.min_share, rules.enrichment * v):.6f}"
        for k, v in baselines.items()
    )
    return f"CASE class {whens} END"


def detect_campaigns(
    con: duckdb.DuckDBPyConnection | SqlEngine,
    source: str = "cdr",
    rules: CampaignRules | None = None,
) -> DetectionSummary:
    """Find campaigns in ``source``; needs the feature tables (:func:`compute_features`).

    Creates the tables ``campaign_cells``, ``campaign_calls`` and ``campaigns``.
    ``con``: a DuckDB connection, or any :class:`~crossline.calls.engine.SqlEngine`.
    """
    rules = rules or CampaignRules()
    con = as_engine(con)
    clock = StepClock()
    with clock.step("suspects"):
        need = build_suspects(con, source, rules)
    with clock.step("link"):
        _passing_cells(con, rules, need)
        n_cells = int(scalar(con, "SELECT count(*) FROM passing") or 0)
        edges = _edges(con, rules)
        labels = components(n_cells, edges[0], edges[1])
    with clock.step("campaigns"):
        _write_campaigns(con, labels, rules)
    return DetectionSummary(
        suspects=int(scalar(con, "SELECT count(*) FROM suspects") or 0),
        cells=n_cells,
        campaigns=int(scalar(con, "SELECT count(*) FROM campaigns") or 0),
        campaign_calls=int(scalar(con, "SELECT count(*) FROM campaign_calls") or 0),
        seconds=clock.seconds,
        cpu=clock.cpu,
    )


def build_suspects(con: SqlEngine, source: str, rules: CampaignRules) -> str:
    """The ``suspects`` table: every call of a class that could make a suspect cell.

    Returns the SQL CASE of the minimum share per class (see :func:`_thresholds`).
    """
    register_protected(con)
    baselines = _baselines(con, rules)
    need = _thresholds(rules, baselines)
    con.create(
        "robo",
        f"""SELECT d.caller FROM caller_detail d JOIN caller_features f USING (caller)
        WHERE NOT d.is_protected AND NOT d.is_invalid
          AND f.calls >= {int(rules.rotating_min_calls)}
          AND d.answer_ratio <= {rules.rotating_max_answer}
          AND d.distinct_callee_ratio >= {rules.rotating_min_distinct}""",
        temp=True,
    )
    # Trunk-days where some flagged class could pass; background neighbour matches on
    # every other trunk-day are dropped while scanning instead of being materialised.
    loose = rules.min_share / 2
    con.create(
        "candidate_days",
        f"""SELECT orig_carrier, orig_trunk, hour // 24 AS day FROM trunk_hour GROUP BY ALL
        HAVING greatest(sum(neighbour), sum(protected), sum(invalid), sum(one_ring),
                        sum(foreign_domestic)) >= {int(rules.min_cell_calls)}
           AND greatest(sum(neighbour), sum(protected), sum(invalid), sum(one_ring),
                        sum(foreign_domestic)) >= {loose} * sum(calls)""",
        temp=True,
    )
    # Only calls on those trunk-days or from robodialer-like callers can be suspects, so
    # the flags and classes are worked out for a few percent of the calls, not all of them
    # (the trunk test is loose; the join below keeps only the candidate days). A missing
    # trunk is '' in candidate_days, hence the coalesce.
    scope = f"""(SELECT * FROM {source} WHERE caller IN (SELECT caller FROM robo)
        OR coalesce(orig_trunk, '') IN (SELECT orig_trunk FROM candidate_days))"""
    con.create(
        "suspects",
        f"""WITH flagged AS MATERIALIZED (
            SELECT * FROM (
                SELECT call_id, start_utc, caller, callee, answered, duration_s, orig_carrier,
                    coalesce(orig_trunk, '') AS orig_trunk, next_carrier, ingress_country,
                    attestation, signer, origid, day, {_class_case()} AS class
                FROM ({flags_sql(scope)}))
            WHERE class IS NOT NULL
        )
        SELECT f.* FROM flagged f
        LEFT JOIN candidate_days c USING (orig_carrier, orig_trunk, day)
        WHERE f.class = 'rotating' OR c.day IS NOT NULL""",
        temp=True,
    )
    return need


def _passing_cells(con: SqlEngine, rules: CampaignRules, need: str) -> None:
    """``passing``: the suspect cells (numbered) that pass the count and share tests."""
    con.create(
        "passing",
        f"""WITH totals AS (
            SELECT orig_carrier, orig_trunk, hour // 24 AS day, sum(calls) AS total
            FROM trunk_hour GROUP BY ALL
        ), cells AS (
            SELECT orig_carrier, orig_trunk, day, class, count(*) AS n FROM suspects GROUP BY ALL
        )
        SELECT row_number() OVER (ORDER BY orig_carrier, orig_trunk, day, class) - 1 AS cell,
               c.*, t.total, round(c.n / t.total, 4) AS share
        FROM cells c JOIN totals t USING (orig_carrier, orig_trunk, day)
        WHERE c.n >= {int(rules.min_cell_calls)} AND c.n >= ({need}) * t.total""",
        temp=True,
    )


def _edges(engine: SqlEngine, rules: CampaignRules) -> tuple[np.ndarray, np.ndarray]:
    """Cell pairs linked by trunk continuity, shared caller ids or shared swept exchanges."""
    gap = int(rules.link_day_gap)
    shared_classes = ", ".join(f"'{c}'" for c in _SHARED_ID_CLASSES)
    queries = [
        # the same trunk, the same or an adjacent day
        f"""SELECT a.cell AS a, b.cell AS b FROM passing a JOIN passing b
            ON a.orig_carrier = b.orig_carrier AND a.orig_trunk = b.orig_trunk
           AND a.cell < b.cell AND abs(a.day - b.day) <= {gap}""",
        # largely the same caller ids (a rotating pool shared by the dialer's trunks; a
        # spoofed agency number on the same days): overlap is measured as Jaccard so that a
        # small campaign is not swallowed by a huge one that happens to reuse a few ids
        f"""WITH ids AS (
                SELECT DISTINCT p.cell, p.day, p.class, s.caller FROM suspects s
                JOIN passing p USING (orig_carrier, orig_trunk, day, class)
                WHERE s.class IN ({shared_classes}) AND s.caller IS NOT NULL
            ), sizes AS (SELECT cell, count(*) AS n FROM ids GROUP BY cell)
            SELECT a.cell AS a, b.cell AS b FROM ids a JOIN ids b
              ON a.caller = b.caller AND a.cell < b.cell
            JOIN sizes sa ON sa.cell = a.cell JOIN sizes sb ON sb.cell = b.cell
            WHERE a.class <> 'protected' OR abs(a.day - b.day) <= {gap}
            GROUP BY a.cell, b.cell, a.class, sa.n, sb.n
            HAVING count(*) >= CASE WHEN a.class = 'protected' THEN 1
                                    ELSE {int(rules.link_min_shared_callers)} END
               AND count(*) >= {rules.link_min_jaccard} * (sa.n + sb.n - count(*))""",
        # largely the same thousand-blocks of callees swept on the same day, each number
        # called by only one of the two: one dialer splitting its list across trunks. Two
        # campaigns sweeping the same exchanges would both call the same numbers.
        f"""WITH cell_callees AS (
                SELECT DISTINCT p.cell, p.day, s.callee FROM suspects s
                JOIN passing p USING (orig_carrier, orig_trunk, day, class)
            ), blocks AS (
                SELECT cell, day, callee // 1000 AS block FROM cell_callees
                GROUP BY ALL HAVING count(*) >= {int(rules.dense_block_calls)}
            ), sizes AS (SELECT cell, count(*) AS nb FROM blocks GROUP BY cell),
            candidates AS (
                SELECT a.cell AS a, b.cell AS b FROM blocks a JOIN blocks b
                  ON a.block = b.block AND a.day = b.day AND a.cell < b.cell
                JOIN sizes sa ON sa.cell = a.cell JOIN sizes sb ON sb.cell = b.cell
                GROUP BY a.cell, b.cell, sa.nb, sb.nb
                HAVING count(*) >= {int(rules.link_min_shared_blocks)}
                   AND count(*) >= {rules.link_min_jaccard} * (sa.nb + sb.nb - count(*))
            ), in_shared AS (
                -- each side's callees inside the blocks both swept
                SELECT c.a, c.b, x.cell, x.callee FROM candidates c
                JOIN cell_callees x ON x.cell IN (c.a, c.b)
                JOIN blocks ba ON ba.cell = c.a AND ba.block = x.callee // 1000
                JOIN blocks bb ON bb.cell = c.b AND bb.block = x.callee // 1000
            ), overlap AS (
                SELECT a, b, count(DISTINCT callee) FILTER (WHERE cell = a) AS na,
                       count(DISTINCT callee) FILTER (WHERE cell = b) AS nb,
                       count(*) - count(DISTINCT callee) AS both_called
                FROM in_shared GROUP BY a, b
            )
            SELECT a, b FROM overlap
            WHERE both_called <= {rules.link_max_recall_share} * least(na, nb)""",
    ]
    a_parts, b_parts = [], []
    for sql in queries:
        rows = engine.columns(sql)
        a_parts.append(np.asarray(rows["a"], dtype=np.int64))
        b_parts.append(np.asarray(rows["b"], dtype=np.int64))
    return np.concatenate(a_parts), np.concatenate(b_parts)


def cell_campaign_ids(cells: list[tuple[object, ...]], labels: np.ndarray) -> list[str]:
    """Campaign id of each cell: uuid5 of its component's earliest cell.

    ``cells``: (cell, carrier, trunk, day, class) in cell order; ``labels``: component
    of each cell. Naming a campaign after its earliest cell gives the same ids when
    re-run on the same records, on any engine.
    """
    first_key: dict[int, str] = {}
    for (_cell, carrier, trunk, day, cls), label in zip(cells, labels.tolist(), strict=True):
        key = f"{day:08d}\x1f{carrier}\x1f{trunk}\x1f{cls}"
        if label not in first_key or key < first_key[label]:
            first_key[label] = key
    return [make_id("call-campaign", first_key[int(label)]) for label in labels.tolist()]


def _write_campaigns(engine: SqlEngine, labels: np.ndarray, rules: CampaignRules) -> None:
    cells = engine.rows(
        "SELECT cell, orig_carrier, orig_trunk, day, class FROM passing ORDER BY cell"
    )
    ids = cell_campaign_ids(cells, labels)
    engine.register(
        "cell_campaign",
        pa.table(
            {
                "cell": pa.array(range(len(ids)), type=pa.int64()),
                "campaign_id": pa.array(ids, type=pa.string()),
            }
        ),
    )
    engine.create(
        "campaign_cells",
        f"""SELECT m.campaign_id, p.* EXCLUDE (cell)
        FROM passing p JOIN cell_campaign m USING (cell)
        WHERE m.campaign_id IN (
            SELECT campaign_id FROM cell_campaign JOIN passing USING (cell)
            GROUP BY campaign_id HAVING sum(n) >= {int(rules.min_campaign_calls)})""",
    )
    engine.create(
        "campaign_calls",
        """SELECT c.campaign_id, s.* FROM suspects s
        JOIN campaign_cells c USING (orig_carrier, orig_trunk, day, class)""",
    )
    engine.create(
        "campaigns",
        """WITH steps AS (
            -- ties in time are broken by call id so that every engine gets one sequence
            SELECT campaign_id,
                callee - lag(callee) OVER (PARTITION BY campaign_id, orig_carrier, orig_trunk
                                           ORDER BY start_utc, call_id) AS step
            FROM campaign_calls
        ), seq AS (
            SELECT campaign_id, round(avg((step BETWEEN 1 AND 10)::INT), 4) AS sequential_ratio
            FROM steps WHERE step IS NOT NULL GROUP BY campaign_id
        ), base AS (
            SELECT campaign_id,
                count(*) AS calls,
                count_if(answered)::BIGINT AS answered,
                count_if(NOT answered OR duration_s < 10)::BIGINT AS unanswered_or_short,
                count(DISTINCT caller) AS caller_ids,
                approx_count_distinct(callee) AS callees,
                min(start_utc) AS first_seen, max(start_utc) AS last_seen,
                string_agg(DISTINCT orig_carrier, '; ' ORDER BY orig_carrier) AS carriers,
                string_agg(DISTINCT orig_carrier || '/' || orig_trunk, '; '
                           ORDER BY orig_carrier || '/' || orig_trunk) AS trunks,
                string_agg(DISTINCT class, '; ' ORDER BY class) AS classes,
                string_agg(DISTINCT ingress_country, '; ' ORDER BY ingress_country)
                    AS ingress_countries,
                count_if(attestation = 'A')::BIGINT AS att_a,
                count_if(attestation = 'B')::BIGINT AS att_b,
                count_if(attestation = 'C')::BIGINT AS att_c,
                count_if(attestation = 'none')::BIGINT AS att_none,
                count_if(class IN ('protected', 'invalid', 'neighbour', 'one_ring'))::BIGINT
                    AS spoofed,
                count_if(attestation = 'A'
                         AND class IN ('protected', 'invalid', 'neighbour'))::BIGINT AS a_spoofed
            FROM campaign_calls GROUP BY campaign_id
        )
        SELECT b.*, coalesce(q.sequential_ratio, 0) AS sequential_ratio,
            round(0.4 * b.spoofed / b.calls + 0.2 * b.unanswered_or_short / b.calls
                  + 0.2 * (b.att_c + b.att_none + b.a_spoofed) / b.calls
                  + 0.2 * coalesce(q.sequential_ratio, 0), 3) AS score
        FROM base b LEFT JOIN seq q USING (campaign_id)
        ORDER BY calls DESC""",
    )
