"""The node's identity: a name, a country and an Ed25519 key pair.

Everything a node sends to a partner, a bank or a court is signed with this key;
the public key is what a receiver needs to check it, offline if need be.

The private key lives in ``<home>/node_ed25519.pem`` (PKCS#8 PEM, mode 0600), created on
first use, or in the file named by ``CROSSLINE_NODE_KEY_FILE``. It is never logged and
never leaves the node. Public keys travel as base64 (standard alphabet, raw 32 bytes);
a key is named by its *key id*: the first 16 hex digits of the SHA-256 of the raw key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from crossline.config import Settings
from crossline.errors import ConfigError, IntegrityError
from crossline.filemodes import write_once

KEY_FILE = "node_ed25519.pem"


def canonical_json(value: Any) -> bytes:
    """The bytes that get signed: sorted keys, no spaces, UTF-8 (stable across nodes)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def key_id(public_key_b64: str) -> str:
    """Short fingerprint of a public key (16 hex digits of SHA-256 of the raw key)."""
    return hashlib.sha256(_raw_public(public_key_b64)).hexdigest()[:16]


def _raw_public(public_key_b64: str) -> bytes:
    try:
        raw = base64.b64decode(public_key_b64.strip(), validate=True)
    except (ValueError, TypeError) as exc:
        raise IntegrityError("public key is not base64", expected="32-byte Ed25519 key") from exc
    if len(raw) != 32:
        raise IntegrityError(
            f"public key has {len(raw)} bytes", expected="32-byte Ed25519 key in base64"
        )
    return raw


def load_public_key(public_key_b64: str) -> Ed25519PublicKey:
    """An Ed25519 public key from its base64 form (raises IntegrityError when malformed)."""
    return Ed25519PublicKey.from_public_bytes(_raw_public(public_key_b64))


def verify(public_key_b64: str, data: bytes, signature_b64: str, *, what: str = "data") -> None:
    """Check an Ed25519 signature; raise IntegrityError naming ``what`` when it fails."""
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except (ValueError, TypeError) as exc:
        raise IntegrityError(f"signature of {what} is not base64") from exc
    try:
        load_public_key(public_key_b64).verify(signature, data)
    except InvalidSignature as exc:
        raise IntegrityError(
            f"signature of {what} does not verify with key {key_id(public_key_b64)}"
        ) from exc


@dataclass(frozen=True)
class NodeIdentity:
    """A node's name, country and signing key."""

    name: str
    country: str
    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> str:
        """The public key, base64 of the raw 32 bytes."""
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return base64.b64encode(raw).decode("ascii")

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    def sign(self, data: bytes) -> str:
        """Ed25519 signature of ``data``, base64."""
        return base64.b64encode(self.private_key.sign(data)).decode("ascii")

    def sign_json(self, value: Any) -> str:
        """Signature of the canonical JSON form of ``value``."""
        return self.sign(canonical_json(value))

    def __repr__(self) -> str:  # never print key material
        return f"NodeIdentity(name={self.name!r}, country={self.country!r}, key_id={self.key_id})"


def key_path(settings: Settings) -> Path:
    env = os.environ.get("CROSSLINE_NODE_KEY_FILE")
    return Path(env) if env else settings.home / KEY_FILE


def load_identity(settings: Settings) -> NodeIdentity:
    """The node's identity; the key pair is generated on first use (file mode 0600)."""
    path = key_path(settings)
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_once(path, pem)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError, OSError) as exc:
        raise ConfigError(f"node key {path} cannot be read as a PEM Ed25519 key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"node key {path} is not an Ed25519 key")
    return NodeIdentity(name=settings.node_name, country=settings.country, private_key=key)
