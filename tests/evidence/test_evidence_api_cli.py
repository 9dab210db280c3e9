"""The API and the CLI faces: permissions, audited downloads, packages, --json, exit codes."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crossline.api.app import create_app
from crossline.cli import cli
from crossline.config import Settings
from crossline.evidence.items import custody_of
from crossline.evidence.package import verify_package
from crossline.share.identity import load_identity

PASSWORD = "correct horse battery staple"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """SQLite only: the store layer runs on both backends in the other modules."""
    return Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path / 'api.db'}")


@pytest.fixture
def api(settings: Settings) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    app = create_app(settings, audit_background=False)
    acc = app.state.node.accounts
    home = acc.create_org("Home agency", country="US")["id"]
    abroad = acc.create_org("Partner agency", country="IN")["id"]
    headers = {}
    for name, org, role, scopes in (
        ("analyst", home, "analyst", ["evidence"]),
        ("viewer", home, "viewer", ["evidence"]),
        ("reader", home, "analyst", ["read"]),
        ("partner", abroad, "partner", ["share"]),
    ):
        user = acc.create_user(org, name, PASSWORD, role)
        token, _ = acc.create_token(
            creator=None, user_id=user["id"], org_id=org, name=name, role=role, scopes=scopes
        )
        headers[name] = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        yield client, headers


def _add(client: TestClient, h: dict[str, str], exhibit: str = "EX-1") -> Any:
    return client.post(
        "/api/v1/evidence",
        headers=h,
        data={"case": "OP-1", "exhibit": exhibit, "description": "screenshot of the fake site",
              "acquired_by": "Det. Alvarez", "method": "browser capture"},
        files={"file": ("shot.png", b"\x89PNG fake image bytes", "image/png")},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("who", "method", "path", "status"),
    [
        ("viewer", "GET", "/api/v1/evidence", 200),
        ("viewer", "POST", "/api/v1/evidence/verify", 403),
        ("reader", "GET", "/api/v1/evidence", 403),
        ("partner", "GET", "/api/v1/evidence", 403),
        ("partner", "GET", "/api/v1/legal-requests", 403),
        ("viewer", "GET", "/api/v1/legal-requests?overdue=true", 200),
    ],
    ids=[
        "viewer-reads",
        "viewer-cannot-write",
        "no-evidence-scope",
        "partner-items",
        "partner-requests",
        "viewer-requests",
    ],  # fmt: skip
)
def test_permissions(api: Any, who: str, method: str, path: str, status: int) -> None:
    client, h = api
    assert client.request(method, path, headers=h[who]).status_code == status


def test_add_download_is_logged_and_export_verifies(api: Any, settings: Settings) -> None:
    client, h = api
    r = _add(client, h["analyst"])
    assert r.status_code == 201, r.text
    item = r.json()
    assert _add(client, h["viewer"], "EX-2").status_code == 403
    r = client.get(f"/api/v1/evidence/{item['id']}/content", headers=h["viewer"])
    assert r.status_code == 200 and r.content == b"\x89PNG fake image bytes"
    assert r.headers["digest"] == f"sha-256={item['sha256']}"
    node = client.app.state.node  # type: ignore[attr-defined]
    chain = custody_of(node.store, "OP-1")
    assert [(e["action"], e["actor"].split(" ")[0]) for e in chain] == [
        ("acquire", "token:analyst"),
        ("access", "token:viewer"),
    ]
    node.audit.flush()
    from crossline.store.audit_log import list_entries

    downloads = list_entries(node.store, action="download", limit=50)
    assert downloads and downloads[0]["target_id"] == item["id"]

    r = client.post("/api/v1/evidence/cases/OP-1/export", headers=h["analyst"])
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert "case.jsonld" in zf.namelist()
    r = client.post(
        "/api/v1/evidence/packages/verify",
        headers=h["viewer"],
        data={"key": load_identity(settings).public_key},
        files={"file": ("OP-1.zip", r.content, "application/zip")},
    )
    assert r.status_code == 200 and r.json()["ok"], r.text
    assert client.post("/api/v1/evidence/verify", headers=h["analyst"]).json()["ok"]


@pytest.fixture
def run(tmp_path: Path) -> Any:
    runner = CliRunner()
    home = tmp_path / "clihome"

    def invoke(*args: str) -> Any:
        return runner.invoke(cli, ["--home", str(home), *args])

    invoke.home = home  # type: ignore[attr-defined]
    return invoke


def test_cli_add_export_verify_and_tamper(run: Any, files: dict[str, Path], tmp_path: Path) -> None:
    r = run("evidence", "add", str(files["statement"]), "--case", "OP-2", "--exhibit", "E1",
            "--description", "bank statement", "--source", "First Bank", "--json")  # fmt: skip
    assert r.exit_code == 0, r.output
    item = json.loads(r.output)
    listed = json.loads(run("evidence", "list", "--json").output)
    assert [i["id"] for i in listed] == [item["id"]]
    key = json.loads(run("evidence", "key", "--json").output)["public_key"]
    out = tmp_path / "OP-2.zip"
    r = run("evidence", "export", "OP-2", "--out", str(out), "--json")
    assert r.exit_code == 0, r.output
    r = run("evidence", "verify", str(out), "--key", key)
    assert r.exit_code == 0 and "OK" in r.output
    assert verify_package(out, key)["ok"]

    stored = run.home / "evidence" / "sha256" / item["sha256"][:2] / item["sha256"][2:]
    stored.chmod(0o640)
    stored.write_bytes(stored.read_bytes().replace(b"1200.00", b"9200.00"))
    r = run("evidence", "verify", "--json")
    assert r.exit_code == 1
    [problem] = json.loads(r.output)["problems"]
    assert problem["where"] == "case OP-2 exhibit E1 (statement.csv)"
    r = run("evidence", "verify")
    assert r.exit_code == 1 and "FAILED" in r.output and "statement.csv" in r.output


def test_cli_requests_lifecycle_and_overdue(run: Any) -> None:
    r = run("requests", "create", "--type", "preservation", "--partner", "in-cbi",
            "--facts", "Preserve call records of +919876543210", "--due", "2020-01-31",
            "--legal-basis", "Budapest Convention art. 29", "--json")  # fmt: skip
    assert r.exit_code == 0, r.output
    rid = json.loads(r.output)["id"]
    r = run("requests", "list", "--overdue")
    assert r.exit_code == 0 and "OVERDUE" in r.output and rid[:8] in r.output
    r = run("requests", "status", rid[:8], "answered", "--json")
    assert r.exit_code == 2
    assert json.loads(r.output)["error"]["to_status"] == "answered"
    r = run("requests", "status", rid[:8], "withdrawn", "--note", "superseded", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["status"] == "withdrawn"
    assert json.loads(run("requests", "list", "--overdue", "--json").output) == []
    r = run("requests", "send", rid[:8])
    assert r.exit_code == 2 and "from 'withdrawn' to 'sent'" in r.output


def test_web_pages_list_evidence_and_make_overdue_requests_stand_out(api: Any) -> None:
    client, h = api
    assert _add(client, h["analyst"]).status_code == 201
    node = client.app.state.node  # type: ignore[attr-defined]
    from datetime import date

    from crossline.evidence.requests import RequestDraft, create_request

    draft = RequestDraft(
        request_type="freeze", partner="in-cbi", facts="Freeze it.", due=date(2020, 1, 1)
    )
    late = create_request(node.store, draft, actor="a")
    r = client.post(
        "/login",
        data={"username": "viewer", "password": PASSWORD, "next": "/requests"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = client.get("/requests", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "1 OVERDUE" in page.text and f"/requests/{late['id']}" in page.text
    assert 'class="overdue"' in page.text
    detail = client.get(f"/requests/{late['id']}", headers={"Accept": "text/html"})
    assert "OVERDUE" in detail.text and "Freeze it." in detail.text
    listing = client.get("/evidence?case=OP-1", headers={"Accept": "text/html"})
    assert "screenshot of the fake site" in listing.text and "acquire" in listing.text
    assert 'href="/evidence"' in client.get("/", headers={"Accept": "text/html"}).text
