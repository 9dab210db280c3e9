"""Scoring detected campaigns against planted ground truth (synthetic call records).

Scores are call-level and tolerate a planted campaign being found as several
pure pieces (its entry points were not linked) but not two campaigns fused:

- **precision**: share of calls put in a campaign that belong to the planted
  campaign dominating that detected campaign (background calls and the minority
  of a fused pair count as errors);
- **recall**: share of planted calls that sit in a detected campaign dominated by
  their own planted campaign;
- **found**: planted campaigns with at least 90% of their calls recalled;
- **fragments**: detected campaigns per found planted campaign (1.0 = all linked).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

BACKGROUND = "(background)"


@dataclass(frozen=True, slots=True)
class CdrScores:
    """Call-level precision and recall of detected campaigns."""

    precision: float
    recall: float
    planted: int
    found: int
    detected: int
    fragments: float
    planted_calls: int
    flagged_calls: int
    false_calls: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def score_cdr_campaigns(con: duckdb.DuckDBPyConnection, truth_file: Path) -> CdrScores:
    """Compare the ``campaign_calls`` table with a truth file (``call_id``, ``campaign``)."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE eval_joined AS
        WITH d AS (SELECT call_id, campaign_id FROM campaign_calls),
             t AS (SELECT call_id, campaign FROM read_parquet('{truth_file}'))
        SELECT d.campaign_id, coalesce(t.campaign, '{BACKGROUND}') AS campaign, count(*) AS n
        FROM d LEFT JOIN t USING (call_id) GROUP BY ALL"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE eval_dominant AS
        SELECT campaign_id, arg_max(campaign, n) AS dominant, max(n) AS top, sum(n) AS total
        FROM eval_joined GROUP BY campaign_id"""
    )
    planted = con.execute(
        f"SELECT campaign, count(*) FROM read_parquet('{truth_file}') GROUP BY ALL"
    ).fetchall()
    planted_calls = {str(c): int(n) for c, n in planted}
    recalled = con.execute(
        f"""SELECT j.campaign, sum(j.n), count(DISTINCT j.campaign_id) FROM eval_joined j
        JOIN eval_dominant d ON j.campaign_id = d.campaign_id AND j.campaign = d.dominant
        WHERE j.campaign <> '{BACKGROUND}' GROUP BY j.campaign"""
    ).fetchall()
    by_planted = {str(c): (int(n), int(k)) for c, n, k in recalled}
    totals = con.execute(
        f"""SELECT coalesce(sum(total), 0),
                   coalesce(sum(top) FILTER (WHERE dominant <> '{BACKGROUND}'), 0),
                   count(*),
                   (SELECT coalesce(sum(n), 0) FROM eval_joined WHERE campaign = '{BACKGROUND}')
            FROM eval_dominant"""
    ).fetchall()[0]
    flagged, correct, detected, false_calls = (int(v) for v in totals)
    all_planted = sum(planted_calls.values())
    recall_calls = sum(n for n, _ in by_planted.values())
    found = [c for c, n in planted_calls.items() if by_planted.get(c, (0, 0))[0] >= 0.9 * n]
    fragments = sum(by_planted[c][1] for c in found) / len(found) if found else 0.0
    return CdrScores(
        precision=round(correct / flagged, 4) if flagged else 0.0,
        recall=round(recall_calls / all_planted, 4) if all_planted else 0.0,
        planted=len(planted_calls),
        found=len(found),
        detected=detected,
        fragments=round(fragments, 2),
        planted_calls=all_planted,
        flagged_calls=flagged,
        false_calls=false_calls,
    )
