"""Connected components of a large graph with Spark DataFrames (large-star / small-star).

Kiveris et al., "Connected Components in MapReduce and Beyond" (SoCC 2014). Each
round applies two local rewrites to the edge list:

- **large-star**: every node ``u`` links each larger neighbour to the smallest node
  of its neighbourhood (itself included);
- **small-star**: every node ``u`` links each smaller-or-equal neighbour, and itself,
  to the smallest of them.

Both keep the components and shrink them towards stars; the loop stops when the
edges form stars (each node points at one centre, no centre points anywhere), which
takes O(log^2 n) rounds. The centre is the smallest node of its component, which is
what Crossline's campaign ids are made of. Each round's edges are written to
Parquet and read back, so lineage stays short and a failed round is recomputed
from the previous one.
"""

from __future__ import annotations

from typing import Any

from crossline.errors import StoreError
from crossline.spark.engine import delete_path

MAX_ROUNDS = 200


def _large_star(edges: Any) -> Any:
    from pyspark.sql import functions as F

    both = edges.select(F.col("a").alias("u"), F.col("b").alias("v")).union(
        edges.select(F.col("b").alias("u"), F.col("a").alias("v"))
    )
    mins = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
    return (
        both.join(mins, "u")
        .where(F.col("v") > F.col("u"))
        .select(F.col("v").alias("a"), F.col("m").alias("b"))
        .distinct()
    )


def _small_star(edges: Any) -> Any:
    from pyspark.sql import functions as F

    oriented = edges.select(
        F.greatest("a", "b").alias("u"), F.least("a", "b").alias("v")
    ).distinct()
    mins = oriented.groupBy("u").agg(F.min("v").alias("m"))
    moved = (
        oriented.join(mins, "u")
        .where(F.col("v") != F.col("m"))
        .select(F.col("v").alias("a"), F.col("m").alias("b"))
    )
    return moved.union(mins.select(F.col("u").alias("a"), F.col("m").alias("b"))).distinct()


def _is_star_forest(edges: Any) -> bool:
    """Each node points at exactly one centre and no centre points anywhere."""
    from pyspark.sql import functions as F

    if edges.where(F.col("a") <= F.col("b")).limit(1).count():
        return False
    if edges.groupBy("a").count().where(F.col("count") > 1).limit(1).count():
        return False
    centres = edges.select(F.col("b").alias("a")).distinct()
    return not edges.join(centres, "a", "left_semi").limit(1).count()


def connected_components(spark: Any, edges: Any, work: str) -> tuple[Any, int]:
    """Component of every node that has an edge: a DataFrame (``node``, ``root``).

    ``edges``: DataFrame with columns ``a`` and ``b`` (undirected; self-loops are
    ignored) of any orderable type; ``root`` is the smallest node of the component.
    ``work``: a directory or URI for the rounds' edge lists (removed at the end).
    Returns the components and the number of rounds.
    """
    from pyspark.sql import functions as F

    current = edges.where(F.col("a") != F.col("b")).select("a", "b")
    rounds = 0
    try:
        while True:
            rounds += 1
            if rounds > MAX_ROUNDS:
                raise StoreError(f"connected components did not converge in {MAX_ROUNDS} rounds")
            path = f"{work}/round-{rounds:04d}"
            _small_star(_large_star(current)).write.mode("overwrite").parquet(path)
            current = spark.read.parquet(path)
            if rounds > 1:
                delete_path(spark, f"{work}/round-{rounds - 1:04d}")
            if _is_star_forest(current):
                break
        result = current.select(F.col("a").alias("node"), F.col("b").alias("root"))
        roots = current.select(F.col("b").alias("node"), F.col("b").alias("root")).distinct()
        final = f"{work}/components"
        result.union(roots).write.mode("overwrite").parquet(final)
        delete_path(spark, f"{work}/round-{rounds:04d}")
        return spark.read.parquet(final), rounds
    except Exception:
        delete_path(spark, work)
        raise
