"""Call-record analytics on Spark: the features and campaigns of :mod:`crossline.calls`.

Input: Parquet call records in the stored CDR schema (``docs/calls.md``): a calls
store's ``cdr/`` directory, the store root itself, or any directory or URI of
Parquet files. Output: one Parquet dataset per table, under the output directory
or URI, with the names and columns the DuckDB path gives them (``trunk_sig``,
``trunk_hour``, ``carrier_features``, ``signer_attestation``, ``caller_features``,
``caller_detail``, ``campaign_cells``, ``campaign_calls``, ``campaigns``) and
``_summary`` (one JSON line: counts and seconds per step).

The statements are the very ones DuckDB runs (:func:`compute_features`,
:func:`detect_campaigns`), through :class:`~crossline.spark.engine.SparkEngine`.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from crossline.calls.campaigns import CampaignRules, detect_campaigns
from crossline.calls.features import FeatureParams, compute_features
from crossline.calls.schema import ANALYSED
from crossline.errors import NotFoundError, ValidationError
from crossline.spark.engine import SparkEngine

OUTPUT_TABLES = (
    "trunk_sig",
    "trunk_hour",
    "carrier_features",
    "signer_attestation",
    "caller_features",
    "caller_detail",
    "campaign_cells",
    "campaign_calls",
    "campaigns",
)
REQUIRED = ANALYSED


def cdr_location(path: str) -> str:
    """The Parquet files to read for ``path`` (a calls store, its ``cdr/``, or a URI)."""
    if "://" in path:
        return path
    local = Path(path)
    if (local / "cdr").is_dir():
        local = local / "cdr"
    if local.is_file():
        return str(local)
    if not local.is_dir() or not any(local.glob("*.parquet")):
        raise NotFoundError(f"no Parquet call records in {local}")
    return str(local / "*.parquet")


def load_cdr(spark: Any, path: str) -> int:
    """Register the call records as the view ``cdr``; returns the number of columns read.

    Raises ValidationError naming the missing columns when the files are not in the
    stored CDR schema (run ``crossline calls import`` on raw carrier files first).
    """
    frame = spark.read.option("mergeSchema", "true").parquet(cdr_location(path))
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"{path}: columns {', '.join(missing)} missing; expected the stored CDR schema "
            "(docs/calls.md), as written by `crossline calls import`"
        )
    frame.createOrReplaceTempView("cdr")
    return len(frame.columns)


def run_calls(
    spark: Any,
    input_path: str,
    output: str,
    *,
    params: FeatureParams | None = None,
    rules: CampaignRules | None = None,
    campaigns: bool = True,
) -> dict[str, Any]:
    """Features (and campaigns) over the call records at ``input_path``, into ``output``."""
    t = time.perf_counter()
    load_cdr(spark, input_path)
    engine = SparkEngine(spark, output)
    try:
        features = compute_features(engine, "cdr", params)
        result: dict[str, Any] = {
            "engine": "spark",
            "input": input_path,
            "output": engine.out,
            "features": asdict(features),
        }
        if campaigns:
            result["campaigns"] = asdict(detect_campaigns(engine, "cdr", rules))
    finally:
        engine.cleanup()
    result["seconds"] = round(time.perf_counter() - t, 3)
    summary = spark.createDataFrame([(json.dumps(result, default=str),)], "summary string")
    summary.coalesce(1).write.mode("overwrite").text(engine.path("_summary"))
    return result
