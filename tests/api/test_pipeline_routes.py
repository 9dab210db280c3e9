"""Routes that run the import pipeline: creating reports, uploading files, lookups that
normalize. They need the indicator extractor and the format readers."""

from __future__ import annotations

import pytest

from support.api_env import Env

REPORT = {
    "source": "hotline",
    "source_ref": "HL-2024-0001",
    "jurisdiction": "IN",
    "channel": "call",
    "incident_at": "2024-03-08T10:30:00+05:30",
    "text": "Caller demanded payment to fraudster@okaxis for a parcel held by customs",
    "amount_lost": "25000.00",
    "currency": "INR",
    "victim_location": {"country": "IN", "state": "Delhi"},
    "victim": {"name": "Meera Test", "phone": "+919810000001"},
}


def test_create_report_links_it_and_is_idempotent(fresh_env: Env) -> None:
    r = fresh_env.client.post("/api/v1/reports", json=REPORT, headers=fresh_env.as_("analyst"))
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["rows_read"], body["stored"], body["duplicates"]) == (1, 1, 0)
    assert body["reconciles"] is True
    rid = body["report_ids"][0]
    report = fresh_env.get("analyst", f"/api/v1/reports/{rid}").json()
    assert report["campaign_id"] == fresh_env.ids["cross_border"]  # tied by the UPI handle
    assert report["victim_pii"]["name"] == "Meera Test"  # the creating organisation owns it
    assert report["incident_at"].startswith("2024-03-08T05:00:00")  # stored in UTC
    partner = fresh_env.get("other_analyst", f"/api/v1/reports/{rid}").json()
    assert "victim_pii" not in partner
    again = fresh_env.client.post("/api/v1/reports", json=REPORT, headers=fresh_env.as_("analyst"))
    assert (again.json()["stored"], again.json()["duplicates"]) == (0, 1)


def test_bulk_reconciles(fresh_env: Env) -> None:
    reports = [{**REPORT, "source_ref": f"HL-{i}", "victim": {}} for i in range(30)]
    reports.append(reports[0])
    r = fresh_env.client.post(
        "/api/v1/reports/bulk", json={"reports": reports}, headers=fresh_env.as_("analyst")
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["rows_read"] == 31 and body["stored"] == 30 and body["duplicates"] == 1


def test_upload_runs_in_the_background_and_reconciles(fresh_env: Env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    sample = Path(__file__).parent / "data"
    files = sorted(sample.glob("upload.*"))
    if not files:
        pytest.skip("no upload sample for this build's readers")
    path = files[0]
    with path.open("rb") as fh:
        r = fresh_env.client.post(
            "/api/v1/imports", files={"file": (path.name, fh)}, headers=fresh_env.as_("analyst")
        )
    assert r.status_code == 202, r.text
    job = fresh_env.node.jobs.wait(r.json()["id"])
    assert job["status"] == "done", job
    s = job["summary"]
    assert s["rows_read"] == s["stored"] + s["duplicates"] + s["quarantined"]
    listed = fresh_env.get("viewer", "/api/v1/imports").json()
    assert listed[0]["id"] == job["id"]


def test_upload_of_an_unknown_format_fails_at_once(fresh_env: Env) -> None:
    r = fresh_env.client.post(
        "/api/v1/imports",
        files={"file": ("notes.txt", b"\x00\x01\x02 not a known export\n")},
        headers=fresh_env.as_("analyst"),
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] in {"unknown_format", "unreadable_file"}


def test_lookup_normalizes_what_is_typed(env: Env) -> None:
    r = env.get(
        "viewer", "/api/v1/indicators/lookup", params={"q": "202-555-0143", "region": "US"}
    ).json()
    assert {"kind": "phone", "value": "+12025550143"} in r["normalized"]
    assert "+12025550143" in {i["value"] for i in r["indicators"]}
