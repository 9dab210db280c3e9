"""The node's key files are created on first use, and on a new home several callers
use them at once (the serving node's workers, its first requests, a second process):
every caller must get the one value that ends up on disk, never a half-written file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from crossline.config import Settings
from crossline.share.identity import load_identity
from support.race import at_once

CALLERS = 8
ROUNDS = 20

FIRST_USES: list[tuple[str, str, Callable[[Settings], object]]] = [
    ("node-key", "node_ed25519.pem", lambda s: load_identity(s).public_key),
    ("node-secret", "secret.key", lambda s: s.secret_key()),
]


@pytest.mark.parametrize(
    ("file_name", "first_use"), [pytest.param(f, u, id=i) for i, f, u in FIRST_USES]
)
def test_callers_racing_the_first_use_all_get_the_stored_value(
    tmp_path: Path, file_name: str, first_use: Callable[[Settings], object], monkeypatch
) -> None:
    monkeypatch.delenv("CROSSLINE_SECRET_KEY", raising=False)
    monkeypatch.delenv("CROSSLINE_NODE_KEY_FILE", raising=False)
    settings = Settings(home=tmp_path / "home", database_url="sqlite://")
    for _ in range(ROUNDS):
        (settings.home / file_name).unlink(missing_ok=True)
        got, errors = at_once(lambda: first_use(settings), CALLERS)
        assert errors == []
        assert len(got) == CALLERS and len(set(got)) == 1 and got[0]
        assert first_use(settings) == got[0]  # what is on disk is what they were given
    assert os.stat(settings.home / file_name).st_mode & 0o777 == 0o600
    assert [p.name for p in settings.home.iterdir() if p.name.startswith(".")] == []
