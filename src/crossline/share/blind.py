"""Keyed digests of low-entropy identifiers (HMAC mode of blind matching).

A digest is ``HMAC-SHA-256(key, kind || 0x00 || normalized value)``, truncated to
``DIGEST_BYTES`` (never below 128 bits). The kind is part of the message so the same
string as a phone and as an account never collide.

The key is per partner and derived, not transferred: both nodes compute the same
X25519 shared secret from their own Ed25519 node key (converted to X25519) and the
partner's registered public key, and feed it to HKDF-SHA-256 with both key ids and
an epoch. Nothing secret crosses the wire; a new epoch gives a new key (rotation).

What this protects against: anyone *but* the partner. A third party that intercepts
or steals the digests learns nothing without the key. The partner holds the key and
can enumerate a whole numbering plan: 10^10 Indian mobile numbers at ~1 µs per HMAC
is about 3 hours on one core, minutes on a rack. Use PSI (:mod:`crossline.share.psi`)
when the partner itself must not be able to do that.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from nacl import bindings

from crossline.errors import IntegrityError, ValidationError
from crossline.indicators.kinds import BANK_ACCOUNT, CRYPTO_KINDS, DOMAIN, EMAIL, IBAN, PHONE, UPI
from crossline.share.identity import NodeIdentity

KEY_BYTES = 32
DIGEST_BYTES = 16  # 128 bits: collisions among 10^9 values stay below 10^-20
MIN_DIGEST_BYTES = 16
KEY_METHOD = "x25519-hkdf"

#: What blind matching compares: identifiers fraudsters reuse across borders.
MATCH_KINDS: frozenset[str] = frozenset(
    {PHONE, UPI, BANK_ACCOUNT, IBAN, EMAIL, DOMAIN}
) | frozenset(CRYPTO_KINDS)


def digest(key: bytes, kind: str, value: str, *, size: int = DIGEST_BYTES) -> bytes:
    """The truncated HMAC-SHA-256 of ``kind || 0x00 || value`` under ``key``."""
    if len(key) != KEY_BYTES:
        raise ValidationError(f"match key has {len(key)} bytes", expected=f"{KEY_BYTES} bytes")
    if not MIN_DIGEST_BYTES <= size <= 32:
        raise ValidationError(
            f"digest size {size} bytes: never below 128 bits",
            expected=f"{MIN_DIGEST_BYTES}..32 bytes (>= 128 bits)",
        )
    msg = kind.encode("utf-8") + b"\x00" + value.encode("utf-8")
    return hmac.new(key, msg, hashlib.sha256).digest()[:size]


def digest_hex(key: bytes, kind: str, value: str, *, size: int = DIGEST_BYTES) -> str:
    return digest(key, kind, value, size=size).hex()


def digests(
    key: bytes, items: Iterable[tuple[str, str]], *, size: int = DIGEST_BYTES
) -> dict[str, tuple[str, str]]:
    """hex digest -> (kind, value) for every (kind, value) pair."""
    return {digest_hex(key, k, v, size=size): (k, v) for k, v in items}


def fingerprint(key: bytes) -> str:
    """Names a key without revealing it (16 hex of SHA-256), so both sides can compare."""
    return hashlib.sha256(b"crossline-match-key\x00" + key).hexdigest()[:16]


def _x25519_private(identity: NodeIdentity) -> bytes:
    seed = identity.private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = base64.b64decode(identity.public_key)
    return bindings.crypto_sign_ed25519_sk_to_curve25519(seed + public)


def derive_key(identity: NodeIdentity, partner_public_key: str, *, epoch: int = 1) -> bytes:
    """The 32-byte match key shared with the partner holding ``partner_public_key``.

    Both nodes get the same key: X25519(own key, partner key) is symmetric, and the
    HKDF info names both key ids in sorted order.
    """
    if epoch < 1:
        raise ValidationError(f"key epoch {epoch}", expected="an integer >= 1")
    try:
        theirs = bindings.crypto_sign_ed25519_pk_to_curve25519(
            base64.b64decode(partner_public_key, validate=True)
        )
        shared = bindings.crypto_scalarmult(_x25519_private(identity), theirs)
    except (ValueError, TypeError, RuntimeError) as exc:  # nacl raises these on bad keys
        raise IntegrityError("partner public key cannot be used for key agreement") from exc
    from crossline.share.identity import key_id

    ids = sorted([identity.key_id, key_id(partner_public_key)])
    info = f"crossline blind-match v1|{ids[0]}|{ids[1]}|epoch={epoch}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(shared)
