"""Shared fixtures of the calls tests: a small synthetic store, analysed once per session."""

from __future__ import annotations

import pytest

from crossline.calls import analysis
from crossline.calls.store import CallsStore
from crossline.calls.synthetic import GroundTruth, SyntheticConfig, generate_into_store


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[CallsStore, GroundTruth]:
    """200k synthetic calls with planted campaigns, features and campaigns computed."""
    store = CallsStore(tmp_path_factory.mktemp("calls") / "calls", memory_limit="2GB")
    truth = generate_into_store(store, SyntheticConfig(rows=200_000, days=3, seed=11))
    analysis.analyze(store)
    return store, truth
