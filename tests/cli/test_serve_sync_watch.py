"""With several server processes the partner sync runs once, beside them, and pushes as
soon as any process stores something: it watches the store's data version."""

from __future__ import annotations

import threading

from crossline.config import Settings
from crossline.domain import Report, SuspectIdentifier
from crossline.services.imports import importer_for
from crossline.services.sync import StoreWatch
from crossline.store import Store


def test_an_import_anywhere_wakes_the_sync(store: Store, settings: Settings) -> None:
    woke = threading.Event()
    watch = StoreWatch(store, woke.set, every=0.05).start()
    try:
        assert not woke.wait(0.3)  # nothing stored: no push
        report = Report(
            source="t", source_ref="w1", jurisdiction="IN", text="",
            suspects=(SuspectIdentifier("suspect_upi", "watch@okaxis", "upi"),),
        )  # fmt: skip
        importer_for(store, settings, classify=False).import_reports([report])
        assert woke.wait(10)
    finally:
        watch.stop()
