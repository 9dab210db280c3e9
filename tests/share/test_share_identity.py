"""Node identity and signed envelopes: round trip, and every way a forgery must fail."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

from crossline.config import Settings
from crossline.errors import IntegrityError
from crossline.share.envelope import open_envelope, seal
from crossline.share.identity import canonical_json, load_identity, verify


def node(tmp_path: Path, name: str) -> Settings:
    return Settings(home=tmp_path / name, database_url="sqlite://", node_name=name, country="IN")


def test_key_created_once_private_and_stable(tmp_path: Path) -> None:
    first = load_identity(node(tmp_path, "in-cbi"))
    again = load_identity(node(tmp_path, "in-cbi"))
    assert first.public_key == again.public_key
    path = tmp_path / "in-cbi" / "node_ed25519.pem"
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert "PRIVATE" not in repr(first) and first.key_id in repr(first)


def test_signature_round_trip_and_tamper(tmp_path: Path) -> None:
    ident = load_identity(node(tmp_path, "a"))
    data = canonical_json({"b": 1, "a": "अ"})
    sig = ident.sign(data)
    verify(ident.public_key, data, sig)
    with pytest.raises(IntegrityError, match="does not verify"):
        verify(ident.public_key, data + b" ", sig)


def tamper_payload(env: dict) -> None:
    env["payload"]["value"] = "+919999999999"


def tamper_signer(env: dict) -> None:
    env["signer"]["node"] = "someone-else"


def tamper_time(env: dict) -> None:
    env["signed_at"] = "2020-01-01T00:00:00+00:00"


def tamper_signature(env: dict) -> None:
    env["signature"] = env["signature"][:-4] + "AAA="


def drop_signature(env: dict) -> None:
    del env["signature"]


@pytest.mark.parametrize(
    "tamper",
    [tamper_payload, tamper_signer, tamper_time, tamper_signature, drop_signature],
    ids=lambda f: f.__name__,
)
def test_envelope_tampering_is_caught(tmp_path: Path, tamper) -> None:
    ident = load_identity(node(tmp_path, "a"))
    env = seal(ident, {"value": "+919876543210"})
    assert open_envelope(copy.deepcopy(env), ident.public_key) == {"value": "+919876543210"}
    tamper(env)
    with pytest.raises(IntegrityError):
        open_envelope(env, ident.public_key)


def test_envelope_from_other_key_refused(tmp_path: Path) -> None:
    a = load_identity(node(tmp_path, "a"))
    b = load_identity(node(tmp_path, "b"))
    env = seal(b, {"x": 1})
    env["signer"]["key_id"] = a.key_id  # claims to be a
    with pytest.raises(IntegrityError):
        open_envelope(env, a.public_key)
