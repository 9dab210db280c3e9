"""A store whose server cannot be reached: every way of opening a connection raises
the node's StoreUnavailableError (which callers retry on), not a driver error."""

from __future__ import annotations

import socket
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from crossline.errors import StoreUnavailableError
from crossline.store import Store


def _closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    "opening",
    [Store.read, Store.transaction],
    ids=["read", "transaction"],
)
def test_an_unreachable_server_is_reported_as_unavailable(
    opening: Callable[[Store], AbstractContextManager[Any]],
) -> None:
    store = Store(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/postgres")
    try:
        with (
            pytest.raises(StoreUnavailableError, match="database is unavailable"),
            opening(store),
        ):
            pass
    finally:
        store.close()
