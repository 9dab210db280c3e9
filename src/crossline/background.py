"""A background round-runner: call a function every ``interval`` seconds, or at once when
woken, in a daemon thread. Outboxes (alerts, freeze requests) run their delivery rounds
on it in a serving node (each round builds its guarded HTTP clients, see crossline.net)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import ClassVar, Self

from crossline.config import Settings
from crossline.net.outbound import Outbound
from crossline.store import Store

log = logging.getLogger(__name__)


class RoundWorker:
    """Runs ``round()`` until closed; a failing round is logged and retried later."""

    def __init__(self, name: str, round: Callable[[], object], *, interval: float) -> None:
        self.name = name
        self.round = round
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def wake(self) -> None:
        """Run a round now (cheap; callable from any thread)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.round()
            except Exception:  # the worker must outlive a bad row or a store hiccup
                log.exception("%s round failed", self.name)
            self._wake.wait(self.interval)
            self._wake.clear()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)


class OutboxWorker(RoundWorker):
    """A worker whose round delivers what an outbox has due, through the node's egress
    guard (``Outbound.of(settings)`` unless one is given). A subclass names its thread
    (``thread``), its default ``interval`` and what one round delivers (``deliver``)."""

    thread: ClassVar[str]
    default_interval: ClassVar[float]

    def __init__(
        self,
        store: Store,
        settings: Settings,
        outbound: Outbound | None = None,
        *,
        interval: float | None = None,
    ) -> None:
        self.store = store
        guarded = outbound or Outbound.of(settings)
        super().__init__(
            self.thread,
            lambda: self.deliver(store, settings, guarded),
            interval=self.default_interval if interval is None else interval,
        )

    def deliver(self, store: Store, settings: Settings, outbound: Outbound) -> object:
        """One delivery round."""
        raise NotImplementedError
