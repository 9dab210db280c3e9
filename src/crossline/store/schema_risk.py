"""What the suspect registry's in-memory index is built from: the account number of each
bank-account indicator (a generated, indexed column), a version stamp and a change log.

``indicators.account_number`` is computed by the database from the stored value
(``IFSC:number`` or ``number``, leading zeros dropped), so every writer fills it, the
bulk paths included, and an account typed without its branch is one indexed equality
instead of a ``LIKE '%number'`` over every account.

``risk_stamp`` holds one row whose ``version`` every write that can change a registry
answer increments in its own transaction (the row lock orders the writers, so versions
become visible in order); ``risk_changes`` says what changed at each version (an
indicator, a campaign component, or ``all``). Each server process compares the stamp
with its own and drops only what changed.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String

from crossline.store import columns as col
from crossline.store.columns import ID

risk_stamp = col.table(
    "risk_stamp",
    Column("id", Integer, primary_key=True),
    Column("version", BigInteger, nullable=False),
)

risk_changes = col.table(
    "risk_changes",
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("version", BigInteger, nullable=False),
    Column("kind", String(16), nullable=False),  # indicator | component | all
    Column("key", ID),
)
Index("ix_risk_changes_version", risk_changes.c.version)
