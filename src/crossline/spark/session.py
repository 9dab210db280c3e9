"""One place that builds the SparkSession for Crossline's jobs.

Local mode (``local[N]``) is for one machine and the tests; under ``spark-submit``
pass ``master=None`` so the cluster manager's settings win. Nothing is downloaded:
the jobs use Spark SQL and DataFrames only (no ``--packages``).
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any


def spark_session(
    master: str | None = "local[*]",
    *,
    memory: str = "2g",
    shuffle_partitions: int | None = None,
    local_dir: Path | None = None,
    app: str = "crossline",
    conf: dict[str, str] | None = None,
) -> Any:
    """A SparkSession set up for the jobs (UTC, microsecond Parquet timestamps, no UI).

    ``memory`` sets the driver's heap, which in local mode is also the executors'; it
    only takes effect when this call starts the JVM. ``local_dir``: where Spark
    spills shuffles (default the system temporary directory).
    """
    from pyspark.sql import SparkSession

    with warnings.catch_warnings():
        # PySpark checks the pandas version when it first loads this module and warns
        # about pandas 3; the jobs use no pandas, so keep the warning out of the output
        warnings.simplefilter("ignore", FutureWarning)
        import pyspark.testing.utils  # noqa: F401

    # executors (local Python workers) must run the interpreter that has crossline
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
        "spark.sql.adaptive.enabled": "true",
        "spark.driver.memory": memory,
        **({"spark.sql.shuffle.partitions": str(shuffle_partitions)} if shuffle_partitions else {}),
        **({"spark.local.dir": str(local_dir)} if local_dir else {}),
        **(conf or {}),
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
