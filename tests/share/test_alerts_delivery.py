"""Alert deliveries: signed webhooks through the outbox (MockTransport and a real loopback
server), retries with backoff, and partner alerts verified by the receiving node."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest

from crossline.config import Settings
from crossline.errors import IntegrityError
from crossline.net.outbound import Outbound
from crossline.share import alerts as al
from crossline.share import webhooks as wh
from crossline.share.envelope import open_envelope, seal
from crossline.store import Store
from crossline.store.repository import utcnow
from support.share_match_env import (
    add_partner,
    ingest,
    other_identity,
    outbound,
    own_identity,
    report,
)

UPI = ("upi", "taskpay4471@ybl")


def raise_one(store: Store, settings: Settings) -> dict:
    add_partner(store, other_identity())
    ingest(store, settings, report("a", UPI, source="partner:in-i4c"))
    ingest(store, settings, report("b", UPI))
    [alert] = al.list_alerts(store)
    return alert


def test_webhook_is_signed_and_delivered_once(store: Store, settings: Settings) -> None:
    wh.add_subscription(store, "case-system", "https://cases.example/hook", outbound())
    alert = raise_one(store, settings)
    received = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append((str(request.url), json.loads(request.content)))
        return httpx.Response(204)

    out = outbound(handler)
    assert wh.deliver_due(store, settings, out) == {"delivered": 1, "retrying": 0, "failed": 0}
    assert wh.deliver_due(store, settings, out)["delivered"] == 0
    [(url, envelope)] = received
    assert url == "https://cases.example/hook"
    payload = open_envelope(envelope, own_identity(settings).public_key)
    assert payload["alert"]["id"] == alert["id"] and payload["alert"]["value"] == UPI[1]
    envelope["payload"]["alert"]["value"] = "someone-else@ybl"
    with pytest.raises(IntegrityError):
        open_envelope(envelope, own_identity(settings).public_key)


def test_two_server_processes_do_not_send_one_delivery_twice(
    store: Store, settings: Settings
) -> None:
    """Every server process runs a delivery worker: one polling while another is still
    sending must not send the same delivery again."""
    wh.add_subscription(store, "case-system", "https://cases.example/hook", outbound())
    raise_one(store, settings)
    received: list[str] = []
    meanwhile: list[dict[str, int]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append(str(request.url))
        if len(received) == 1:  # the other process polls while this send is in flight
            meanwhile.append(wh.deliver_due(store, settings, outbound(handler)))
        return httpx.Response(204)

    assert wh.deliver_due(store, settings, outbound(handler))["delivered"] == 1
    assert received == ["https://cases.example/hook"]
    assert meanwhile == [{"delivered": 0, "retrying": 0, "failed": 0}]


@pytest.mark.parametrize(
    "failure",
    [httpx.Response(503, text="busy"), httpx.ConnectError("refused")],
    ids=["http-503", "connection-refused"],
)
def test_failed_delivery_backs_off_then_succeeds(store: Store, settings: Settings, failure) -> None:
    wh.add_subscription(store, "siem", "https://siem.example/in", outbound())
    raise_one(store, settings)
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) < 3:
            if isinstance(failure, Exception):
                raise failure
            return failure
        return httpx.Response(200)

    now = utcnow()
    out = outbound(handler)

    def due(after: float) -> dict[str, int]:
        return wh.deliver_due(store, settings, out, now=now + timedelta(seconds=after))

    assert due(0)["retrying"] == 1
    assert due(0)["retrying"] == 0  # not due yet
    assert due(1.5)["retrying"] == 1
    assert due(2)["delivered"] == 0  # second failure waits 2 s
    assert due(4)["delivered"] == 1
    [d] = wh.list_deliveries(store)
    assert d["status"] == "delivered" and d["attempts"] == 3


def test_backoff_doubles_and_caps() -> None:
    assert [wh.backoff(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert wh.backoff(40) == wh.MAX_DELAY


def test_gives_up_after_max_attempts(store: Store, settings: Settings, monkeypatch) -> None:
    monkeypatch.setattr(wh, "MAX_ATTEMPTS", 2)
    wh.add_subscription(store, "down", "https://down.example/", outbound())
    raise_one(store, settings)
    now = utcnow()
    out = outbound(lambda r: httpx.Response(500))
    wh.deliver_due(store, settings, out, now=now)
    assert wh.deliver_due(store, settings, out, now=now + timedelta(hours=2))["failed"] == 1
    assert wh.list_deliveries(store)[0]["status"] == "failed"


def test_bad_subscription_refused(store: Store) -> None:
    from crossline.errors import ValidationError

    with pytest.raises(ValidationError, match="URL"):
        wh.add_subscription(store, "x", "ftp://nope", outbound())


class _Sink(BaseHTTPRequestHandler):
    bodies: list[bytes] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


def test_real_loopback_webhook_via_worker(tmp_path) -> None:
    from crossline.store import open_store

    server = HTTPServer(("127.0.0.1", 0), _Sink)
    settings = Settings(
        home=tmp_path / "home", database_url=f"sqlite:///{tmp_path / 'n.db'}",
        egress_allow=(f"127.0.0.1:{server.server_port}",),  # this one loopback port only
    )  # fmt: skip
    store = open_store(settings)
    _Sink.bodies = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    out = Outbound.of(settings)
    worker = wh.DeliveryWorker(store, settings, out, interval=0.05).start()
    try:
        wh.add_subscription(store, "sink", f"http://127.0.0.1:{server.server_port}/alerts", out)
        alert = raise_one(store, settings)
        worker.wake()
        for _ in range(100):
            if _Sink.bodies:
                break
            threading.Event().wait(0.05)
        [body] = _Sink.bodies
        payload = open_envelope(json.loads(body), own_identity(settings).public_key)
        assert payload["alert"]["id"] == alert["id"]
    finally:
        worker.close()
        server.shutdown()
        server.server_close()
        store.close()


def test_partner_alert_received_verified_and_stored_once(store: Store, settings: Settings) -> None:
    them = other_identity()
    partner = add_partner(store, them)
    payload = {
        "type": "crossline.alert",
        "alert": {"id": "a-1", "kind": "partner_shared", "message": "hit", "value_kind": "upi",
                  "value": UPI[1], "partner_ref": None, "campaign_ref": "c-9"},
    }  # fmt: skip
    envelope = seal(them, payload)
    alert, new = al.receive_partner_alert(store, settings, partner, envelope)
    assert new and alert["origin"] == "partner" and alert["partner"] == "in-i4c"
    assert alert["partner_ref"] == "c-9"
    again, new = al.receive_partner_alert(store, settings, partner, envelope)
    assert not new and again["id"] == alert["id"]
    tampered = json.loads(json.dumps(envelope))
    tampered["payload"]["alert"]["value"] = "x@ybl"
    with pytest.raises(IntegrityError):
        al.receive_partner_alert(store, settings, partner, tampered)
    forged = seal(other_identity(), payload)  # right name, wrong key
    with pytest.raises(IntegrityError):
        al.receive_partner_alert(store, settings, partner, forged)
    assert len(al.list_alerts(store)) == 1


@pytest.mark.parametrize(
    ("agreement", "to_partner"),
    [
        (None, False),
        ({"kinds": ["indicator"], "max_marking": "TLP:AMBER", "alerts": False}, False),
        ({"kinds": ["indicator"], "max_marking": "TLP:AMBER", "alerts": True}, True),
    ],
    ids=["no-agreement", "agreement-without-alerts", "agreement-with-alerts"],
)
def test_partner_gets_alerts_only_when_its_agreement_allows(
    store: Store, settings: Settings, agreement, to_partner: bool
) -> None:
    from crossline.share.agreements import save_agreement

    them = other_identity()
    add_partner(store, them, base_url="http://in.node", credential="tok")
    if agreement:
        save_agreement(store, {"partner": them.name, **agreement})
    ingest(store, settings, report("a", UPI, source="partner:in-i4c"))
    ingest(store, settings, report("b", UPI))
    posted = []

    def handler(request: httpx.Request) -> httpx.Response:
        posted.append((str(request.url), request.headers.get("authorization"), request.content))
        return httpx.Response(201)

    wh.deliver_due(store, settings, outbound(handler))
    if not to_partner:
        assert posted == []
        return
    [(url, auth, body)] = posted
    assert url == "http://in.node/api/v1/alerts/inbox" and auth == "Bearer tok"
    payload = open_envelope(json.loads(body), own_identity(settings).public_key)
    assert payload["alert"]["value"] == UPI[1]  # the partner shared it
    assert b"victim" not in body
