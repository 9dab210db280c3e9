"""The background sync of a serving node: push as soon as something new is stored, pull
on a schedule (see :mod:`crossline.share.sync` for what a run does)."""

from __future__ import annotations

import logging
import threading
import time

from crossline.share.sync import Syncer

log = logging.getLogger(__name__)


class SyncWorker:
    """Background sync for a serving node: push as soon as something new is stored,
    pull every ``interval`` seconds. ``notify()`` is cheap and may be called from any
    thread (the import worker calls it after each import)."""

    def __init__(self, syncer: Syncer, *, interval: float = 60.0, debounce: float = 0.05) -> None:
        self.syncer = syncer
        self.interval = interval
        self.debounce = debounce
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="crossline-sync", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.syncer.close()

    def _loop(self) -> None:
        next_pull = time.monotonic()
        while not self._stop.is_set():
            woke = self._wake.wait(max(0.0, next_pull - time.monotonic()))
            if self._stop.is_set():
                return
            self._wake.clear()
            pull = time.monotonic() >= next_pull
            if woke and self.debounce:
                time.sleep(self.debounce)  # let a burst of imports settle into one push
                self._wake.clear()
            try:
                self.syncer.run(pull=pull, push=True)
            except Exception:  # keep the worker alive; the error is in sync_state/logs
                log.exception("sync run failed")
            if pull:
                next_pull = time.monotonic() + self.interval
