"""Sync with partner nodes: the one place a :class:`~crossline.share.sync.Syncer` is built,
so pulled reports go through the same import hooks as any other."""

from __future__ import annotations

from typing import Any

from crossline.config import Settings
from crossline.services.imports import pipeline_hooks
from crossline.share.sync import Syncer, sync_states
from crossline.store import Store


def syncer_for(store: Store, settings: Settings, **options: Any) -> Syncer:
    """A syncer on ``store``; ``options`` go to :class:`Syncer` (identity, outbound ...)."""
    return Syncer(store, settings, hooks=pipeline_hooks(store, settings), **options)


def sync_status(store: Store) -> list[dict[str, Any]]:
    """Where sync stands with each partner (``crossline sync status``)."""
    return sync_states(store)
