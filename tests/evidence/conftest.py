"""Fixtures of the evidence tests: a node's evidence side on each backend, sample files,
and a second node to send packages and requests to."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crossline.config import Settings
from crossline.evidence.items import Evidence, add_item
from crossline.store import Store, open_store


@pytest.fixture
def ev(settings: Settings, store: Store) -> Evidence:
    return Evidence.of(settings, store)


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Evidence]:
    """A second node (India, SQLite) with a key of its own."""
    s = Settings(
        home=tmp_path / "other",
        database_url=f"sqlite:///{tmp_path / 'other.db'}",
        node_name="in-cbi",
        country="IN",
    )
    store = open_store(s)
    yield Evidence.of(s, store)
    store.close()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A recording (binary, 2.5 MiB so it spans several chunks) and a statement."""
    d = tmp_path / "in"
    d.mkdir()
    rec = d / "call 0412.wav"
    rec.write_bytes(bytes(range(256)) * (10 * 1024) + b"tail")
    stmt = d / "statement.csv"
    stmt.write_text("date,amount,payee\n2024-03-02,1200.00,fraudster@okaxis\n")
    return {"recording": rec, "statement": stmt}


@pytest.fixture
def case(ev: Evidence, files: dict[str, Path]) -> str:
    """Case OP-TOLL with two exhibits."""
    add_item(
        ev,
        files["recording"],
        case="OP-TOLL",
        exhibit="EX-1",
        description="Recording of the scam call",
        acquired_by="Det. R. Alvarez",
        actor="user:alvarez",
        source="Victim (voicemail export)",
        method="voluntary production",
    )
    add_item(
        ev,
        files["statement"],
        case="OP-TOLL",
        exhibit="EX-2",
        description="Bank statement extract",
        acquired_by="Det. R. Alvarez",
        actor="user:alvarez",
        source="First Bank",
        method="production order 24-117",
    )
    return "OP-TOLL"
