"""Sync with partner nodes: the one place a :class:`~crossline.share.sync.Syncer` is built,
so pulled reports go through the same import hooks as any other."""

from __future__ import annotations

from typing import Any

from crossline.config import Settings
from crossline.services.imports import pipeline_hooks
from crossline.share.sync import Syncer, SyncOptions, sync_states
from crossline.store import Store


def syncer_for(store: Store, settings: Settings, **options: Any) -> Syncer:
    """A syncer on ``store``; ``options`` are the fields of :class:`SyncOptions`
    (identity, outbound ...)."""
    hooks = pipeline_hooks(store, settings)
    return Syncer(store, settings, hooks=hooks, options=SyncOptions(**options))


class StoreWatch:
    """Calls ``on_change`` when the store's data version moves (any import, by any
    process): how a sync worker outside the server processes pushes at once."""

    def __init__(self, store: Store, on_change: Any, *, every: float = 1.0) -> None:
        import threading

        self.store = store
        self.on_change = on_change
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="crossline-watch", daemon=True)

    def start(self) -> StoreWatch:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5.0)

    def _run(self) -> None:
        from crossline.errors import StoreError
        from crossline.store.risk_log import stamp

        seen: int | None = None
        while not self._stop.wait(self.every):
            try:
                with self.store.read() as conn:
                    now = stamp(conn)
            except StoreError:
                continue  # the database is away: look again next time
            if seen is not None and now != seen:
                self.on_change()
            seen = now


def background_sync(settings: Settings, interval: float) -> Any:
    """The partner sync of a multi-process ``serve``, run once beside the server
    processes: pulls every ``interval`` seconds, pushes as soon as the store changes.
    Returns a function that stops it."""
    from crossline.share.sync_worker import SyncWorker
    from crossline.store import open_store

    store = open_store(settings)
    worker = SyncWorker(syncer_for(store, settings), interval=interval)
    worker.start()
    watch = StoreWatch(store, worker.notify).start()

    def stop() -> None:
        watch.stop()
        worker.stop()
        store.close()

    return stop


def sync_status(store: Store) -> list[dict[str, Any]]:
    """Where sync stands with each partner (``crossline sync status``)."""
    return sync_states(store)
