"""The case store: SQLite (embedded default) or PostgreSQL (production), one schema."""

# Every table is declared on one metadata object; import them all so that tools that
# walk it (migrations checks, test fixtures) see the accounts and audit tables too.
from crossline.store import schema_agreements as _schema_agreements  # noqa: F401
from crossline.store import schema_auth as _schema_auth  # noqa: F401
from crossline.store import schema_casework as _schema_casework  # noqa: F401
from crossline.store import schema_citizen as _schema_citizen  # noqa: F401
from crossline.store import schema_evidence as _schema_evidence  # noqa: F401
from crossline.store import schema_matching as _schema_matching  # noqa: F401
from crossline.store import schema_money as _schema_money  # noqa: F401
from crossline.store import schema_publish as _schema_publish  # noqa: F401
from crossline.store import schema_risk as _schema_risk  # noqa: F401
from crossline.store import schema_share as _schema_share  # noqa: F401
from crossline.store import schema_stix as _schema_stix  # noqa: F401
from crossline.store import schema_sync as _schema_sync  # noqa: F401
from crossline.store import schema_warnlist as _schema_warnlist  # noqa: F401
from crossline.store import schema_watch as _schema_watch  # noqa: F401
from crossline.store.repository import Store, open_store

__all__ = ["Store", "open_store"]
