"""``crossline restore``: load a backup into an empty store, then prove it is the same.

The target may be another engine than the source (SQLite -> PostgreSQL is the
migration path to production). The schema is built at the backup's revision, the
rows are loaded in one transaction (parents first), sequences are moved past the
restored keys, the schema is then migrated to this build's newest revision, and
every table's row count and content hash is compared with the manifest; the audit
log's hash chain is verified. Any difference is an error, never a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, MetaData, Table, func, inspect, select, text

from crossline.errors import IntegrityError, StoreError, ValidationError
from crossline.filemodes import private_dir, secure_home
from crossline.ops import backup as backup_mod
from crossline.ops import health, snapshot
from crossline.store import Store, publish_log
from crossline.store.failures import translate

INSERT_CHUNK = 1_000


def read_manifest(tar: tarfile.TarFile, path: Path) -> dict[str, Any]:
    try:
        member = tar.extractfile("manifest.json")
    except KeyError:
        member = None
    if member is None:
        raise ValidationError(f"{path}: not a Crossline backup (no manifest.json)")
    manifest: dict[str, Any] = json.load(member)
    if manifest.get("format") != backup_mod.FORMAT or manifest.get("version") != 1:
        raise ValidationError(
            f"{path}: unsupported backup format {manifest.get('format')!r} "
            f"version {manifest.get('version')!r} (expected {backup_mod.FORMAT} 1)"
        )
    return manifest


def _alembic(conn: Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("crossline.store") / "migrations"))
    cfg.attributes["connection"] = conn
    return cfg


def _known_revision(revision: str) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("crossline.store") / "migrations"))
    try:
        ScriptDirectory.from_config(cfg).get_revision(revision)
    except Exception as exc:
        raise ValidationError(
            f"the backup's schema revision {revision!r} is unknown to this build "
            f"(newest here: {health.head_revision()}): restore it with a newer Crossline"
        ) from exc


def occupied_tables(conn: Connection) -> dict[str, int]:
    """Tables of the target holding rows (alembic_version aside)."""
    from crossline.store.schema import metadata as node_metadata

    out = {}
    for name in inspect(conn).get_table_names():
        if name not in node_metadata.tables:
            continue
        n = conn.execute(select(func.count()).select_from(Table(name, MetaData()))).scalar_one()
        if n:
            out[name] = n
    return out


def _clear(conn: Connection) -> None:
    """Drop the node's tables in the target (with ``--force``, or an empty migrated target);
    tables of anything else sharing the database are left alone."""
    from crossline.store.schema import metadata as node_metadata

    ours = {t.name for t in node_metadata.tables.values()} | {"alembic_version"}
    meta = MetaData()
    meta.reflect(conn, only=lambda name, _meta: name in ours)
    meta.drop_all(conn)


def _reset_sequences(conn: Connection, names: list[str]) -> None:
    if conn.dialect.name != "postgresql":
        return
    for name in names:
        for col in inspect(conn).get_columns(name):
            seq = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": name, "c": col["name"]}
            ).scalar()
            if seq:
                top = f'(SELECT max("{col["name"]}") FROM "{name}")'
                conn.execute(text(f"SELECT setval(:s, COALESCE({top}, 0) + 1, false)"), {"s": seq})


def _load_table(conn: Connection, tar: tarfile.TarFile, name: str, meta: dict[str, Any]) -> int:
    target = Table(name, MetaData(), autoload_with=conn)
    cols = meta["columns"]
    missing = [c for c, _ in cols if c not in target.c]
    if missing:
        raise StoreError(f"table {name}: columns {missing} of the backup are not in the schema")
    member = tar.extractfile(f"tables/{name}.jsonl")
    if member is None:
        raise ValidationError(f"the backup lacks tables/{name}.jsonl")
    rows = 0
    chunk: list[dict[str, Any]] = []
    for n, values in enumerate(snapshot.read_lines(member), start=1):
        try:
            chunk.append({c: snapshot.decode(k, v) for (c, k), v in zip(cols, values, strict=True)})
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise ValidationError(
                f"backup table {name}, line {n}: a value does not fit its column ({exc})"
            ) from exc
        if len(chunk) >= INSERT_CHUNK:
            conn.execute(target.insert(), chunk)
            rows += len(chunk)
            chunk = []
    if chunk:
        conn.execute(target.insert(), chunk)
        rows += len(chunk)
    return rows


def restore(
    store: Store,
    path: Path,
    *,
    force: bool = False,
    home: Path | None = None,
    restore_home: bool = False,
) -> dict[str, Any]:
    """Restore ``path`` into ``store``; the verification report (raises if it fails)."""
    from alembic import command

    path = Path(path)
    try:
        tar = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise ValidationError(f"{path}: cannot read the backup ({exc})") from exc
    with tar:
        manifest = read_manifest(tar, path)
        revision = manifest["schema_revision"]
        _known_revision(revision)
        order = manifest.get("order") or list(manifest["tables"])
        try:
            with store.engine.begin() as conn:
                occupied = occupied_tables(conn)
                if occupied and not force:
                    summary = ", ".join(f"{k}: {v}" for k, v in sorted(occupied.items()))
                    raise ValidationError(
                        f"the target store is not empty ({summary}): restore into an empty "
                        "database, or pass --force to replace its content"
                    )
                _clear(conn)
                command.upgrade(_alembic(conn), revision)
                # the backup holds the change log as it was: loading rows must not add to it
                with publish_log.log_paused(conn):
                    loaded = {
                        name: _load_table(conn, tar, name, manifest["tables"][name])
                        for name in order
                    }
                _reset_sequences(conn, order)
                command.upgrade(_alembic(conn), "head")
        except Exception as exc:
            from sqlalchemy.exc import SQLAlchemyError

            if isinstance(exc, SQLAlchemyError):
                raise translate(exc, "restore failed, nothing was restored") from exc
            raise
        report = verify(store, manifest, loaded)
        if restore_home and home is not None:
            report["home_files"] = _restore_home(tar, manifest, home, force=force)
    return report


def verify(store: Store, manifest: dict[str, Any], loaded: dict[str, int]) -> dict[str, Any]:
    """Compare the restored store with the manifest; IntegrityError on any difference."""
    from crossline.store.audit_log import verify_chain

    same_revision = manifest["schema_revision"] == health.head_revision()
    with store.read() as conn:
        now = snapshot.fingerprint(conn)
    problems = []
    tables = {}
    for name, meta in manifest["tables"].items():
        got = now.get(name, {"rows": 0, "sha256": None})
        ok = got["rows"] == meta["rows"] == loaded.get(name)
        if same_revision:
            ok = ok and got["sha256"] == meta["sha256"]
        tables[name] = {"rows": got["rows"], "expected": meta["rows"], "ok": ok}
        if not ok:
            problems.append(
                f"{name}: {got['rows']} rows (expected {meta['rows']})"
                + ("" if got["rows"] != meta["rows"] else ", content differs")
            )
    checked, broken = verify_chain(store)
    if broken is not None:
        problems.append(f"audit log hash chain broken at entry {broken}")
    if problems:
        raise IntegrityError("restore verification failed: " + "; ".join(problems))
    return {
        "schema_revision": manifest["schema_revision"],
        "now_at": health.head_revision(),
        "content_hashes_compared": same_revision,
        "tables": tables,
        "audit_entries_verified": checked,
        "rows": sum(t["rows"] for t in tables.values()),
    }


def _restore_home(
    tar: tarfile.TarFile, manifest: dict[str, Any], home: Path, *, force: bool
) -> int:
    private_dir(home)
    for entry in manifest["home_files"]:
        dest = home / entry["path"]
        if dest.exists() and not force:
            raise ValidationError(f"{dest} exists: pass --force to overwrite the home's files")
    members = [m for m in tar.getmembers() if m.name.startswith("home/") and m.isfile()]
    for m in members:
        m.name = m.name.removeprefix("home/")
    # The "data" filter refuses absolute paths, links out of the tree and device files.
    tar.extractall(home, members=members, filter="data")
    for entry in manifest["home_files"]:
        dest = home / entry["path"]
        # The recorded mode, less group and other bits: a backup from a node that left
        # its files readable must not make the restored home readable.
        os.chmod(dest, int(entry["mode"], 8) & ~0o077)
        digest = hashlib.sha256(dest.read_bytes()).hexdigest()
        if digest != entry["sha256"]:
            raise IntegrityError(f"home file {entry['path']}: content differs from the backup")
    secure_home(home)
    return len(members)
