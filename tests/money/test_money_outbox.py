"""Delivering freeze requests: signed webhooks (MockTransport twin and a real loopback
server), file drops, acknowledgements, retries with backoff, nothing sent twice."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from crossline.config import Settings
from crossline.errors import EgressRefusedError, ValidationError
from crossline.money.outbox import acknowledge, deliver_pending, outbox_dir, set_endpoint
from crossline.net.egress import EgressPolicy
from crossline.net.outbound import Outbound
from crossline.services.imports import importer_for
from crossline.share.envelope import open_envelope
from crossline.share.identity import load_identity
from crossline.store import Store
from crossline.store.schema_money import freeze_requests
from support.money_env import NCRP_JSON


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def requests_ready(store: Store, settings: Settings) -> Store:
    importer_for(store, settings, classify=False).import_file(NCRP_JSON)
    return store


def _statuses(store: Store) -> dict[str, str]:
    with store.read() as conn:
        return {r.bank_code: r.status for r in conn.execute(select(freeze_requests)).all()}


def _public(_host: str, _port: int) -> list[str]:
    return ["93.184.216.34"]  # every bank name is a public host here (no real DNS in tests)


def _outbound(handler: Any = lambda _r: httpx.Response(500)) -> Outbound:
    return Outbound(EgressPolicy(), httpx.MockTransport(handler), resolve=_public)


def _bank(answers: list[int], seen: list[dict[str, Any]]) -> Outbound:
    """A bank API twin answering with the given statuses in turn."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(
            {"key": request.headers["Idempotency-Key"], "body": json.loads(request.content)}
        )
        status = answers.pop(0) if answers else 200
        body = {"ack_ref": f"HOLD-{len(seen)}"} if status == 200 else {"error": "x"}
        return httpx.Response(status, json=body)

    return _outbound(handler)


def test_webhook_delivery_is_signed_acked_and_never_repeated(
    requests_ready: Store, settings: Settings
) -> None:
    store = requests_ready
    set_endpoint(
        store,
        "SBIN",
        mode="webhook",
        url="https://sbi.example/holds",
        name="SBI",
        outbound=_outbound(),
    )
    seen: list[dict[str, Any]] = []
    bank = _bank([200], seen)
    first = deliver_pending(store, settings, outbound=bank)
    second = deliver_pending(store, settings, outbound=bank)
    assert len(seen) == 1 and first.acked == 1
    assert second.acked == second.sent == 0  # nothing is sent twice
    envelope = seen[0]["body"]
    payload = open_envelope(envelope, load_identity(settings).public_key)
    assert payload["account"] == "bank_account:SBIN0001234:30123456789"
    assert payload["amount"] == "100000.00" and payload["request_id"] == seen[0]["key"]
    text = json.dumps(envelope)
    for secret in ("complainant", "victim", "Digital arrest"):  # no victim data travels
        assert secret not in text
    assert _statuses(store)["SBIN"] == "acked"
    # the other banks have no API: one JSON file each
    files = sorted(p.parent.name for p in outbox_dir(settings).rglob("*.json"))
    assert files == ["NPCI", "PYTM"]


def test_retries_back_off_then_fail_and_4xx_is_rejected(
    requests_ready: Store, settings: Settings
) -> None:
    store = requests_ready
    set_endpoint(
        store,
        "SBIN",
        mode="webhook",
        url="https://sbi.example/holds",
        name=None,
        outbound=_outbound(),
    )
    set_endpoint(
        store,
        "PYTM",
        mode="webhook",
        url="https://paytm.example/holds",
        name=None,
        outbound=_outbound(),
    )
    clock = Clock()
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append({"url": str(request.url)})
        return httpx.Response(503 if "sbi" in str(request.url) else 400)

    out = _outbound(handler)
    report = deliver_pending(store, settings, outbound=out, now=clock, max_attempts=3)
    assert (report.retry, report.rejected) == (1, 1)
    # not due yet: nothing is sent
    assert deliver_pending(store, settings, outbound=out, now=clock).items == []
    waits = []
    for _ in range(2):
        with store.read() as conn:
            due = conn.execute(
                select(freeze_requests.c.next_attempt_at).where(
                    freeze_requests.c.bank_code == "SBIN"
                )
            ).scalar_one()
        due = due if due.tzinfo else due.replace(tzinfo=UTC)
        waits.append((due - clock.now).total_seconds())
        clock.now = due + timedelta(seconds=1)
        deliver_pending(store, settings, outbound=out, now=clock, max_attempts=3)
    assert waits[0] == pytest.approx(30, abs=1) and waits[1] == pytest.approx(59, abs=1)
    assert _statuses(store)["SBIN"] == "failed"
    assert _statuses(store)["PYTM"] == "rejected"
    assert sum("sbi" in s["url"] for s in seen) == 3


