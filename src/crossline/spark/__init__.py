"""Apache Spark jobs: call-record analytics and bulk campaign linking at national scale.

The same analytics as the single-machine path (:mod:`crossline.calls`, DuckDB) and
the same campaign rule as the store (:mod:`crossline.link`), run by PySpark over
Parquet inputs and writing Parquet outputs. See ``docs/spark.md``.
"""
