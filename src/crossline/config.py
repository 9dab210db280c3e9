"""Settings: read from the environment (``CROSSLINE_*``) or passed explicitly.

No import-time globals: build a :class:`Settings` with :func:`load_settings` and
pass it down.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from crossline.errors import ConfigError
from crossline.filemodes import write_once

DEFAULT_HOME = Path(".crossline")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a node needs to know about where it lives.

    ``home`` holds the SQLite store, the node's secret key and artefacts.
    ``database_url`` is any SQLAlchemy URL; SQLite by default, PostgreSQL
    (``postgresql+psycopg://...``) in production. ``egress_allow`` lists the destinations
    outbound requests may reach although they are not public addresses (loopback, private
    networks): ``CROSSLINE_EGRESS_ALLOW``, see :mod:`crossline.net.egress`.
    """

    home: Path
    database_url: str
    node_name: str = "crossline"
    country: str = "US"
    # How much of one report's text is stored and scanned for values (UTF-8 bytes); a
    # longer text is kept whole in an attachment file (see ingest.bounds).
    max_text_bytes: int = 64 * 1024
    # Files at least this long are imported on the bulk path (``crossline ingest`` picks
    # it; --bulk/--no-bulk force a path): CROSSLINE_BULK_MIN_BYTES.
    bulk_min_bytes: int = 8 * 1024 * 1024
    egress_allow: tuple[str, ...] = ()
    # Largest body the legal-request inbox takes: a partner's answer carries its exhibits
    # inline, base64 (4/3 of their size), each up to evidence.exchange.INLINE_LIMIT
    # (16 MiB): 128 MiB holds five such exhibits and the envelope. Bigger sets travel as
    # an evidence package. Other JSON bodies: 16 MiB (http.bodies).
    max_legal_inbox_bytes: int = 128 * 1024 * 1024
    # Added to the import worker process's niceness: on a busy machine the server's
    # answers come before the batch work of an upload (0: the same priority).
    import_niceness: int = 10

    def with_database(self, url: str) -> Settings:
        return replace(self, database_url=url)

    def secret_key(self) -> bytes:
        """The node's secret (for keyed hashes of card numbers and the like).

        Created on first use with 32 random bytes, readable by the owner only; never logged.
        """
        env = os.environ.get("CROSSLINE_SECRET_KEY")
        if env:
            if len(env) < 32:
                raise ConfigError("CROSSLINE_SECRET_KEY must be at least 32 characters")
            return env.encode()
        path = self.home / "secret.key"
        if not path.exists():
            write_once(path, secrets.token_hex(32).encode())
        return path.read_text().strip().encode()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def load_settings(home: str | Path | None = None, database_url: str | None = None) -> Settings:
    """Settings from arguments, falling back to ``CROSSLINE_HOME`` / ``CROSSLINE_DATABASE_URL``."""
    home_path = Path(home or os.environ.get("CROSSLINE_HOME") or DEFAULT_HOME)
    url = database_url or os.environ.get("CROSSLINE_DATABASE_URL")
    if not url:
        url = sqlite_url(home_path / "crossline.db")
    if "://" not in url:
        raise ConfigError(f"database URL {url!r} is not a URL (expected e.g. sqlite:///path.db)")
    return Settings(
        home=home_path,
        database_url=url,
        node_name=os.environ.get("CROSSLINE_NODE_NAME", "crossline"),
        country=os.environ.get("CROSSLINE_COUNTRY", "US"),
        max_text_bytes=_positive_int("CROSSLINE_MAX_TEXT_BYTES", 64 * 1024),
        bulk_min_bytes=_positive_int("CROSSLINE_BULK_MIN_BYTES", 8 * 1024 * 1024),
        max_legal_inbox_bytes=_positive_int("CROSSLINE_MAX_LEGAL_INBOX_BYTES", 128 * 1024 * 1024),
        import_niceness=_niceness("CROSSLINE_IMPORT_NICENESS", 10),
        egress_allow=tuple(
            e for e in os.environ.get("CROSSLINE_EGRESS_ALLOW", "").replace(",", " ").split() if e
        ),
    )


def _env_int(name: str, default: int, ok: Callable[[int], bool], expected: str) -> int:
    """The whole number in environment variable ``name`` (``default`` when unset or empty).

    Raises ConfigError, naming ``expected``, when the value is not a whole number or ``ok``
    rejects it.
    """
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value: int | None = int(text)
    except ValueError:
        value = None
    if value is None or not ok(value):
        raise ConfigError(f"{name} must be {expected}, found {text!r}")
    return value


#: SQLite's page cache per connection, MiB, unless ``CROSSLINE_SQLITE_CACHE_MIB`` says.
#: Large for one-connection work (an import); ``crossline serve`` sets a small one for its
#: processes, whose pools each keep several connections (see :data:`SERVE_SQLITE_CACHE_MIB`).
SQLITE_CACHE_MIB = 200
#: The page cache per connection of a serving process: connections x this bounds the
#: memory SQLite keeps per process; the operating system's file cache serves the rest.
SERVE_SQLITE_CACHE_MIB = 16


def sqlite_cache_mib() -> int:
    """SQLite's page cache per connection in MiB (``CROSSLINE_SQLITE_CACHE_MIB``)."""
    return _env_int(
        "CROSSLINE_SQLITE_CACHE_MIB", SQLITE_CACHE_MIB, lambda v: v > 0, "a positive number of MiB"
    )


#: SQLite's heap per serving process, MiB: the page caches of all its connections share
#: it, however many its pools open (each cache recycles its own pages once the process is
#: at the budget instead of growing as the database grows).
SERVE_SQLITE_HEAP_MIB = 64


def sqlite_heap_mib() -> int:
    """SQLite's heap budget for the whole process in MiB, 0 for none
    (``CROSSLINE_SQLITE_HEAP_MIB``; SQLite's soft heap limit)."""
    return _env_int(
        "CROSSLINE_SQLITE_HEAP_MIB", 0, lambda v: v >= 0, "a number of MiB (0: no budget)"
    )


def db_pool_size(default: int) -> int:
    """Connections a process keeps open to its database (``CROSSLINE_DB_POOL_SIZE``)."""
    return _env_int("CROSSLINE_DB_POOL_SIZE", default, lambda v: v > 0, "a positive whole number")


def _positive_int(name: str, default: int) -> int:
    return _env_int(name, default, lambda v: v > 0, "a positive whole number of bytes")


def _niceness(name: str, default: int) -> int:
    return _env_int(name, default, lambda v: 0 <= v <= 19, "a whole number from 0 to 19")