def test_later_ack_for_a_file_drop(requests_ready: Store, settings: Settings) -> None:
    store = requests_ready
    deliver_pending(store, settings, outbound=_outbound())  # PYTM has no API: a file
    with store.read() as conn:
        rid = conn.execute(
            select(freeze_requests.c.id).where(freeze_requests.c.bank_code == "PYTM")
        ).scalar_one()
    item = acknowledge(store, rid, "PYTM-HOLD-77")
    assert (item["status"], item["ack_ref"]) == ("acked", "PYTM-HOLD-77")
    with pytest.raises(ValidationError):
        acknowledge(store, rid, " ")


class _Bank(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Bank.received.append(json.loads(body))
        out = json.dumps({"ack_ref": "LOOP-1"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def loopback_bank() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Bank)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/holds"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_real_http_delivery_over_loopback(
    requests_ready: Store, settings: Settings, loopback_bank: str
) -> None:
    store = requests_ready
    with pytest.raises(EgressRefusedError, match="loopback"):  # not allowed by default
        set_endpoint(
            store, "PYTM", mode="webhook", url=loopback_bank, name="Paytm",
            outbound=Outbound.of(settings),
        )  # fmt: skip
    port = httpx.URL(loopback_bank).port
    settings = replace(settings, egress_allow=(f"127.0.0.1:{port}",))  # the operator allows it
    set_endpoint(
        store, "PYTM", mode="webhook", url=loopback_bank, name="Paytm",
        outbound=Outbound.of(settings),
    )  # fmt: skip
    _Bank.received.clear()
    report = deliver_pending(store, settings)
    assert report.acked == 1 and len(_Bank.received) == 1
    assert _Bank.received[0]["payload"]["account"] == "upi:refunddesk77@paytm"
    assert _statuses(store)["PYTM"] == "acked"


def test_serving_node_delivers_freeze_requests_in_the_background(
    requests_ready: Store, settings: Settings
) -> None:
    """The worker a serving node runs sends what is due without anyone asking."""
    from crossline.money.outbox import FreezeWorker

    before = _statuses(requests_ready)
    assert before and set(before.values()) == {"pending"}
    worker = FreezeWorker(requests_ready, settings, interval=0.05).start()
    try:
        worker.wake()
        deadline = datetime.now(UTC) + timedelta(seconds=30)
        while set(_statuses(requests_ready).values()) != {"sent"}:
            assert datetime.now(UTC) < deadline, _statuses(requests_ready)
            threading.Event().wait(0.05)
    finally:
        worker.close()
    assert len(list(outbox_dir(settings).rglob("*.json"))) == len(before)


def test_a_bank_name_that_resolves_internally_at_send_time_is_not_sent(
    requests_ready: Store, settings: Settings
) -> None:
    """The endpoint was public when registered; DNS now points it at the metadata service."""
    store = requests_ready
    answers = {"sbi.example": "93.184.216.34"}
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"ack_ref": "never"})

    out = Outbound(EgressPolicy(), httpx.MockTransport(handler), resolve=lambda h, p: [answers[h]])
    set_endpoint(
        store, "SBIN", mode="webhook", url="https://sbi.example/holds", name=None, outbound=out
    )
    answers["sbi.example"] = "169.254.169.254"
    report = deliver_pending(store, settings, outbound=out)
    assert seen == [] and report.retry == 1
    with store.read() as conn:
        error = conn.execute(
            select(freeze_requests.c.last_error).where(freeze_requests.c.bank_code == "SBIN")
        ).scalar_one()
    assert "link-local" in error and _statuses(store)["SBIN"] == "retry"


@pytest.mark.parametrize(
    ("status", "later"),
    [
        ("retry", timedelta(hours=1)),  # rescheduled: its next attempt is not due yet
        ("sent", timedelta(0)),  # another deliverer finished it meanwhile
        ("acked", timedelta(0)),
        ("failed", timedelta(0)),
    ],
    ids=["rescheduled", "sent", "acked", "failed"],
)
def test_a_request_changed_after_the_due_list_was_read_is_not_sent(
    requests_ready: Store, settings: Settings, status: str, later: timedelta
) -> None:
    """The due list is read once; a request that changed before its turn is claimed
    only if it is still waiting and still due."""
    store = requests_ready
    for bank, host in (("SBIN", "sbi"), ("PYTM", "paytm")):
        set_endpoint(
            store,
            bank,
            mode="webhook",
            url=f"https://{host}.example/holds",
            name=None,
            outbound=_outbound(),
        )
    clock = Clock()
    sent_to: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_to.append(request.url.host)
        other = "PYTM" if "sbi" in request.url.host else "SBIN"
        with store.transaction() as conn:  # the other request changes while this one is sent
            conn.execute(
                update(freeze_requests)
                .where(freeze_requests.c.bank_code == other)
                .values(status=status, next_attempt_at=clock.now + later)
            )
        return httpx.Response(200, json={"ack_ref": "HOLD-1"})

    report = deliver_pending(store, settings, outbound=_outbound(handler), now=clock)
    assert len(sent_to) == 1, sent_to
    webhook_items = [i for i in report.items if i["bank_code"] in ("SBIN", "PYTM")]
    assert [i["status"] for i in webhook_items] == ["acked"]
    statuses = _statuses(store)
    assert sorted((statuses["SBIN"], statuses["PYTM"])) == sorted(("acked", status))
