"""Signed partner requests, replay-proof.

A node signs every request it makes to a partner with its Ed25519 key. The signature
covers what would let a captured request be reused if it were left out::

    crossline-request-v1 \\n METHOD \\n /path \\n query \\n sha256(body) \\n timestamp \\n nonce

and travels in four headers: ``X-Crossline-Key-Id``, ``X-Crossline-Signature``,
``X-Crossline-Timestamp`` (Unix seconds) and ``X-Crossline-Nonce`` (random, 32 hex).
The receiver checks the signature with the key it registered for the partner, refuses a
timestamp more than ``SKEW`` away from its clock, and remembers each nonce in its
database for the window (:mod:`crossline.store.nonces`), so a request replayed to any of
its workers, changed in path, method or body, or held back is refused (HTTP 401).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from crossline.errors import IntegrityError
from crossline.share.identity import NodeIdentity, verify
from crossline.share.partners import Partner
from crossline.store import nonces
from crossline.store.repository import Store

KEY_HEADER = "X-Crossline-Key-Id"
SIGNATURE_HEADER = "X-Crossline-Signature"
TIMESTAMP_HEADER = "X-Crossline-Timestamp"
NONCE_HEADER = "X-Crossline-Nonce"
SKEW = timedelta(minutes=5)
SCHEME = b"crossline-request-v1"


def signed_text(
    method: str, path: str, query: str, body: bytes, timestamp: str, nonce: str
) -> bytes:
    """The exact bytes a request signature covers."""
    digest = hashlib.sha256(body).hexdigest()
    parts = [method.upper(), path, query, digest, timestamp, nonce]
    return b"\n".join([SCHEME, *(p.encode("utf-8") for p in parts)])


def sign_request(
    identity: NodeIdentity,
    method: str,
    path: str,
    query: str,
    body: bytes,
    *,
    now: datetime | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """The four headers that sign one request."""
    timestamp = str(int((now or datetime.now(UTC)).timestamp()))
    nonce = nonce or secrets.token_hex(16)
    text = signed_text(method, path, query, body, timestamp, nonce)
    return {
        KEY_HEADER: identity.key_id,
        SIGNATURE_HEADER: identity.sign(text),
        TIMESTAMP_HEADER: timestamp,
        NONCE_HEADER: nonce,
    }


def check_request(
    store: Store,
    partner: Partner,
    headers: Mapping[str, str],
    *,
    method: str,
    path: str,
    query: str,
    body: bytes,
    now: datetime | None = None,
) -> None:
    """Verify a partner's signed request; IntegrityError (answered 401) when it is not
    signed by the partner's registered key, is stale or from the future, or is a replay."""
    now = now or datetime.now(UTC)
    who = partner.name
    kid, sig = headers.get(KEY_HEADER), headers.get(SIGNATURE_HEADER)
    stamp, nonce = headers.get(TIMESTAMP_HEADER), headers.get(NONCE_HEADER)
    if not (kid and sig and stamp and nonce):
        raise IntegrityError(
            f"request from {who} is not signed",
            expected=f"{KEY_HEADER}, {SIGNATURE_HEADER}, {TIMESTAMP_HEADER}, {NONCE_HEADER}",
        )
    if kid != partner.key_id:
        raise IntegrityError(f"request from {who} signed by key {kid!r}, expected {partner.key_id}")
    if not stamp.isdigit() or len(stamp) > 12 or not (8 <= len(nonce) <= 64):
        raise IntegrityError(f"request from {who} has a malformed timestamp or nonce")
    sent = datetime.fromtimestamp(int(stamp), UTC)
    if abs(now - sent) > SKEW:
        raise IntegrityError(
            f"request from {who} is dated {sent.isoformat()}: more than "
            f"{int(SKEW.total_seconds() // 60)} minutes from this node's clock"
        )
    verify(
        partner.public_key,
        signed_text(method, path, query, body, stamp, nonce),
        sig,
        what=f"request from {who}",
    )
    if not nonces.remember(store, kid, nonce, now=now, window=2 * SKEW):
        raise IntegrityError(f"request from {who} was already received (replay)")
