"""Signed envelopes: how a node wraps anything it sends (bundles, alerts, requests, holds).

An envelope is plain JSON::

    {"payload": {...}, "signer": {"node": "us-ftc", "country": "US", "key_id": "...",
     "public_key": "..."}, "signed_at": "2026-11-28T14:00:00+00:00", "signature": "..."}

The signature covers the canonical JSON of everything but ``signature`` itself, so the
signer and the time cannot be swapped either. The receiver checks it against the key it
registered for that partner, never against the key the envelope carries.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from crossline.errors import IntegrityError
from crossline.share.identity import NodeIdentity, canonical_json, key_id, verify


def seal(identity: NodeIdentity, payload: Any, *, now: datetime | None = None) -> dict[str, Any]:
    """Wrap ``payload`` in an envelope signed by ``identity``."""
    body = {
        "payload": payload,
        "signer": {
            "node": identity.name,
            "country": identity.country,
            "key_id": identity.key_id,
            "public_key": identity.public_key,
        },
        "signed_at": (now or datetime.now(UTC)).isoformat(),
    }
    return {**body, "signature": identity.sign(canonical_json(body))}


def open_envelope(envelope: Any, public_key_b64: str) -> Any:
    """The payload of ``envelope`` once its signature verifies with ``public_key_b64``.

    Raises IntegrityError when the envelope is malformed, was signed by another key, or
    was changed after signing.
    """
    if not isinstance(envelope, dict) or not {"payload", "signer", "signature"} <= envelope.keys():
        raise IntegrityError("not a signed envelope", expected="payload, signer, signature")
    signer = envelope.get("signer") or {}
    expected = key_id(public_key_b64)
    if signer.get("key_id") != expected:
        raise IntegrityError(
            f"envelope signed by key {signer.get('key_id')!r}, expected {expected}"
        )
    body = {k: v for k, v in envelope.items() if k != "signature"}
    verify(public_key_b64, canonical_json(body), str(envelope["signature"]), what="envelope")
    return envelope["payload"]
