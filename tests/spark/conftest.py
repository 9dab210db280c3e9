"""One local SparkSession for the whole test session (the JVM takes seconds to start)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crossline.config import Settings
from crossline.demo_data import DEMO_DIR
from crossline.services.imports import import_paths
from crossline.store import open_store

# a small slice of the bundled data: real transcripts and one day of Do-Not-Call
# complaints (long chains of reports sharing a number), the synthetic sets that link
# to them, with warning-list values in them
LINK_FILES = [
    DEMO_DIR / "ftc-robocall-transcripts" / "metadata.csv",
    DEMO_DIR / "ftc-dnc-reported-numbers" / "2021-04-18.json",
    DEMO_DIR / "synthetic" / "sentinel_reports.csv",
    DEMO_DIR / "synthetic" / "ncrp_complaints.csv",
]


@pytest.fixture(scope="session")
def link_files() -> list[Path]:
    return list(LINK_FILES)


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs a Java runtime (java not on PATH, JAVA_HOME unset)")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from crossline.spark.session import spark_session

    session = spark_session(
        "local[2]",
        memory="1g",
        shuffle_partitions=2,
        local_dir=tmp_path_factory.mktemp("spark-local"),
        conf={"spark.sql.adaptive.coalescePartitions.enabled": "true"},
    )
    yield session
    session.stop()


@pytest.fixture(scope="session")
def link_node(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A node on SQLite holding LINK_FILES, linked by the store as imports go."""
    home = tmp_path_factory.mktemp("link-node")
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'crossline.db'}")
    import_paths(settings, LINK_FILES)
    return settings


@pytest.fixture(scope="session")
def link_output(
    spark: Any, link_node: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any]]:
    """The link graph of ``link_node`` exported and linked by the Spark job."""
    from crossline.spark.export import export_link_graph
    from crossline.spark.link import run_link

    base = tmp_path_factory.mktemp("link-job")
    store = open_store(link_node)
    try:
        export_link_graph(store, base / "in")
    finally:
        store.close()
    result = run_link(spark, str(base / "in"), str(base / "out"))
    return base / "out", result
