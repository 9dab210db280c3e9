"""TAXII 2.1 media types, content negotiation and the TAXII error message shape."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

TAXII = "application/taxii+json;version=2.1"
STIX = "application/stix+json;version=2.1"


class TaxiiError(Exception):
    """An error answered in TAXII's shape: ``{"title", "description", "http_status"}``."""

    def __init__(self, status: int, title: str, description: str = "") -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.description = description


def _media(value: str) -> tuple[str, dict[str, str]]:
    kind, *params = [p.strip() for p in value.split(";")]
    out = {}
    for p in params:
        k, _, v = p.partition("=")
        out[k.strip().lower()] = v.strip().strip('"')
    return kind.lower(), out


def accepts_taxii(accept: str | None) -> bool:
    """Whether an Accept header admits TAXII 2.1 JSON (no header, */* and application/*
    do; a TAXII type of another version or any other type does not)."""
    if not accept or not accept.strip():
        return True
    for item in accept.split(","):
        kind, params = _media(item)
        if kind in ("*/*", "application/*"):
            return True
        if kind == "application/taxii+json" and params.get("version", "2.1") == "2.1":
            return True
    return False


def is_taxii_content(content_type: str | None) -> bool:
    """Whether a request body is TAXII 2.1 JSON (the only type objects may be POSTed in)."""
    if not content_type:
        return False
    kind, params = _media(content_type)
    return kind == "application/taxii+json" and params.get("version", "2.1") == "2.1"


def taxii_json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A TAXII response from a JSON-able value."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status_code=status, media_type=TAXII, headers=headers)


def error_response(exc: TaxiiError, headers: dict[str, str] | None = None) -> Response:
    body = {"title": exc.title, "http_status": str(exc.status)}
    if exc.description:
        body["description"] = exc.description
    return taxii_json(body, exc.status, headers)
