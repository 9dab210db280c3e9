"""Crypto-currency addresses, accepted only when their checksum holds.

A 25-35 character base58 string or a 40-hex-digit string is common in text (ids, hashes,
tokens); the checksum is what tells an address from noise, so nothing here is emitted on
shape alone. The one exception the specs force on us: an Ethereum address written all
in lower (or upper) case carries no checksum; it is accepted with the ``no_checksum``
flag because the 0x + 40 hex shape is specific enough.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import zlib
from dataclasses import dataclass

import base58

from crossline.indicators.checksums import (
    BECH32_CONST,
    bech32_decode,
    cashaddr_ok,
    convert_bits,
    crc16_xmodem,
    keccak256,
    segwit_program,
)


@dataclass(frozen=True, slots=True)
class Address:
    kind: str
    value: str
    flags: frozenset[str]


_OK = frozenset({"checksum_ok"})
_ETH_RE = re.compile(r"0[xX]([0-9a-fA-F]{40})")

# base58check version byte -> coin (P2PKH and P2SH). Testnets are left out on purpose.
_B58_VERSIONS = {
    0x00: "btc",
    0x05: "btc",
    0x41: "trx",
    0x30: "ltc",
    0x32: "ltc",
    0x1E: "doge",
    0x16: "doge",
    0x4C: "dash",
    0x10: "dash",
    0x17: "neo",
}
_ZEC_VERSIONS = (b"\x1c\xb8", b"\x1c\xbd")  # t1..., t3...
_SEGWIT_HRPS = {"bc": "btc", "ltc": "ltc"}


def eth_checksum(hex40: str) -> str:
    """The EIP-55 mixed-case spelling of a 40-hex-digit address (without ``0x``)."""
    lower = hex40.lower()
    digest = keccak256(lower.encode("ascii")).hex()[:40]
    return "".join(
        c.upper() if c.isalpha() and int(h, 16) >= 8 else c
        for c, h in zip(lower, digest, strict=True)
    )


def eth(candidate: str) -> Address | None:
    match = _ETH_RE.fullmatch(candidate)
    if not match:
        return None
    hex40 = match.group(1)
    if len(set(hex40.lower())) <= 2:  # 0x000...0, 0xfff...f: placeholders, not accounts
        return None
    letters = [c for c in hex40 if c.isalpha()]
    if letters and not (all(c.islower() for c in letters) or all(c.isupper() for c in letters)):
        if eth_checksum(hex40) != hex40:
            return None  # mixed case that fails EIP-55: a mistyped address
        return Address("eth", "0x" + hex40.lower(), _OK)
    return Address("eth", "0x" + hex40.lower(), frozenset({"no_checksum"}))


def _base58(candidate: str) -> Address | None:
    if 25 <= len(candidate) <= 36:
        try:
            payload = base58.b58decode_check(candidate)
        except ValueError:
            payload = b""
        if len(payload) == 21 and payload[0] in _B58_VERSIONS:
            return Address(_B58_VERSIONS[payload[0]], candidate, _OK)
        if len(payload) == 22 and payload[:2] in _ZEC_VERSIONS:
            return Address("zec", candidate, _OK)
        if candidate[0] == "r":
            try:
                payload = base58.b58decode_check(candidate, alphabet=base58.XRP_ALPHABET)
            except ValueError:
                payload = b""
            if len(payload) == 21 and payload[0] == 0:
                return Address("xrp", candidate, _OK)
    if 46 <= len(candidate) <= 48 and candidate[0] == "1":
        return _ss58(candidate)
    if len(candidate) >= 50 and candidate.startswith(("Ae2", "Ddz")):
        return _cardano_byron(candidate)
    return None


def _cardano_byron(candidate: str) -> Address | None:
    """Cardano Byron address: CBOR ``[24(bytes payload), crc32(payload)]`` in base58."""
    try:
        raw = base58.b58decode(candidate)
    except ValueError:
        return None
    # 0x82 array(2); 0xd8 0x18 tag 24; byte string with 1- or 2-byte length; 0x1a uint32
    if raw[:3] != b"\x82\xd8\x18" or len(raw) < 12:
        return None
    head = raw[3]
    if head == 0x58:
        size, start = raw[4], 5
    elif head == 0x59:
        size, start = int.from_bytes(raw[4:6], "big"), 6
    else:
        return None
    payload = raw[start : start + size]
    tail = raw[start + size :]
    if len(payload) != size or len(tail) != 5 or tail[0] != 0x1A:
        return None
    if zlib.crc32(payload) != int.from_bytes(tail[1:], "big"):
        return None
    return Address("ada", candidate, _OK)


def _ss58(candidate: str) -> Address | None:
    """Polkadot account id: prefix 0, 32-byte key, 2-byte blake2b checksum."""
    try:
        raw = base58.b58decode(candidate)
    except ValueError:
        return None
    if len(raw) != 35 or raw[0] != 0:
        return None
    check = hashlib.blake2b(b"SS58PRE" + raw[:33], digest_size=64).digest()[:2]
    return Address("dot", candidate, _OK) if check == raw[33:] else None


def _bech32(candidate: str) -> Address | None:
    lower = candidate.lower()
    hrp = lower[: lower.rfind("1")] if "1" in lower else ""
    if hrp in _SEGWIT_HRPS:
        if segwit_program(candidate, hrp) is None:
            return None
        return Address(_SEGWIT_HRPS[hrp], lower, _OK)
    if hrp == "bnb":
        decoded = bech32_decode(candidate)
        if decoded is None or decoded[2] != BECH32_CONST:
            return None
        program = convert_bits(decoded[1], 5, 8, pad=False)
        return Address("bnb", lower, _OK) if program and len(program) == 20 else None
    if hrp == "addr":  # Cardano Shelley: longer than BIP-173's 90-character limit
        decoded = bech32_decode(candidate, max_length=130)
        if decoded is None or decoded[2] != BECH32_CONST:
            return None
        program = convert_bits(decoded[1], 5, 8, pad=False)
        if not program or len(program) not in (29, 57) or program[0] >> 4 > 7:
            return None
        return Address("ada", lower, _OK)
    return None


def _stellar(candidate: str) -> Address | None:
    try:
        raw = base64.b32decode(candidate)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 35 or raw[0] != 6 << 3:
        return None
    if crc16_xmodem(raw[:33]) != int.from_bytes(raw[33:], "little"):
        return None
    return Address("xlm", candidate, _OK)


def _cashaddr(candidate: str) -> Address | None:
    lower = candidate.lower()
    payload = lower.removeprefix("bitcoincash:")
    if candidate != lower and candidate.upper() != candidate:
        return None
    return Address("bch", "bitcoincash:" + payload, _OK) if cashaddr_ok(payload) else None


def crypto_address(candidate: str) -> Address | None:
    """The address in ``candidate`` (the whole string), if its checksum holds."""
    if not candidate:
        return None
    head = candidate[:2].lower()
    if head == "0x":
        return eth(candidate)
    lower = candidate.lower()
    if lower.startswith(("bc1", "ltc1", "bnb1", "addr1")):
        return _bech32(candidate)
    if lower.startswith("bitcoincash:") or (len(candidate) == 42 and candidate[0] in "qpQP"):
        return _cashaddr(candidate)
    if len(candidate) == 56 and candidate[0] == "G" and candidate.isupper():
        found = _stellar(candidate)
        if found:
            return found
    return _base58(candidate)
