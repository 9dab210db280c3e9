"""Fault tests: the node killed mid-import, the disk filling up during an import.

Each compares the store after the fault (and a re-run) with a clean run of the
same file: same reports, sightings, indicator tallies and campaign membership —
nothing lost, nothing twice.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import time
from pathlib import Path

import pytest

from crossline.config import Settings
from crossline.store import Store, open_store
from support import testdb
from support.faultkit import committed_rows, env, ingest_cmd, run_ingest, state, write_complaints

ROWS = 2_000
BATCH = 200


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_complaints(tmp_path_factory.mktemp("faults") / "complaints.csv", ROWS)


def clean_url(settings: Settings, tmp_path: Path) -> str:
    if settings.database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'clean.db'}"
    return testdb.fresh_postgres_url()


@pytest.mark.slow
def test_kill_9_mid_import_then_rerun_equals_a_clean_run(
    settings: Settings, tmp_path: Path, big_file: Path
) -> None:
    url = settings.database_url
    open_store(settings).close()  # schema in place before the watcher polls
    proc = subprocess.Popen(
        ingest_cmd(settings.home, url, big_file, BATCH),
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    store = Store(url)
    try:
        deadline = time.monotonic() + 240
        while committed_rows(store) < 2 * BATCH:
            assert proc.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline, "no batch committed in time"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        partial = state(store)
        assert 0 < partial["reports"] < ROWS, "the kill did not land mid-import"

        rerun = run_ingest(settings.home, url, big_file, BATCH)
        assert rerun.returncode == 0, rerun.stderr
        summary = json.loads(rerun.stdout)
        assert summary["reconciles"]
        assert summary["duplicates"] >= partial["reports"]  # committed rows not stored again
        resumed = state(store)
    finally:
        store.close()

    clean_db = clean_url(settings, tmp_path)
    clean = run_ingest(tmp_path / "clean-home", clean_db, big_file, BATCH)
    assert clean.returncode == 0, clean.stderr
    reference = Store(clean_db)
    try:
        expected = state(reference)
    finally:
        reference.close()
        testdb.release(clean_db)
    assert resumed["reports"] == expected["reports"] == json.loads(clean.stdout)["stored"]
    assert resumed["sightings"] == expected["sightings"]
    assert resumed["indicators"] == expected["indicators"]
    assert resumed["campaigns"] == expected["campaigns"]
    assert resumed["membership"] == expected["membership"]
    assert len(expected["membership"]) > 10  # the file does make campaigns


def _limit_file_size(limit: int):  # type: ignore[no-untyped-def]
    def apply() -> None:
        # The kernel refuses writes past the limit (EFBIG) instead of killing the process.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.slow
def test_disk_full_mid_import_gives_a_clear_error_and_a_consistent_store(
    tmp_path: Path, big_file: Path
) -> None:
    """SQLite: the node's own process writes the database, so a file-size limit on it is a
    full disk as far as SQLite can tell. (PostgreSQL's files are the server's to write.)"""
    home = tmp_path / "home"
    url = f"sqlite:///{tmp_path / 'full.db'}"
    store = Store(url)
    store.migrate()
    db = tmp_path / "full.db"
    limit = db.stat().st_size + 2_500_000
    failed = run_ingest(home, url, big_file, BATCH, preexec=_limit_file_size(limit))
    assert failed.returncode == 2, failed.stdout + failed.stderr
    err = json.loads(failed.stdout)["error"]
    assert err["code"] == "storage_full", err
    assert "disk is full or a file size limit" in err["message"]
    try:
        kept = state(store)
        # Every committed batch is whole: reports of the import = what its batches recorded.
        assert 0 < kept["reports"] < ROWS
        assert kept["reports"] == committed_rows(store)
        assert kept["reports"] % BATCH == 0 or kept["reports"] == committed_rows(store)
        # Space freed: the re-run completes and stores only what was missing.
        again = run_ingest(home, url, big_file, BATCH)
        assert again.returncode == 0, again.stderr
        summary = json.loads(again.stdout)
        assert summary["reconciles"] and summary["duplicates"] >= kept["reports"]
        done = state(store)
    finally:
        store.close()
    assert done["reports"] == summary["stored"] + kept["reports"]
    with Store(url).read() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert os.path.getsize(db) > limit  # it did grow past the limit once allowed
