"""The case store: SQLite (embedded default) or PostgreSQL (production), one schema."""

# Every table is declared on one metadata object; import them all so that tools that
# walk it (migrations checks, test fixtures) see the accounts and audit tables too.
from crossline.store import schema_auth as _schema_auth  # noqa: F401
from crossline.store import schema_money as _schema_money  # noqa: F401
from crossline.store import schema_share as _schema_share  # noqa: F401
from crossline.store.repository import Store, open_store

__all__ = ["Store", "open_store"]
