"""A background round-runner: call a function every ``interval`` seconds, or at once when
woken, in a daemon thread. Outboxes (alerts, freeze requests) run their delivery rounds
on it in a serving node (each round builds its guarded HTTP clients, see crossline.net)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Self

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
