"""Backup and restore: restored stores equal their source (counts, content, campaigns,
audit chain), across engines; refusals and tampering are caught."""

from __future__ import annotations

import io
import json
import stat
import tarfile
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from crossline.cli import cli
from crossline.config import Settings
from crossline.errors import IntegrityError, ValidationError
from crossline.node.audit import AuditLog
from crossline.node.auth import Accounts
from crossline.ops.backup import backup, home_files
from crossline.ops.restore import restore
from crossline.ops.snapshot import fingerprint
from crossline.services.imports import import_paths
from crossline.store import Store, open_store
from crossline.store.schema import reports

DEMO = resources.files("crossline") / "demo_data" / "synthetic" / "sentinel_reports.csv"


def populate(settings: Settings) -> None:
    """Reports with campaigns, accounts, a token, audit entries and a secret key file."""
    store = open_store(settings)
    try:
        import_paths(settings, [str(DEMO)], store=store)
        acc = Accounts(store)
        org = acc.create_org("Backup agency", country="US")
        user = acc.create_user(org["id"], "keeper", "correct horse battery staple", "admin")
        acc.create_token(
            creator=None,
            user_id=user["id"],
            org_id=org["id"],
            name="t",
            role="admin",
            scopes=["read"],
        )
        audit = AuditLog(store, background=False)
        for i in range(5):
            audit.record("user:keeper", "read", "report", f"r{i}", detail={"n": i})
        audit.close()
    finally:
        store.close()


def memberships(store: Store) -> set[tuple[str, str | None]]:
    with store.read() as conn:
        return {(r.id, r.component_id) for r in conn.execute(select(reports))}


def sqlite_settings(path: Path) -> Settings:
    return Settings(home=path / "home", database_url=f"sqlite:///{path / 'target.db'}")


@pytest.fixture
def backup_file(settings: Settings, tmp_path: Path) -> tuple[Settings, Path, dict[str, Any]]:
    populate(settings)
    store = open_store(settings)
    out = tmp_path / "node.backup"
    manifest = backup(store, out, home=settings.home, include_home=True)
    store.close()
    return settings, out, manifest


def test_backup_then_restore_into_sqlite_is_identical(backup_file: Any, tmp_path: Path) -> None:
    settings, out, manifest = backup_file
    assert manifest["tables"]["reports"]["rows"] > 50
    assert manifest["tables"]["audit_log"]["rows"] >= 5
    target_settings = sqlite_settings(tmp_path / "t")
    (tmp_path / "t").mkdir()
    target = Store(target_settings.database_url)
    report = restore(target, out, home=target_settings.home, restore_home=True)
    assert report["content_hashes_compared"] and report["audit_entries_verified"] >= 5
    source = open_store(settings)
    try:
        with source.read() as a, target.read() as b:
            assert fingerprint(a) == fingerprint(b)
        assert memberships(source) == memberships(target)
    finally:
        source.close()
        target.close()
    key = target_settings.home / "secret.key"
    assert key.read_bytes() == (settings.home / "secret.key").read_bytes()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_restore_from_sqlite_into_this_backend(settings: Settings, tmp_path: Path) -> None:
    """SQLite -> PostgreSQL is the migration path to production (and SQLite -> SQLite)."""
    source_settings = sqlite_settings(tmp_path / "s")
    populate(source_settings)
    source = open_store(source_settings)
    out = tmp_path / "s.backup"
    backup(source, out)
    target = open_store(settings)  # migrated, empty
    try:
        restore(target, out)
        assert memberships(source) == memberships(target)
        with source.read() as a, target.read() as b:
            assert fingerprint(a) == fingerprint(b)
    finally:
        source.close()
        target.close()


def test_restore_refuses_a_non_empty_store_unless_forced(backup_file: Any) -> None:
    settings, out, manifest = backup_file
    store = open_store(settings)
    try:
        with pytest.raises(ValidationError, match="not empty .*--force"):
            restore(store, out)
        report = restore(store, out, force=True)
        assert report["tables"]["reports"]["rows"] == manifest["tables"]["reports"]["rows"]
    finally:
        store.close()


def tamper(src: Path, dst: Path, table: str, column: str) -> None:
    """Copy a backup with one value of one row changed (its manifest left as it was)."""
    with tarfile.open(src, "r:gz") as tin, tarfile.open(dst, "w:gz") as tout:
        manifest = json.load(tin.extractfile("manifest.json"))  # type: ignore[arg-type]
        index = [c for c, _ in manifest["tables"][table]["columns"]].index(column)
        for m in tin.getmembers():
            data = tin.extractfile(m).read()  # type: ignore[union-attr]
            if m.name == f"tables/{table}.jsonl":
                lines = data.decode().splitlines(keepends=True)
                row = json.loads(lines[0])
                row[index] = "tampered"
                lines[0] = json.dumps(row) + "\n"
                data = "".join(lines).encode()
                m.size = len(data)
            tout.addfile(m, io.BytesIO(data))


@pytest.mark.parametrize(
    ("where", "match"),
    [
        (("reports", "text"), "reports: .* content differs"),
        (("audit_log", "target_id"), "audit log hash chain broken"),
    ],
    ids=["report-edited", "audit-edited"],
)
def test_tampered_backup_fails_verification(
    backup_file: Any, tmp_path: Path, where: tuple[str, str], match: str
) -> None:
    _settings, out, _ = backup_file
    bad = tmp_path / "bad.backup"
    tamper(out, bad, *where)
    (tmp_path / "x").mkdir()
    target = Store(sqlite_settings(tmp_path / "x").database_url)
    try:
        with pytest.raises(IntegrityError, match=match):
            restore(target, bad)
    finally:
        target.close()


def test_not_a_backup_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tgz"
    junk.write_bytes(b"not a tar")
    target = Store(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(ValidationError, match="cannot read the backup"):
        restore(target, junk)
    target.close()


def test_cli_backup_and_restore(tmp_path: Path) -> None:
    runner = CliRunner()
    src = tmp_path / "src"
    src_db = f"sqlite:///{src / 'crossline.db'}"
    populate(Settings(home=src, database_url=src_db))
    out = tmp_path / "cli.backup"
    args = ["--home", str(src), "--db", src_db, "backup", "--out", str(out), "--with-home"]
    r = runner.invoke(cli, [*args, "--json"])
    assert r.exit_code == 0, r.output
    made = json.loads(r.output)
    assert made["schema_revision"] and made["home_files"][0]["path"] == "secret.key"
    dst = tmp_path / "dst"
    r = runner.invoke(cli, ["--home", str(dst), "restore", str(out), "--with-home", "--json"])
    assert r.exit_code == 0, r.output
    done = json.loads(r.output)
    assert done["rows"] == sum(t["rows"] for t in made["tables"].values())
    r = runner.invoke(cli, ["--home", str(dst), "restore", str(out)])
    assert r.exit_code == 2 and "not empty" in r.output


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("secret.key", True),
        ("token-revocations", False),  # counters of the running processes
        ("partner-changes", False),
        ("crossline.db-wal", False),
    ],
)
def test_home_files_leave_out_the_live_database_and_stamps(
    tmp_path: Path, name: str, kept: bool
) -> None:
    (tmp_path / name).write_bytes(b"0000000000000001")
    found = [p.name for p in home_files(tmp_path, f"sqlite:///{tmp_path / 'crossline.db'}")]
    assert (name in found) is kept
