"""The case store: SQLite (embedded default) or PostgreSQL (production), one schema."""

from crossline.store.repository import Store, open_store

__all__ = ["Store", "open_store"]
