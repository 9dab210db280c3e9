"""OutboxWorker: the one base the alert and freeze delivery workers share."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from crossline.background import OutboxWorker
from crossline.config import Settings
from crossline.money.outbox import FreezeWorker
from crossline.net.outbound import Outbound
from crossline.share.webhooks import DeliveryWorker
from crossline.store import Store


@pytest.mark.parametrize(
    ("worker", "thread", "interval"),
    [(FreezeWorker, "freeze-delivery", 1.0), (DeliveryWorker, "alert-delivery", 0.2)],
)
@pytest.mark.parametrize("given", [None, 0.05])
def test_each_worker_names_its_thread_and_interval(
    store: Store,
    settings: Settings,
    worker: type[OutboxWorker],
    thread: str,
    interval: float,
    given: float | None,
) -> None:
    w = worker(store, settings, interval=given)
    assert (w.name, w.interval) == (thread, interval if given is None else given)
    assert w.store is store


class _Recording(OutboxWorker):
    thread = "recording"
    default_interval = 60.0

    def __init__(self, *args: Any, **kw: Any) -> None:
        self.calls: list[tuple[Store, Settings, Outbound]] = []
        self.done = threading.Event()
        super().__init__(*args, **kw)

    def deliver(self, store: Store, settings: Settings, outbound: Outbound) -> object:
        self.calls.append((store, settings, outbound))
        self.done.set()
        return None


@pytest.mark.parametrize("own_outbound", [True, False], ids=["given", "from-settings"])
def test_a_round_delivers_through_the_outbound(
    store: Store, settings: Settings, own_outbound: bool
) -> None:
    given = Outbound.of(settings) if own_outbound else None
    w = _Recording(store, settings, given).start()
    try:
        assert w.done.wait(5)
    finally:
        w.close()
    [(got_store, got_settings, outbound)] = w.calls[:1]
    assert (got_store, got_settings) == (store, settings)
    assert isinstance(outbound, Outbound)
    assert (outbound is given) == own_outbound
