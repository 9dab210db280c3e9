"""HMAC digests and ECDH-PSI: exact intersections, no raw values or plain hashes on the
wire, received points checked, keys agreed by both nodes without being sent."""

from __future__ import annotations

import base64
import hashlib
import json
import random

import pytest

from crossline.errors import IntegrityError, ValidationError
from crossline.share import blind, psi
from support.share_match_env import other_identity


def phones(rng: random.Random, n: int) -> set[str]:
    return {f"+9198{rng.randrange(10**8):08d}" for _ in range(n)}


@pytest.mark.parametrize(
    ("n_a", "n_b", "n_common", "seed"),
    [(40, 60, 10, 1), (25, 25, 0, 2), (30, 30, 30, 3), (1, 50, 1, 4)],
    ids=["partial", "disjoint", "identical", "single"],
)
def test_psi_intersection_is_exact(n_a: int, n_b: int, n_common: int, seed: int) -> None:
    rng = random.Random(seed)
    pool = sorted(phones(rng, n_a + n_b))
    common = pool[:n_common]
    a_values = common + pool[n_common:n_a]
    b_values = common + pool[n_a : n_a + n_b - n_common]
    rng.shuffle(a_values)
    querier = psi.Querier([("phone", v) for v in a_values])
    responder = psi.Responder([("phone", v, f"case-{v[-4:]}") for v in b_values])
    found = querier.intersect(responder.respond(querier.request()))
    assert sorted(a_values[i] for i, _ in found) == sorted(common)
    assert all(ref == f"case-{a_values[i][-4:]}" for i, ref in found)


def test_same_string_of_another_kind_does_not_match() -> None:
    querier = psi.Querier([("phone", "12345")])
    responder = psi.Responder([("bank_account", "12345", None)])
    assert querier.intersect(responder.respond(querier.request())) == []


def forbidden_bytes(values: list[str]) -> list[bytes]:
    """Raw values and their plain SHA-256 / SHA-512 (hex and base64) must never travel."""
    out = []
    for v in values:
        for digest in (hashlib.sha256(v.encode()).digest(), hashlib.sha512(v.encode()).digest()):
            out += [digest.hex().encode(), base64.b64encode(digest)]
        out.append(v.encode())
    return out


def test_no_raw_values_or_plain_hashes_in_messages() -> None:
    a_values = ["+919876543210", "taskpay4471@ybl", "+14155550100"]
    b_values = ["+919876543210", "other@paytm"]
    querier = psi.Querier([("phone", a_values[0]), ("upi", a_values[1]), ("phone", a_values[2])])
    responder = psi.Responder([("phone", b_values[0], "ref-1"), ("upi", b_values[1], "ref-2")])
    request = json.dumps(querier.request()).encode()
    response = json.dumps(responder.respond(json.loads(request))).encode()
    for needle in forbidden_bytes(a_values + b_values):
        assert needle not in request and needle not in response
    # The responder's references travel encrypted: the non-matching one is not readable.
    assert b"ref-2" not in response and b"ref-1" not in response


@pytest.mark.parametrize(
    "point",
    [b"\x00" * 32, b"\x01" + b"\x00" * 31, b"\xff" * 32, b"\x05" * 31],
    ids=["zero", "identity", "non-canonical", "short"],
)
def test_invalid_points_are_refused(point: bytes) -> None:
    responder = psi.Responder([("phone", "+919876543210", None)])
    with pytest.raises((IntegrityError, ValidationError)):
        responder.respond([base64.b64encode(point).decode()])


def test_tampered_response_is_refused() -> None:
    querier = psi.Querier([("phone", "+919876543210")])
    response = psi.Responder([("phone", "+919876543210", None)]).respond(querier.request())
    response["blinded"] = [base64.b64encode(b"\x00" * 32).decode()]
    with pytest.raises(IntegrityError):
        querier.intersect(response)
    with pytest.raises(IntegrityError, match="blinded values"):
        querier.intersect({"blinded": [], "entries": []})


def test_hmac_digest_kind_separated_and_truncated() -> None:
    key = bytes(range(32))
    d = blind.digest(key, "phone", "+919876543210")
    assert len(d) == 16
    assert d != blind.digest(key, "bank_account", "+919876543210")
    assert d != blind.digest(bytes(32), "phone", "+919876543210")
    with pytest.raises(ValidationError, match="128 bits"):
        blind.digest(key, "phone", "x", size=8)
    with pytest.raises(ValidationError):
        blind.digest(b"short", "phone", "x")


def test_both_nodes_derive_the_same_key_and_third_parties_another() -> None:
    us, india, third = other_identity("us-ftc", "US"), other_identity(), other_identity("x", "GB")
    k_us = blind.derive_key(us, india.public_key)
    assert k_us == blind.derive_key(india, us.public_key)
    assert k_us != blind.derive_key(third, india.public_key)
    assert k_us != blind.derive_key(us, india.public_key, epoch=2)
    assert blind.fingerprint(k_us) == blind.fingerprint(blind.derive_key(india, us.public_key))
