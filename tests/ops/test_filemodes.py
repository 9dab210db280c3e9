"""The node sets its own file modes: home 0700, database, WAL, uploads and backups 0600.

Each case runs under a permissive umask (000, 002, 022): the modes must not depend on it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crossline.api.app import create_app
from crossline.config import Settings
from crossline.filemodes import secure_home
from crossline.ops.backup import backup
from crossline.store import open_store

UPLOAD = Path(__file__).parents[1] / "api" / "data" / "upload.jsonl"
UMASKS = [0o000, 0o002, 0o022]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture(params=UMASKS, ids=[f"umask{u:03o}" for u in UMASKS])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_a_new_sqlite_node_is_private(tmp_path: Path, umask: int) -> None:
    home = tmp_path / "home"
    db = home / "crossline.db"
    settings = Settings(home=home, database_url=f"sqlite:///{db}")
    app = create_app(settings, audit_background=False)
    node = app.state.node
    admin = node.accounts.create_org("Home Agency", country="US")
    user = node.accounts.create_user(admin["id"], "alice", "correct horse battery staple", "admin")
    token, _ = node.accounts.create_token(
        creator=None,
        user_id=user["id"],
        org_id=admin["id"],
        name="t",
        role="admin",
        scopes=["read", "import", "admin"],
    )
    with TestClient(app) as client:
        r = client.post(
            "/api/v1/imports",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": ("upload.jsonl", UPLOAD.read_bytes())},
        )
        assert r.status_code == 202, r.text
        uploads = [p for p in (home / "uploads").rglob("*")]
        out = tmp_path / "backups" / "node.tar.gz"
        backup(node.store, out)
    assert mode(home) == 0o700
    assert uploads, "the upload was saved"
    for p in uploads:
        assert mode(p) == (0o700 if p.is_dir() else 0o600), p
    assert mode(db) == 0o600
    wal = db.with_name(db.name + "-wal")
    for side in (wal, db.with_name(db.name + "-shm")):
        if side.exists():
            assert mode(side) == 0o600, side
    assert mode(out) == 0o600
    everything = [p for p in home.rglob("*") if not p.is_symlink()]
    assert [p for p in everything if mode(p) & 0o077] == []


def test_the_wal_takes_the_database_mode(tmp_path: Path, umask: int) -> None:
    db = tmp_path / "data" / "crossline.db"
    store = open_store(Settings(home=tmp_path / "home", database_url=f"sqlite:///{db}"))
    try:
        with store.read():  # a connection holds the WAL and shared memory open
            wal = db.with_name(db.name + "-wal")
            assert wal.exists()
            assert mode(wal) == 0o600
            assert mode(db.with_name(db.name + "-shm")) == 0o600
    finally:
        store.close()
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700  # the node created it


def test_an_existing_readable_home_is_narrowed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "uploads" / "job").mkdir(parents=True)
    os.chmod(home, 0o755)
    os.chmod(home / "uploads", 0o775)
    victims = home / "uploads" / "job" / "victims.csv"
    victims.write_text("name,phone\n")
    os.chmod(victims, 0o644)
    evidence = home / "evidence.bin"
    evidence.write_bytes(b"x")
    os.chmod(evidence, 0o444)  # read-only on purpose: stays read-only, for the owner only
    outside = tmp_path / "outside.txt"
    outside.write_text("not the node's")
    os.chmod(outside, 0o644)
    (home / "link").symlink_to(outside)
    secure_home(home)
    assert mode(home) == 0o700
    assert mode(home / "uploads") == 0o700
    assert mode(victims) == 0o600
    assert mode(evidence) == 0o400
    assert mode(outside) == 0o644  # a link is not followed out of the home
