"""Bulk campaign linking on Spark: the store's campaigns, recomputed from a Parquet export.

A campaign is a connected component of reports joined by shared, non-common
indicators (``docs/linking.md``), named ``make_id("campaign", smallest report id)``.
Input: the directory written by :func:`crossline.spark.export.export_link_graph`
(``reports/``, ``indicators/``, ``sightings/``). Output, as Parquet datasets:

========================  ========================================================
``report_components``     ``report_id``, ``campaign_id`` for every linked report
``indicator_components``  ``indicator_id``, ``campaign_id`` for every linking value
``campaigns``             ``campaign_id``, ``min_report_id``, ``reports``,
                          ``indicators``
``_summary``              one JSON line: counts, rounds, seconds
========================  ========================================================

Common values: those on the shipped warning list or on the node's own (a ``common``
verdict whose reason is a listing) never link; the data-driven verdicts are the node's
own (the ``common`` column of the export), because they are taken as reports arrive
(see the linking docs). ``verdicts=False`` ignores those and links on everything but
the warning lists. Unconfirmed reports from the public (``counts`` false) never link.

Reports sharing a value are joined to the value's smallest report (one edge per
sighting, never all pairs), then the components of that report graph are found by
:func:`crossline.spark.components.connected_components`.
"""

from __future__ import annotations

import json
import time
from typing import Any

from crossline.domain import NAMESPACE
from crossline.errors import NotFoundError
from crossline.indicators.kinds import ATTRIBUTE_KINDS
from crossline.link.warnlist import LISTED_PREFIX, load_warnlist
from crossline.spark.components import connected_components
from crossline.spark.engine import delete_path


def _uuid5_column(kind: str, column: str) -> Any:
    """``crossline.domain.make_id(kind, <column>)`` (uuid5) as a Spark column: SHA-1
    with the version and variant bits set, no Python on the executors."""
    from pyspark.sql import functions as F

    ns = NAMESPACE.bytes.hex()
    h = F.sha1(
        F.concat(
            F.unhex(F.lit(ns)),
            F.encode(F.concat(F.lit(kind), F.lit("\x1f"), F.col(column)), "UTF-8"),
        )
    )
    variant = F.substring(
        F.lit("89ab"), (F.conv(F.substring(h, 17, 1), 16, 10).cast("int") % 4 + 1), 1
    )
    return F.concat(
        F.substring(h, 1, 8),
        F.lit("-"),
        F.substring(h, 9, 4),
        F.lit("-5"),
        F.substring(h, 14, 3),
        F.lit("-"),
        variant,
        F.substring(h, 18, 3),
        F.lit("-"),
        F.substring(h, 21, 12),
    )


def _read(spark: Any, base: str, table: str) -> Any:
    path = f"{base.rstrip('/')}/{table}"
    try:
        return spark.read.parquet(path)
    except Exception as exc:  # AnalysisException: path does not exist
        raise NotFoundError(
            f"cannot read {path}: expected the output of `crossline spark export` ({exc})"
        ) from exc


def run_link(spark: Any, input_path: str, output: str, *, verdicts: bool = True) -> dict[str, Any]:
    """Compute every campaign of an exported link graph; write the outputs listed above."""
    from pyspark.sql import functions as F

    t = time.perf_counter()
    out = output.rstrip("/")
    work = f"{out}/_work"
    indicators = _read(spark, input_path, "indicators")
    sightings = _read(spark, input_path, "sightings")
    warn = spark.createDataFrame(
        [(e.kind, e.value) for e in load_warnlist().values()], "kind string, value string"
    ).withColumn("listed", F.lit(True))
    marked = indicators.join(F.broadcast(warn), ["kind", "value"], "left")
    verdict = F.coalesce(F.col("common"), F.lit(False))
    node_listed = verdict & F.coalesce(F.col("common_reason"), F.lit("")).startswith(LISTED_PREFIX)
    common = F.coalesce(F.col("listed"), F.lit(False)) | node_listed
    if verdicts:
        common = common | verdict
    # Attributes (a branch's IFSC, a bank's BIC) never link, as in the node's linker.
    common = common | F.col("kind").isin(sorted(ATTRIBUTE_KINDS))
    linkable = marked.where(~common).select(F.col("id").alias("indicator_id"))
    reports = _read(spark, input_path, "reports")
    if "counts" in reports.columns:  # exports before the public's reports had the column
        counted = reports.where(F.col("counts")).select(F.col("id").alias("report_id"))
        sightings = sightings.join(counted, "report_id")
    pairs = sightings.select("report_id", "indicator_id").join(linkable, "indicator_id").distinct()
    pairs_path = f"{work}/pairs"
    pairs.write.mode("overwrite").parquet(pairs_path)
    pairs = spark.read.parquet(pairs_path)
    firsts = pairs.groupBy("indicator_id").agg(F.min("report_id").alias("first"))
    edges = (
        pairs.join(firsts, "indicator_id")
        .where(F.col("report_id") != F.col("first"))
        .select(F.col("report_id").alias("a"), F.col("first").alias("b"))
        .distinct()
    )
    try:
        comps, rounds = connected_components(spark, edges, f"{work}/cc")
        linked = pairs.select("report_id").distinct()
        report_min = (
            linked.join(comps.withColumnRenamed("node", "report_id"), "report_id", "left")
            .select("report_id", F.coalesce("root", "report_id").alias("min_report_id"))
            .withColumn("campaign_id", _uuid5_column("campaign", "min_report_id"))
        )
        report_min.select("report_id", "campaign_id", "min_report_id").write.mode(
            "overwrite"
        ).parquet(f"{out}/report_components")
        report_min = spark.read.parquet(f"{out}/report_components")
        ind = (
            pairs.join(report_min, "report_id")
            .groupBy("indicator_id")
            .agg(F.min("campaign_id").alias("campaign_id"))
        )
        ind.write.mode("overwrite").parquet(f"{out}/indicator_components")
        ind = spark.read.parquet(f"{out}/indicator_components")
        per_ind = ind.groupBy("campaign_id").agg(F.count("*").alias("indicators"))
        camps = (
            report_min.groupBy("campaign_id")
            .agg(F.min("min_report_id").alias("min_report_id"), F.count("*").alias("reports"))
            .join(per_ind, "campaign_id", "left")
        )
        camps.write.mode("overwrite").parquet(f"{out}/campaigns")
        counts = (
            spark.read.parquet(f"{out}/campaigns")
            .agg(
                F.count("*").alias("campaigns"),
                F.coalesce(F.sum(F.when(F.col("reports") >= 2, 1)), F.lit(0)).alias("multi"),
                F.coalesce(F.sum("reports"), F.lit(0)).alias("linked_reports"),
                F.max("reports").alias("largest"),
            )
            .collect()[0]
        )
    finally:
        delete_path(spark, work)
    result = {
        "engine": "spark",
        "input": input_path,
        "output": out,
        "verdicts": verdicts,
        "rounds": rounds,
        "components": int(counts["campaigns"]),
        "campaigns": int(counts["multi"]),  # two reports or more, as `crossline stats` counts
        "linked_reports": int(counts["linked_reports"]),
        "largest": int(counts["largest"] or 0),
        "seconds": round(time.perf_counter() - t, 3),
    }
    summary = spark.createDataFrame([(json.dumps(result),)], "summary string")
    summary.coalesce(1).write.mode("overwrite").text(f"{out}/_summary")
    return result
