"""Foreign database errors translated once into Crossline's store errors.

The distinction matters to callers: a lost connection (the server restarting) is
worth retrying and is answered 503 by the API; a full disk needs an operator; any
other failure is a bug or a constraint and is not retried.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from crossline import metrics
from crossline.errors import StorageFullError, StoreError, StoreUnavailableError

# Substrings of driver messages (psycopg, sqlite3) that mean "cannot reach the server".
UNAVAILABLE = (
    "server closed the connection",
    "connection refused",
    "connection failed",
    "could not connect",
    "terminating connection",
    "the database system is shutting down",
    "the database system is starting up",
    "the database system is in recovery mode",
    "connection is closed",
    "connection already closed",
    "consuming input failed",
    "no connection to the server",
    "ssl syscall error",
    "connection timeout expired",
)
# ... and "the disk (or a size limit) refuses the write".
FULL = (
    "database or disk is full",
    "no space left on device",
    "could not extend file",
    "file too large",
    "disk quota exceeded",
)


def describe(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return f"{orig.__class__.__name__}: {str(orig).strip().splitlines()[0] if str(orig) else ''}"


def translate(exc: SQLAlchemyError, doing: str = "database error") -> StoreError:
    """The StoreError subclass for a SQLAlchemy/driver error, with a message that says what
    happened and what to do."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    detail = describe(exc)
    err = _classify(exc, text, detail, doing)
    metrics.STORE_ERRORS.labels(kind=err.code).inc()
    return err


def _classify(exc: SQLAlchemyError, text: str, detail: str, doing: str) -> StoreError:
    if (
        isinstance(exc, DBAPIError)
        and exc.connection_invalidated
        or any(s in text for s in UNAVAILABLE)
    ):
        return StoreUnavailableError(
            f"{doing}: the database is unavailable ({detail}); "
            "the node retries on its own, try again shortly"
        )
    if any(s in text for s in FULL) or ("disk i/o error" in text):
        return StorageFullError(
            f"{doing}: the database could not write ({detail}): the disk is full or a file "
            "size limit was reached; free space, then re-run (committed batches are kept)"
        )
    return StoreError(f"{doing}: {detail}")
