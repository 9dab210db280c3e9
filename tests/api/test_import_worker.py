"""Uploads run in a worker process: its outcome reaches the job's row, and a worker
that dies without recording one leaves a failed job (with the reason), never a job
``running`` forever; the node goes on importing the next upload."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from crossline.config import Settings
from crossline.node.job_worker import run_in_worker
from support import worker_faults
from support.api_env import Env, build_env

CSV = b"acknowledgement_no,suspect_mobile,suspect_upi_id\n880101,9876500101,help.desk@ybl\n"


@pytest.fixture
def env(settings: Settings) -> Iterator[Env]:
    yield from build_env(settings)


def _upload(env: Env, body: bytes) -> str:
    r = env.client.post(
        "/api/v1/imports",
        files={"file": ("c.csv", io.BytesIO(body))},
        headers=env.as_("analyst"),
    )
    assert r.status_code == 202, r.text
    return str(r.json()["id"])


def test_a_worker_that_dies_leaves_a_failed_job_and_the_next_upload_imports(env: Env) -> None:
    jobs = env.node.jobs
    jobs.launch = lambda _runner, settings, job_id: run_in_worker(
        worker_faults.dies_while_running, settings, job_id
    )
    failed = jobs.wait(_upload(env, CSV), timeout=120)
    assert failed["status"] == "failed", failed
    assert failed["error"]["code"] == "worker_stopped"
    assert "exit code 9" in failed["error"]["message"]
    assert failed["finished_at"] is not None

    jobs.launch = run_in_worker
    done = jobs.wait(_upload(env, CSV), timeout=120)
    assert done["status"] == "done", done
    assert (done["summary"]["rows_read"], done["summary"]["stored"]) == (1, 1)
    found = env.get("analyst", "/api/v1/indicators/lookup", params={"q": "help.desk@ybl"})
    assert found.status_code == 200, found.text
    assert [i["value"] for i in found.json()["indicators"]] == ["help.desk@ybl"], found.text
