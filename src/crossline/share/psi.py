"""ECDH private set intersection over libsodium's ed25519 prime-order group (PyNaCl).

Semi-honest protocol, one round, with payloads (the responder's case references)::

    querier A (values X, secret a)            responder B (values Y with refs, secret b)
    P_x = H(x)^a  ------------------------->
                  <-------------------------  Q_x = P_x^b = H(x)^ab   (same order as sent)
                  <-------------------------  for each y, shuffled:
                                                t_y = T(H(y)^b), box_y = Enc(K(H(y)^b), ref_y)
    H(x)^b = Q_x^(1/a); x matches iff T(H(x)^b) is some t_y; K(H(x)^b) opens box_y

``H`` hashes ``kind || 0x00 || value`` with SHA-512 (domain-separated), keeps the
first 32 bytes and maps them onto the group with ``crypto_core_ed25519_from_uniform``;
``T`` and ``K`` are SHA-512 under distinct labels. B sees only blinded points; A sees
only blinded points and one-way tags, and can open a reference only for a value it
holds. Neither side learns the other's non-matching values, and neither can test a
guess offline: every guess costs an exponentiation by the other side's secret, i.e.
a query, which the responder bounds and logs.

Limits: semi-honest only (a malicious querier can still probe chosen values up to its
budget, and a responder could answer with a subset); each side learns the size of
the other's set. All group operations are libsodium's; every received point is
checked with ``crypto_core_ed25519_is_valid_point`` before use.
"""

from __future__ import annotations

import base64
import hashlib
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nacl import bindings
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

from crossline.errors import IntegrityError, ValidationError

POINT_BYTES = bindings.crypto_core_ed25519_BYTES  # 32
TAG_BYTES = 16
_HASH_LABEL = b"crossline-psi-v1-hash\x00"
_TAG_LABEL = b"crossline-psi-v1-tag\x00"
_KEY_LABEL = b"crossline-psi-v1-key\x00"


def hash_to_group(kind: str, value: str) -> bytes:
    """H(kind, value): a point of the prime-order subgroup (libsodium's from_uniform)."""
    h = hashlib.sha512(_HASH_LABEL + kind.encode() + b"\x00" + value.encode()).digest()
    return bindings.crypto_core_ed25519_from_uniform(h[:32])


def new_secret() -> bytes:
    """A uniformly random non-zero scalar (64 random bytes reduced mod the group order)."""
    while True:
        s = bindings.crypto_core_ed25519_scalar_reduce(os.urandom(64))
        if any(s):
            return s


def check_point(point: bytes, *, what: str = "point") -> bytes:
    """``point`` if it is a canonical point of the main subgroup, else IntegrityError."""
    if len(point) != POINT_BYTES or not bindings.crypto_core_ed25519_is_valid_point(point):
        raise IntegrityError(f"{what} is not a valid group element", expected="ed25519 point")
    return point


def blind(point: bytes, secret: bytes) -> bytes:
    """point^secret (libsodium refuses results that are the identity)."""
    try:
        return bindings.crypto_scalarmult_ed25519_noclamp(secret, point)
    except (CryptoError, RuntimeError) as exc:
        raise IntegrityError("blinding produced the identity: bad point") from exc


def tag_of(point: bytes) -> bytes:
    return hashlib.sha512(_TAG_LABEL + point).digest()[:TAG_BYTES]


def box_key(point: bytes) -> bytes:
    return hashlib.sha512(_KEY_LABEL + point).digest()[: SecretBox.KEY_SIZE]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, *, what: str, size: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise ValidationError(f"{what} must be a base64 string", field=what)
    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"{what} is not base64", field=what) from exc
    if size is not None and len(raw) != size:
        raise ValidationError(f"{what} has {len(raw)} bytes", field=what, expected=f"{size}")
    return raw


@dataclass
class Querier:
    """Side A: holds its values and its secret ``a`` for one exchange."""

    items: Sequence[tuple[str, str]]  # (kind, value)
    secret: bytes = field(default_factory=new_secret, repr=False)

    def request(self) -> list[str]:
        """{H(x)^a}, base64, in the order of ``items``."""
        return [b64(blind(hash_to_group(k, v), self.secret)) for k, v in self.items]

    def intersect(self, response: dict[str, Any]) -> list[tuple[int, str | None]]:
        """(index into ``items``, the responder's reference or None) for every match."""
        doubled = response.get("blinded")
        entries = response.get("entries")
        if not isinstance(doubled, list) or not isinstance(entries, list):
            raise IntegrityError("PSI response lacks 'blinded' and 'entries' lists")
        if len(doubled) != len(self.items):
            raise IntegrityError(
                f"PSI response has {len(doubled)} blinded values for {len(self.items)} sent"
            )
        boxes: dict[bytes, bytes] = {}
        for entry in entries:
            if not isinstance(entry, dict):
                raise IntegrityError("PSI response entry is not an object")
            t = unb64(entry.get("t"), what="tag", size=TAG_BYTES)
            boxes[t] = unb64(entry.get("box"), what="box") if entry.get("box") else b""
        inverse = bindings.crypto_core_ed25519_scalar_invert(self.secret)
        out: list[tuple[int, str | None]] = []
        for i, text in enumerate(doubled):
            q = check_point(unb64(text, what="blinded", size=POINT_BYTES), what="blinded value")
            hb = blind(q, inverse)  # H(x)^b
            t = tag_of(hb)
            if t not in boxes:
                continue
            ref = None
            if boxes[t]:
                try:
                    ref = SecretBox(box_key(hb)).decrypt(boxes[t]).decode("utf-8")
                except CryptoError as exc:
                    raise IntegrityError("PSI reference does not decrypt") from exc
            out.append((i, ref))
        return out


@dataclass
class Responder:
    """Side B: its values with their case references, and its secret ``b``."""

    items: Sequence[tuple[str, str, str | None]]  # (kind, value, reference or None)
    secret: bytes = field(default_factory=new_secret, repr=False)
    shuffle: bool = True

    _entries: list[dict[str, Any]] | None = field(default=None, init=False, repr=False)

    def entries(self) -> list[dict[str, Any]]:
        """B's tagged entries (computed once: the costly part for a large set)."""
        if self._entries is None:
            out = []
            for kind, value, ref in self.items:
                hb = blind(hash_to_group(kind, value), self.secret)
                box = SecretBox(box_key(hb)).encrypt(ref.encode("utf-8")) if ref else b""
                out.append({"t": b64(tag_of(hb)), "box": b64(box) if box else None})
            self._entries = out
        return self._entries

    def respond(self, points: Sequence[Any]) -> dict[str, Any]:
        """{H(x)^ab} in the order received, and the shuffled tagged entries of B's set."""
        doubled = []
        for i, text in enumerate(points):
            p = check_point(unb64(text, what=f"points[{i}]", size=POINT_BYTES), what=f"points[{i}]")
            doubled.append(b64(blind(p, self.secret)))
        entries = list(self.entries())
        if self.shuffle:
            random.SystemRandom().shuffle(entries)
        return {"blinded": doubled, "entries": entries}
