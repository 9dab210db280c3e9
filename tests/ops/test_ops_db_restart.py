"""The database restarted (and down for a while) under an import and API load: clear
errors while it is away — StoreUnavailableError, HTTP 503 in the error shape — and
recovery with no manual step: the import's failed batch is retried, the API answers
again on the next request."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from faultkit import state, write_complaints
from ops_env import build_node
from pgcluster import PrivateCluster, find_bin
from sqlalchemy import text

from crossline.config import Settings
from crossline.errors import StoreUnavailableError
from crossline.services.imports import importer_for

ROWS = 1_500
BATCH = 100


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    bindir = find_bin()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (initdb) on this machine")
    c = PrivateCluster(bindir)
    try:
        c.init()
        c.start()
    except Exception as exc:  # noqa: BLE001 - a machine that cannot run one skips, says why
        c.remove()
        pytest.skip(f"cannot start a private PostgreSQL cluster: {exc}")
    yield c
    c.remove()


@pytest.mark.slow
@pytest.mark.postgres
def test_restart_under_import_and_api_load(cluster: PrivateCluster, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", database_url=cluster.url)
    source = write_complaints(tmp_path / "complaints.csv", ROWS)
    gen = build_node(settings)
    node = next(gen)
    try:
        store = node.app.state.node.store
        outcome: dict[str, Any] = {}

        def do_import() -> None:
            try:
                importer = importer_for(store, settings, batch_size=BATCH, classify=False)
                outcome["summary"] = importer.import_file(source, "sentinel_csv")
            except Exception as exc:  # noqa: BLE001 - reported by the assertions below
                outcome["error"] = exc

        worker = threading.Thread(target=do_import)
        worker.start()
        deadline = time.monotonic() + 120
        while state(store)["reports"] < 2 * BATCH:
            assert worker.is_alive() and time.monotonic() < deadline
            time.sleep(0.05)

        cluster.stop()  # down: every caller gets a clear error
        with (
            pytest.raises(StoreUnavailableError, match="database is unavailable"),
            store.read() as conn,
        ):
            conn.execute(text("SELECT 1"))
        r = node.client.get("/api/v1/stats", headers=node.bearer("reader"))
        assert r.status_code == 503, r.text
        assert r.json()["error"]["code"] == "store_unavailable"
        assert r.headers["retry-after"]
        r = node.client.get("/readyz")
        assert r.status_code == 503 and "database" in r.json()["error"]["message"]
        time.sleep(1.5)  # the import is now waiting to retry its batch
        assert worker.is_alive(), outcome

        cluster.start()  # back: no manual step
        r = node.client.get("/api/v1/stats", headers=node.bearer("reader"))
        assert r.status_code == 200, r.text
        cluster.restart()  # and a restart while the import runs on
        statuses = set()
        while worker.is_alive() and time.monotonic() < deadline:
            statuses.add(
                node.client.get("/api/v1/stats", headers=node.bearer("reader")).status_code
            )
            time.sleep(0.02)
        worker.join(timeout=60)
        assert "error" not in outcome, outcome.get("error")
        summary = outcome["summary"]
        assert summary.reconciles and summary.rows_read == ROWS
        assert statuses <= {200, 503}, statuses
        assert node.client.get("/readyz").status_code == 200
        # Every row once: a batch whose commit went through just before the connection
        # dropped is found on retry and counted as duplicates, never stored twice.
        final = state(store)
        assert final["reports"] == summary.rows_read - summary.quarantined
        assert sum(n for n, _ in final["campaigns"].values()) <= final["reports"]
    finally:
        for _ in gen:
            pass
