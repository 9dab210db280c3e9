"""Structured logs: one JSON object per line, with secrets and victims' data removed.

``configure("json")`` (``crossline serve --log-format json`` or
``CROSSLINE_LOG_FORMAT=json``) installs, on the root logger, a handler whose
:class:`RedactFilter` runs before :class:`JsonFormatter`: every line of the node,
uvicorn and libraries passes through it. Fields: ``ts``, ``level``, ``logger``,
``msg``, and when known ``request_id``, ``method``, ``route``, ``status``,
``duration_ms``; exceptions as ``exc``.

What is removed: values under known secret keys (authorization, cookie, password,
token, credential, secret, api key, csrf) and victims' personal data keys
(victim_pii, victim name/phone/email/address), wherever they sit in the extras;
bearer tokens, ``cl_`` API tokens, session cookies and ``password=...`` pairs
inside message text; and query strings of logged URLs (a lookup's query may be a
victim's number).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

REDACTED = "[redacted]"
LOG_FORMATS = ("text", "json")

# The current request's id, set by the HTTP middleware; added to every line logged meanwhile.
request_context: ContextVar[dict[str, Any] | None] = ContextVar("request_context", default=None)

SECRET_KEYS = re.compile(
    r"(authorization|cookie|passw|token|credential|secret|api[_-]?key|csrf|private[_-]?key)",
    re.IGNORECASE,
)
PII_KEYS = frozenset(
    {
        "victim_pii",
        "victim",
        "victim_name",
        "victim_phone",
        "victim_email",
        "victim_address",
        "pii",
    }
)
_TEXT_RULES = (
    (re.compile(r"(?i)\bbearer\s+[^\s,;\"']+"), "Bearer " + REDACTED),
    (re.compile(r"\bcl_[A-Za-z0-9_\-]{8,}"), REDACTED),
    (re.compile(r"(?i)(crossline_session=)[^\s;,\"']+"), r"\1" + REDACTED),
    (
        re.compile(
            r"(?i)\b(password|passwd|token|secret|credential)(\"?\s*[:=]\s*\"?)[^\s,;&\"']+"
        ),
        r"\1\2" + REDACTED,
    ),
    # SQL errors list bound values (engines hide them; this catches any other engine).
    (re.compile(r"\[parameters: .*?\](?=\s*(\(Background|$))", re.S), "[parameters: hidden]"),
    # A logged URL keeps its path, loses its query string.
    (re.compile(r"(/[^\s?\"']*)\?[^\s\"']*"), r"\1?" + REDACTED),
)
# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def scrub_text(text: str) -> str:
    """Message text with tokens, cookies, passwords and query strings replaced."""
    for rx, repl in _TEXT_RULES:
        text = rx.sub(repl, text)
    return text


def scrub_value(key: str, value: Any) -> Any:
    """A value with secret and PII keys redacted, recursively."""
    if SECRET_KEYS.search(key) or key.lower() in PII_KEYS:
        return REDACTED
    if isinstance(value, dict):
        return {k: scrub_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_value(key, v) for v in value]
    if isinstance(value, str):
        return scrub_text(value)
    return value


class RedactFilter(logging.Filter):
    """Rewrites each record in place: message rendered and scrubbed, extras scrubbed."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            message = str(record.msg)
        record.msg = scrub_text(message)
        record.args = None
        for key in [k for k in vars(record) if k not in _STANDARD]:
            setattr(record, key, scrub_value(key, getattr(record, key)))
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = scrub_text(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        ctx = request_context.get()
        if ctx:
            out.update(ctx)
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc"] = scrub_text(self.formatException(record.exc_info))
        elif record.exc_text:
            out["exc"] = record.exc_text
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")


def make_handler(fmt: str = "json", stream: Any = None) -> logging.Handler:
    """A stream handler with the redaction filter and the chosen formatter."""
    if fmt not in LOG_FORMATS:
        from crossline.errors import ConfigError

        raise ConfigError(f"unknown log format {fmt!r}: expected one of {', '.join(LOG_FORMATS)}")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RedactFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.set_name("crossline")
    return handler


def configure(
    fmt: str | None = None, level: str | int | None = None, stream: Any = None
) -> logging.Handler:
    """Route every logger through one redacting handler on the root logger (idempotent).

    ``fmt``/``level`` default to ``CROSSLINE_LOG_FORMAT`` / ``CROSSLINE_LOG_LEVEL``
    (text, info).
    """
    fmt = fmt or os.environ.get("CROSSLINE_LOG_FORMAT", "text")
    level = level or os.environ.get("CROSSLINE_LOG_LEVEL", "info")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "crossline"]:
        root.removeHandler(old)
    handler = make_handler(fmt, stream)
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    # uvicorn's own access line carries the raw path and query: the node logs its own line
    # (route template, status, duration) instead.
    logging.getLogger("uvicorn.access").disabled = True
    # Below WARNING these libraries log SQL with bound values, request bodies and headers.
    for name in ("sqlalchemy", "multipart", "httpcore", "httpx", "python_multipart"):
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error"):
        lg = logging.getLogger(name)
        lg.handlers.clear()
        lg.propagate = True
    return handler
