"""/healthz, /readyz and /metrics: answers, protection, and failure reasons."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from crossline.ops import health


def test_healthz_needs_no_auth_and_says_ok(ops_node: Any) -> None:
    r = ops_node.client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_readyz_ready_on_a_migrated_store(ops_node: Any) -> None:
    r = ops_node.client.get("/readyz")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "schema", "workers"}
    assert body["checks"]["schema"]["detail"] == f"at {health.head_revision()}"


def test_readyz_503_when_schema_is_behind(ops_node: Any) -> None:
    store = ops_node.app.state.node.store
    with store.transaction() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        r = ops_node.client.get("/readyz")
        assert r.status_code == 503
        err = r.json()["error"]
        assert err["code"] == "not_ready"
        assert "schema at 0001" in err["message"] and "run migrations" in err["message"]
        assert err["checks"]["database"]["ok"] is True
    finally:
        with store.transaction() as conn:
            conn.execute(
                text("UPDATE alembic_version SET version_num = :v"), {"v": health.head_revision()}
            )


def test_readyz_503_when_import_worker_stopped(ops_node: Any) -> None:
    ops_node.app.state.node.jobs.pool.shutdown(wait=True)
    r = ops_node.client.get("/readyz")
    assert r.status_code == 503
    assert "import_worker" in r.json()["error"]["message"]


def test_readiness_reports_unreachable_database(tmp_path: Any) -> None:
    from crossline.store import Store

    store = Store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    result = health.readiness(store, {"import_worker": True})
    assert not result.ready
    assert result.checks["database"]["ok"] is False
    assert "unavailable" in result.checks["database"]["detail"]
    assert result.checks["schema"]["detail"].startswith("not checked")


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("reader", 403), ("metrics", 200)],
    ids=["anonymous", "read-scope", "metrics-scope"],
)
def test_metrics_protected_by_scope(ops_node: Any, who: str | None, status: int) -> None:
    headers = ops_node.bearer(who) if who else {}
    r = ops_node.client.get("/metrics", headers=headers)
    assert r.status_code == status, r.text
    if status == 200:
        assert r.headers["content-type"].startswith("text/plain")
        assert "crossline_http_request_duration_seconds" in r.text
    else:
        assert set(r.json()) == {"error"}


def test_metrics_open_to_loopback(ops_node: Any) -> None:
    from fastapi.testclient import TestClient

    with TestClient(ops_node.app, client=("127.0.0.1", 50000)) as local:
        r = local.get("/metrics")
    assert r.status_code == 200
    assert "crossline_imports_total" in r.text


def test_request_metrics_use_route_templates_not_values(ops_node: Any) -> None:
    secret_value = "+919876543210"
    ops_node.client.get(
        "/api/v1/indicators/lookup", params={"q": secret_value}, headers=ops_node.bearer("reader")
    )
    ops_node.client.get("/api/v1/campaigns/ffffff0123", headers=ops_node.bearer("reader"))
    r = ops_node.client.get("/metrics", headers=ops_node.bearer("metrics"))
    assert 'route="/api/v1/indicators/lookup"' in r.text
    assert 'route="/api/v1/campaigns/{campaign_id}"' in r.text
    assert "9876543210" not in r.text and "ffffff0123" not in r.text


def test_request_id_is_echoed_or_made(ops_node: Any) -> None:
    r = ops_node.client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = ops_node.client.get("/healthz", headers={"X-Request-ID": "bad id\n"})
    assert r.headers["x-request-id"] != "bad id\n" and len(r.headers["x-request-id"]) == 16
