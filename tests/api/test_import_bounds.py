"""Upload limits (413 naming the limit) and a node that answers /healthz during imports."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace

import pytest

pytest.importorskip("crossline.ingest.formats")

from api_env import Env, build_env  # noqa: E402

from crossline.config import Settings  # noqa: E402
from crossline.domain import report_id  # noqa: E402

LIMIT = 200_000


@pytest.fixture
def small_env(settings: Settings) -> Iterator[Env]:
    # A short text bound, so big narratives cost little; a small upload limit.
    yield from build_env(replace(settings, max_text_bytes=2048), max_upload_bytes=LIMIT)


def _ncrp(rows: int, narrative_bytes: int) -> bytes:
    lines = ["acknowledgement_no,suspect_mobile,description"]
    filler = ("call 9876543210 now " * (narrative_bytes // 20 + 1))[:narrative_bytes]
    lines += [f"{700000 + i},98765{i:05d},{filler}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_an_upload_over_the_limit_is_refused_with_the_limit(small_env: Env) -> None:
    body = _ncrp(20, 20_000)
    assert len(body) > LIMIT
    r = small_env.client.post(
        "/api/v1/imports",
        files={"file": ("big.csv", io.BytesIO(body))},
        headers=small_env.as_("analyst"),
    )
    assert r.status_code == 413, r.text
    assert f"{LIMIT:,} bytes" in r.text


def test_healthz_answers_while_an_import_runs(small_env: Env) -> None:
    body = _ncrp(1_500, 100)
    assert len(body) < LIMIT
    r = small_env.client.post(
        "/api/v1/imports",
        files={"file": ("many.csv", io.BytesIO(body))},
        headers=small_env.as_("analyst"),
    )
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    during: list[int] = []
    while small_env.node.jobs.get(job_id)["status"] in ("queued", "running"):
        during.append(small_env.client.get("/healthz").status_code)
    job = small_env.node.jobs.wait(job_id)
    assert job["status"] == "done", job
    assert job["summary"]["stored"] == 1_500
    assert during and set(during) == {200}


def test_report_history_over_the_api(small_env: Env) -> None:
    header = "acknowledgement_no,suspect_mobile,suspect_upi_id\n"
    for body in (header + "880001,9876500001,old@ybl\n", header + "880001,9876500001,new@ybl\n"):
        r = small_env.client.post(
            "/api/v1/imports",
            files={"file": ("c.csv", io.BytesIO(body.encode()))},
            headers=small_env.as_("analyst"),
        )
        assert small_env.node.jobs.wait(r.json()["id"])["status"] == "done"
    rid = report_id("ncrp", "880001")
    history = small_env.get("analyst", f"/api/v1/reports/{rid}/history").json()
    assert history["version"] == 2
    assert history["versions"][1]["changes"]["values_removed"] == ["upi:old@ybl"]
    page = small_env.client.get(f"/reports/{rid}", headers=small_env.as_("analyst"))
    assert page.status_code == 200
    assert "Versions (2)" in page.text and "upi:old@ybl</span> (unlinked)" in page.text
    missing = small_env.client.get(
        "/api/v1/reports/00000000-0000-5000-8000-000000000000/history",
        headers=small_env.as_("analyst"),
    )
    assert missing.status_code == 404
