"""Fixtures of the money tests: cheap password hashing, a node with tokens per role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio.to_thread
import pytest

from crossline.config import Settings
from crossline.money.risk_index import SERVING_STAMP_EVERY, RiskIndex
from crossline.money.service import compute_mules, import_transfers
from crossline.services.imports import importer_for
from support.money_env import DATA, NCRP_JSON, Node, build_node  # noqa: E402


@pytest.fixture
def node(settings: Settings) -> Iterator[Node]:
    """An API node on each backend with one token per role."""
    yield from build_node(settings)


@pytest.fixture
def served(node: Node, monkeypatch: pytest.MonkeyPatch) -> tuple[Node, list[Any]]:
    """A loaded node whose clocks stand still (no kept answer expires during a test)
    and whose background workers are stopped, and the functions sent to worker threads
    from then on."""
    importer_for(node.store, node.settings, classify=False).import_file(NCRP_JSON)
    import_transfers(node.store, DATA / "trail.csv")
    compute_mules(node.store)
    state = node.app.state.node
    # The delivery workers' rounds read the store from their own threads at moments a
    # loaded machine chooses: stopped, every statement seen is the request's own.
    state.deliveries.close()
    state.freezes.close()
    state.risk_index = RiskIndex(node.store, stamp_every=SERVING_STAMP_EVERY)
    state.risk_index.clock = lambda: 1000.0
    state.accounts.tokens.clock = lambda: 1000.0
    state.partners.clock = lambda: 1000.0
    threads: list[Any] = []
    real = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kw: Any) -> Any:
        threads.append(func)
        return await real(func, *args, **kw)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return node, threads
