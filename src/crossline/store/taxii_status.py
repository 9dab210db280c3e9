"""SQL of the TAXII status resources a node answers to partners' POSTs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from crossline.store.schema_stix import taxii_status


def insert_status(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(taxii_status.insert(), [row])


def get_status(conn: Connection, status_id: str) -> Any:
    """The stored status row, or None."""
    return conn.execute(select(taxii_status).where(taxii_status.c.id == status_id)).first()
