"""SyncOptions: what a syncer is given, and what it takes from the node when not given."""

from __future__ import annotations

from typing import Any

import pytest

from crossline.config import Settings
from crossline.net.outbound import Outbound
from crossline.services.sync import syncer_for
from crossline.share.identity import load_identity
from crossline.share.sync import Backoff, SyncOptions
from crossline.store import Store


def _no_sleep(_seconds: float) -> None:
    return None


@pytest.mark.parametrize(
    ("options", "page_size", "backoff", "sleep"),
    [
        ({}, 500, Backoff(), None),
        ({"page_size": 40}, 40, Backoff(), None),
        ({"backoff": Backoff(attempts=1)}, 500, Backoff(attempts=1), None),
        ({"sleep": _no_sleep}, 500, Backoff(), _no_sleep),
    ],
)
def test_options_reach_the_syncer(
    store: Store,
    settings: Settings,
    options: dict[str, Any],
    page_size: int,
    backoff: Backoff,
    sleep: Any,
) -> None:
    syncer = syncer_for(store, settings, **options)
    assert (syncer.page_size, syncer.backoff) == (page_size, backoff)
    assert syncer.sleep is (sleep or SyncOptions().sleep)


def test_identity_and_outbound_default_to_the_nodes(store: Store, settings: Settings) -> None:
    own = syncer_for(store, settings)
    assert own.identity.public_key == load_identity(settings).public_key
    assert isinstance(own.outbound, Outbound)
    given = Outbound.of(settings)
    assert syncer_for(store, settings, outbound=given).outbound is given


def test_an_unknown_option_is_refused(store: Store, settings: Settings) -> None:
    with pytest.raises(TypeError):
        syncer_for(store, settings, pages=3)
