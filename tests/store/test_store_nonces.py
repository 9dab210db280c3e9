"""Nonces of signed requests: the first record wins, on both engines; old ones go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from crossline.store import Store, nonces
from crossline.store.schema_sync import request_nonces

WINDOW = timedelta(minutes=10)


def test_a_nonce_is_taken_once_per_key(store: Store) -> None:
    now = datetime.now(UTC)
    assert nonces.remember(store, "key-a", "n" * 32, now=now, window=WINDOW)
    assert not nonces.remember(
        store, "key-a", "n" * 32, now=now + timedelta(seconds=1), window=WINDOW
    )
    assert nonces.remember(store, "key-b", "n" * 32, now=now, window=WINDOW)  # another sender


def test_nonces_older_than_the_window_are_forgotten(store: Store) -> None:
    start = datetime.now(UTC)
    for i in range(3):
        nonces.remember(store, "key-a", f"old-{i:030d}", now=start, window=WINDOW)
    nonces.remember(store, "key-a", "new-" + "0" * 28, now=start + 2 * WINDOW, window=WINDOW)
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(request_nonces)).scalar() == 1
