"""``crossline match|alerts|webhooks`` through click's runner; the match itself runs over
real HTTP against a partner node served by uvicorn on a loopback port."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner
from share_match_env import add_partner, ingest, other_identity, report
from share_match_nodes import AGREEMENT, Bridge, cheap_passwords, make_node

from crossline.cli import cli
from crossline.config import Settings
from crossline.share.agreements import save_agreement
from crossline.share.identity import load_identity
from crossline.share.partners import register_partner
from crossline.store import open_store

SHARED = ("upi", "taskpay4471@ybl")


@pytest.fixture
def home(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "us", database_url=f"sqlite:///{tmp_path / 'us.db'}")


@pytest.fixture
def run(home: Settings):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True) -> str:
        result = runner.invoke(cli, ["--home", str(home.home), "--db", home.database_url, *args])
        assert (result.exit_code == 0) == ok, result.output + repr(result.exception)
        return result.output

    return invoke


@pytest.fixture
def india_served(tmp_path: Path, monkeypatch) -> Iterator[tuple[object, int]]:  # type: ignore[no-untyped-def]
    cheap_passwords(monkeypatch)
    india = make_node(tmp_path, "in-i4c", "IN", Bridge())
    ingest(
        india.store,
        india.settings,
        report("in-1", SHARED, ("phone", "+919876543210"), country="IN"),
    )
    server = uvicorn.Server(uvicorn.Config(india.app, host="127.0.0.1", port=0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield india, port
    server.should_exit = True
    thread.join(timeout=10)


def test_match_run_over_loopback_then_list_and_request(  # type: ignore[no-untyped-def]
    run, home: Settings, india_served, monkeypatch
) -> None:
    india, port = india_served
    monkeypatch.setenv("CROSSLINE_EGRESS_ALLOW", f"127.0.0.1:{port}")  # the partner's port only
    us_store = open_store(home)
    ingest(us_store, home, report("us-1", SHARED, ("phone", "+14155550100")))
    register_partner(
        us_store, name="in-i4c", country="IN", public_key=load_identity(india.settings).public_key,
        base_url=f"http://127.0.0.1:{port}", credential=india.tokens["for-partner"],
    )  # fmt: skip
    save_agreement(us_store, {"partner": "in-i4c", **AGREEMENT})
    register_partner(
        india.store, name="us-ftc", country="US", public_key=load_identity(home).public_key,
        org_id=india.partner_org,
    )  # fmt: skip
    save_agreement(india.store, {"partner": "us-ftc", **AGREEMENT})
    us_store.close()
    for mode in ("psi", "hmac"):
        out = json.loads(run("match", "run", "--partner", "in-i4c", "--mode", mode, "--json"))
        assert (out["matches"], out["local_values"]) == (1, 2)
    rows = json.loads(run("match", "list", "--json"))
    assert sorted((r["mode"], r["value"]) for r in rows) == [
        ("hmac", SHARED[1]),
        ("psi", SHARED[1]),
    ]
    assert "taskpay4471@ybl" in run("match", "list")
    sent = json.loads(run("match", "request", rows[0]["id"][:8], "--note", "please", "--json"))
    assert sent["status"] == "sent"
    queries = json.loads(run("match", "queries", "--json"))
    assert {q["endpoint"] for q in queries} >= {"psi", "digests", "refs"}


def test_match_run_unreachable_partner_is_a_clear_error(run, home: Settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CROSSLINE_EGRESS_ALLOW", "127.0.0.1:9")
    store = open_store(home)
    them = other_identity()
    register_partner(store, name=them.name, country="IN", public_key=them.public_key,
                     base_url="http://127.0.0.1:9", credential="x")  # fmt: skip
    save_agreement(store, {"partner": them.name, **AGREEMENT})
    store.close()
    out = json.loads(run("match", "run", "--partner", them.name, "--json", ok=False))
    assert out["error"]["code"] == "transport"


def test_alerts_webhooks_budget_commands(run, home: Settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CROSSLINE_EGRESS_ALLOW", "siem.example")  # no DNS in tests
    store = open_store(home)
    add_partner(store, other_identity())
    ingest(store, home, report("a", SHARED, source="partner:in-i4c"), report("b", SHARED))
    store.close()
    [alert] = json.loads(run("alerts", "list", "--json"))
    assert alert["kind"] == "partner_shared" and alert["value"] == SHARED[1]
    assert "partner_shared" in run("alerts", "list")
    acked = json.loads(run("alerts", "ack", alert["id"][:10], "--json"))
    assert acked["acked_by"] == "cli"
    assert json.loads(run("alerts", "list", "--unacked", "--json")) == []
    run("webhooks", "add", "siem", "https://siem.example/hook")
    refused = json.loads(
        run("webhooks", "add", "own-api", "http://127.0.0.1:8470/api/v1/users", "--json", ok=False)
    )
    assert refused["error"]["code"] == "egress_refused"
    assert "loopback" in refused["error"]["message"]
    assert [w["name"] for w in json.loads(run("webhooks", "list", "--json"))] == ["siem"]
    out = json.loads(run("match", "budget", "--partner", "in-i4c", "--per-request", "50", "--json"))
    assert (out["per_request"], out["per_day"]) == (50, 100_000)
    bad = json.loads(
        run("match", "budget", "--partner", "in-i4c", "--per-day", "10", "--json", ok=False)
    )
    assert bad["error"]["code"] == "invalid"
    assert json.loads(run("match", "rotate-key", "--partner", "in-i4c", "--json"))["epoch"] == 2
