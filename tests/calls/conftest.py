"""Shared fixtures of the calls tests: a small synthetic store, analysed once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crossline.calls import analysis
from crossline.calls.store import CallsStore
from crossline.calls.synthetic import GroundTruth, SyntheticConfig, generate_into_store

SHARED = Path(
    os.environ.get("CROSSLINE_SHARED_DATA") or Path(__file__).resolve().parents[2] / ".." / "shared"
)
FTC_METADATA = next(
    (
        p
        for p in (
            SHARED / "data" / "ftc-robocall-transcripts" / "metadata.csv",
            SHARED / "ftc-robocall-transcripts" / "metadata.csv",
        )
        if p.is_file()
    ),
    None,
)


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[CallsStore, GroundTruth]:
    """200k synthetic calls with planted campaigns, features and campaigns computed."""
    store = CallsStore(tmp_path_factory.mktemp("calls") / "calls", memory_limit="2GB")
    truth = generate_into_store(store, SyntheticConfig(rows=200_000, days=3, seed=11))
    analysis.analyze(store)
    return store, truth
