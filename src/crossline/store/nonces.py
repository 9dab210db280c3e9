"""Nonces of signed requests, remembered for the replay window in the database (so every
worker of a node sees every nonce). The first to record a nonce wins; later ones are
replays."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from crossline.store.repository import Store
from crossline.store.schema_sync import request_nonces


def remember(store: Store, key_id: str, nonce: str, *, now: datetime, window: timedelta) -> bool:
    """Record ``nonce`` for ``key_id``; False when it was already seen within ``window``.

    Nonces older than the window are forgotten on the way (a request that old is refused
    by its timestamp anyway).
    """
    insert = postgresql.insert if store.dialect.name == "postgresql" else sqlite.insert
    stmt = (
        insert(request_nonces)
        .values(key_id=key_id, nonce=nonce, seen_at=now)
        .on_conflict_do_nothing(index_elements=["key_id", "nonce"])
        .returning(request_nonces.c.nonce)  # a row back only when this insert took it
    )
    with store.transaction() as conn:
        conn.execute(delete(request_nonces).where(request_nonces.c.seen_at < now - window))
        return conn.execute(stmt).first() is not None
