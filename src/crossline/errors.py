"""One exception tree for Crossline.

Every error carries a stable ``code`` (for the API's JSON error shape and for
scripts) and a human message that names what was wrong and what was expected.
Foreign exceptions are translated once, at the boundary, with ``raise X(...) from exc``.

::

    CrosslineError                      code="error"
    ├── ConfigError                     code="config"
    ├── ValidationError                 code="invalid"        a value or field is wrong
    │   ├── IndicatorError              code="invalid_indicator"
    │   ├── ConflictError               code="conflict"       clashes with what exists
    │   └── PayloadTooLargeError        code="too_large"      over the node's upload limit
    ├── IngestError                     code="ingest"
    │   ├── UnreadableFileError         code="unreadable_file"  binary, undecodable, empty of data
    │   └── UnknownFormatError          code="unknown_format"   header matches no reader
    ├── StoreError                      code="store"
    │   ├── NotFoundError               code="not_found"
    │   ├── StoreUnavailableError       code="store_unavailable"  connection lost; retry later
    │   └── StorageFullError            code="storage_full"   disk full / file size limit
    ├── ModelError                      code="model"          a shipped artefact is missing or bad
    ├── IntegrityError                  code="integrity"      signature, hash or chain fails
    ├── SharingError                    code="sharing"
    │   └── NotAllowedError             code="not_allowed"    an agreement does not allow it
    ├── TransportError                  code="transport"      partner, bank or webhook unreachable
    │   ├── EgressRefusedError          code="egress_refused" destination not allowed (SSRF guard)
    │   └── PartnerRateLimitedError     code="rate_limited"   a partner asks us to retry later
    ├── EvidenceError                   code="evidence"
    ├── AuthenticationError             code="unauthenticated"  no valid session or token
    ├── PermissionDeniedError           code="forbidden"
    │   └── CsrfError                   code="csrf"
    ├── BodyTooDeepError                code="too_deep"       JSON nested deeper than parsed
    ├── ServiceUnavailableError         code="unavailable"
    └── RateLimitedError                code="rate_limited"
"""

from __future__ import annotations


class CrosslineError(Exception):
    """Base of every error raised on purpose by Crossline."""

    code = "error"

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    def to_dict(self) -> dict[str, object]:
        """The JSON shape used by the CLI's --json output and the API."""
        return {"error": {"code": self.code, "message": self.message, **self.context}}


class ConfigError(CrosslineError):
    """A setting is missing or malformed."""

    code = "config"


class ValidationError(CrosslineError):
    """A value or a field does not have the expected form."""

    code = "invalid"


class IndicatorError(ValidationError):
    """A raw indicator value cannot be normalized (for example an impossible phone number)."""

    code = "invalid_indicator"


class IngestError(CrosslineError):
    """An import cannot proceed."""

    code = "ingest"


class UnreadableFileError(IngestError):
    """The file cannot be read at all: binary, undecodable, or missing. Nothing is imported."""

    code = "unreadable_file"


class UnknownFormatError(IngestError):
    """The file's header matches none of the known formats and no --format was given."""

    code = "unknown_format"


class StoreError(CrosslineError):
    """The store failed (connection, schema, constraint)."""

    code = "store"


class NotFoundError(StoreError):
    """The requested record does not exist."""

    code = "not_found"


class ModelError(CrosslineError):
    """A shipped model artefact is missing or cannot be loaded."""

    code = "model"


class IntegrityError(CrosslineError):
    """A signature, a content hash or a hash chain does not verify; the message names which."""

    code = "integrity"


class SharingError(CrosslineError):
    """Exchange with a partner node cannot proceed (unknown partner, bad agreement ...)."""

    code = "sharing"


class NotAllowedError(SharingError):
    """An agreement or a marking does not allow this record to leave or be read."""

    code = "not_allowed"


class TransportError(CrosslineError):
    """A partner node, a bank or a webhook could not be reached or refused the delivery."""

    code = "transport"


class EgressRefusedError(TransportError):
    """An outbound request would reach an address this node does not send to (loopback,
    private, link-local ...) and the operator has not allowed it (``CROSSLINE_EGRESS_ALLOW``)."""

    code = "egress_refused"


class EvidenceError(CrosslineError):
    """An evidence item, package or legal request is malformed or in the wrong state."""

    code = "evidence"


class RateLimitedError(CrosslineError):
    """A client asked more often than its limit allows."""

    code = "rate_limited"


class StoreUnavailableError(StoreError):
    """The database cannot be reached (restarting, network down): retrying later may succeed."""

    code = "store_unavailable"


class StorageFullError(StoreError):
    """The database could not write: its disk is full or a file size limit was reached."""

    code = "storage_full"


class AuthenticationError(CrosslineError):
    """No valid session or token: log in or send ``Authorization: Bearer <token>``."""

    code = "unauthenticated"


class PermissionDeniedError(CrosslineError):
    """Authenticated, but the role or the token's scopes do not allow this."""

    code = "forbidden"


class CsrfError(PermissionDeniedError):
    """A browser form or script sent a state-changing request without the session's token."""

    code = "csrf"


class ConflictError(ValidationError):
    """The request clashes with what exists (a username taken, a job not finished)."""

    code = "conflict"


class PayloadTooLargeError(ValidationError):
    """An upload or a bulk request exceeds the node's limit."""

    code = "too_large"


class BodyTooDeepError(CrosslineError):
    """A JSON body nests deeper than the node parses (answered 400, never a crash)."""

    code = "too_deep"


class ServiceUnavailableError(CrosslineError):
    """A capability this build of the node does not include (e.g. no format readers)."""

    code = "unavailable"


class PartnerRateLimitedError(TransportError):
    """A partner node refused a request for now (its budget or rate limit is spent): our
    request failed, so it is not this node telling its own caller to slow down."""

    code = "rate_limited"
