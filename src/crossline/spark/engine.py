"""The calls analytics' :class:`~crossline.calls.engine.SqlEngine` on Apache Spark.

Every table a statement creates is written as Parquet and read back, so each step
is computed once (Spark would otherwise re-run the lineage of a view every time a
later statement reads it) and the outputs are ordinary Parquet datasets that
DuckDB, Polars or another Spark job can read. Scratch tables go to ``_work/`` and
are removed by :meth:`SparkEngine.cleanup`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from crossline.spark.dialect import to_spark


class SparkEngine:
    """Runs the shared SQL on a SparkSession; tables become Parquet under ``out``."""

    name = "spark"

    def __init__(self, spark: Any, out: str) -> None:
        self.spark = spark
        self.out = str(out).rstrip("/")  # a local path or a URI (hdfs://, s3a:// ...)
        self.work = f"{self.out}/_work"

    def path(self, table: str, *, temp: bool = False) -> str:
        """Where ``table`` is (or will be) stored."""
        return f"{self.work if temp else self.out}/{table}"

    def create(self, table: str, select: str, *, temp: bool = False) -> None:
        target = self.path(table, temp=temp)
        self.spark.sql(to_spark(select)).write.mode("overwrite").parquet(target)
        self.spark.read.parquet(target).createOrReplaceTempView(table)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.spark.sql(to_spark(sql)).collect()]

    def columns(self, sql: str) -> dict[str, np.ndarray]:
        table = self.spark.sql(to_spark(sql)).toArrow()
        return {
            name: np.asarray(table.column(name).to_numpy(zero_copy_only=False))
            for name in table.column_names
        }

    def register(self, table: str, data: pa.Table) -> None:
        from pyspark.sql.pandas.types import from_arrow_schema

        schema = from_arrow_schema(data.schema)
        rows = [tuple(r.values()) for r in data.to_pylist()]
        self.spark.createDataFrame(rows, schema=schema).createOrReplaceTempView(table)

    def cleanup(self) -> None:
        """Remove the scratch tables."""
        delete_path(self.spark, self.work)


def delete_path(spark: Any, uri: str) -> None:
    """Delete a file or directory through Hadoop's FileSystem (local, HDFS, S3 alike)."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).delete(path, True)
