"""Checksum primitives for crypto-currency addresses, from their published specs.

Keccak-256 (the pre-standard padding Ethereum uses, which differs from ``hashlib``'s
SHA3-256), BIP-173/350 bech32 and bech32m, Bitcoin Cash CashAddr, Stellar StrKey
CRC16-XModem. Each is small and pure; they are tested against the specs' vectors.
"""

from __future__ import annotations

# --- Keccak-256 --------------------------------------------------------------------------

_RC = (
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
)  # fmt: skip
# Rotation offsets r[x][y].
_ROT = (
    (0, 36, 3, 41, 18),
    (1, 44, 10, 45, 2),
    (62, 6, 43, 15, 61),
    (28, 55, 25, 21, 56),
    (27, 20, 39, 8, 14),
)
_MASK = (1 << 64) - 1


def _rol(value: int, shift: int) -> int:
    return ((value << shift) | (value >> (64 - shift))) & _MASK if shift else value


def _keccak_f(a: list[int]) -> None:
    """Keccak-f[1600] on 25 lanes, lane (x, y) at index x + 5y."""
    for rc in _RC:
        c = [a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        for i in range(25):
            a[i] ^= d[i % 5]
        b = [0] * 25
        for x in range(5):
            for y in range(5):
                b[y + 5 * ((2 * x + 3 * y) % 5)] = _rol(a[x + 5 * y], _ROT[x][y])
        for y in range(0, 25, 5):
            row = b[y : y + 5]
            for x in range(5):
                a[y + x] = row[x] ^ (~row[(x + 1) % 5] & row[(x + 2) % 5])
        a[0] ^= rc


def keccak256(data: bytes) -> bytes:
    """Keccak-256 digest (Ethereum's hash; padding 0x01 ... 0x80, rate 136 bytes)."""
    rate = 136
    padded = bytearray(data)
    padded.append(0x01)
    padded.extend(b"\x00" * (-len(padded) % rate))
    padded[-1] |= 0x80
    state = [0] * 25
    for offset in range(0, len(padded), rate):
        block = padded[offset : offset + rate]
        for i in range(rate // 8):
            state[i] ^= int.from_bytes(block[8 * i : 8 * i + 8], "little")
        _keccak_f(state)
    return b"".join(lane.to_bytes(8, "little") for lane in state[:4])


# --- bech32 / bech32m ----------------------------------------------------------------------

BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(BECH32_CHARSET)}
BECH32_CONST = 1
BECH32M_CONST = 0x2BC830A3
_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _bech32_polymod(values: list[int]) -> int:
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            if (top >> i) & 1:
                chk ^= _GEN[i]
    return chk


def bech32_decode(address: str, max_length: int = 90) -> tuple[str, list[int], int] | None:
    """``(hrp, data without checksum, constant)``; constant tells bech32 from bech32m."""
    if address.lower() != address and address.upper() != address:
        return None  # mixed case is invalid by the spec
    address = address.lower()
    pos = address.rfind("1")
    if pos < 1 or pos + 7 > len(address) or len(address) > max_length:
        return None
    hrp = address[:pos]
    try:
        data = [_BECH32_INDEX[c] for c in address[pos + 1 :]]
    except KeyError:
        return None
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    const = _bech32_polymod(expanded + data)
    if const not in (BECH32_CONST, BECH32M_CONST):
        return None
    return hrp, data[:-6], const


def convert_bits(data: list[int], from_bits: int, to_bits: int, pad: bool) -> list[int] | None:
    """Regroup a list of ``from_bits``-bit integers into ``to_bits``-bit integers."""
    acc = 0
    bits = 0
    out: list[int] = []
    maxv = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & maxv)
    if pad:
        if bits:
            out.append((acc << (to_bits - bits)) & maxv)
    elif bits >= from_bits or ((acc << (to_bits - bits)) & maxv):
        return None
    return out


def segwit_program(address: str, hrp: str) -> tuple[int, bytes] | None:
    """``(witness version, program)`` of a BIP-173/350 segwit address for ``hrp``."""
    decoded = bech32_decode(address)
    if decoded is None or decoded[0] != hrp or not decoded[1]:
        return None
    _, data, const = decoded
    version = data[0]
    program = convert_bits(data[1:], 5, 8, pad=False)
    if program is None or version > 16 or not 2 <= len(program) <= 40:
        return None
    if version == 0 and (len(program) not in (20, 32) or const != BECH32_CONST):
        return None
    if version > 0 and const != BECH32M_CONST:
        return None
    return version, bytes(program)


# --- CashAddr (Bitcoin Cash) -------------------------------------------------------------


def _cashaddr_polymod(values: list[int]) -> int:
    c = 1
    for d in values:
        top = c >> 35
        c = ((c & 0x07FFFFFFFF) << 5) ^ d
        if top & 0x01:
            c ^= 0x98F2BC8E61
        if top & 0x02:
            c ^= 0x79B76D99E2
        if top & 0x04:
            c ^= 0xF33E5FB3C4
        if top & 0x08:
            c ^= 0xAE2EABE2A8
        if top & 0x10:
            c ^= 0x1E4F43E470
    return c ^ 1


def cashaddr_ok(payload: str, prefix: str = "bitcoincash") -> bool:
    """True when ``payload`` (without ``prefix:``) is a valid CashAddr for a 160-bit hash."""
    try:
        data = [_BECH32_INDEX[c] for c in payload]
    except KeyError:
        return False
    if len(data) != 42:
        return False
    if _cashaddr_polymod([ord(c) & 0x1F for c in prefix] + [0] + data) != 0:
        return False
    raw = convert_bits(data[:-8], 5, 8, pad=False)
    return raw is not None and len(raw) == 21 and raw[0] in (0, 8)


# --- Stellar StrKey --------------------------------------------------------------------------


def crc16_xmodem(data: bytes) -> int:
    """CRC-16/XMODEM (polynomial 0x1021, initial value 0)."""
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc
