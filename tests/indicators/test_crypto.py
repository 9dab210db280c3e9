"""Crypto-currency addresses: accepted only when their checksum holds (spec vectors)."""

from __future__ import annotations

import pytest

from crossline.indicators import extract
from crossline.indicators.checksums import keccak256
from crossline.indicators.crypto import crypto_address, eth_checksum

from .support import kinds_values

VALID = [
    ("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
    ("btc", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
    # BIP-173 / BIP-350 test vectors
    (
        "btc",
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    ),
    (
        "btc",
        "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
        "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
    ),
    (
        "btc",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    ),
    # EIP-55 test vectors
    (
        "eth",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
    ),
    (
        "eth",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359",
    ),
    (
        "eth",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb",
    ),
    # reported scam wallets (CryptoScamDB)
    ("trx", "TPcDNYz4AxCaLCY2Xx4i95jGYwCjUrxg5r", "TPcDNYz4AxCaLCY2Xx4i95jGYwCjUrxg5r"),
    ("xrp", "rHuQGDmYx4sRCLYhc1bb7m2wsYh9LHZ5Pw", "rHuQGDmYx4sRCLYhc1bb7m2wsYh9LHZ5Pw"),
    ("ltc", "LN6RFwwfz85KH5nDAR7RetMA2eRjB7arY5", "LN6RFwwfz85KH5nDAR7RetMA2eRjB7arY5"),
    ("ltc", "MWhbe8B8YtU8J1MsFavtkGVYqAABTKMds4", "MWhbe8B8YtU8J1MsFavtkGVYqAABTKMds4"),
    ("doge", "DBjTDtA55ZQ18LbCNWcQNipQcn4ZDZzrK1", "DBjTDtA55ZQ18LbCNWcQNipQcn4ZDZzrK1"),
    (
        "bch",
        "qq6qzcaphg3ygysue8lawxan5khscskgwcc6fywx7a",
        "bitcoincash:qq6qzcaphg3ygysue8lawxan5khscskgwcc6fywx7a",
    ),
    (
        "xlm",
        "GAHK7EEG2WWHVKDNT4CEQFZGKF2LGDSW2IVM4S5DP42RBW3K6BTODB4A",
        "GAHK7EEG2WWHVKDNT4CEQFZGKF2LGDSW2IVM4S5DP42RBW3K6BTODB4A",
    ),
    (
        "dot",
        "15qfYtQaRHHqxxAhRX5qKh6HXeWaSaF7rLfzjLtgW27USYH1",
        "15qfYtQaRHHqxxAhRX5qKh6HXeWaSaF7rLfzjLtgW27USYH1",
    ),
    (
        "bnb",
        "bnb12vfz64rxhtmjp85nwuq09fx6976g7smvzwdm9x",
        "bnb12vfz64rxhtmjp85nwuq09fx6976g7smvzwdm9x",
    ),
    ("zec", "t1R2tWtBWr7Us5PSXoLJZgEPoxPbNL8uk5C", "t1R2tWtBWr7Us5PSXoLJZgEPoxPbNL8uk5C"),
    ("dash", "XmyWpifN4ALwmrDLWsXa6dYo9aGYApK6Gs", "XmyWpifN4ALwmrDLWsXa6dYo9aGYApK6Gs"),
    ("neo", "ATVMaR3SXKRBtwCNgPjV5k2YzEgzMDYeaf", "ATVMaR3SXKRBtwCNgPjV5k2YzEgzMDYeaf"),
    (
        "ada",
        "Ae2tdPwUPEZNC8fNPMB3TLxBgtaEPG7H89oD6ZFRxmYKazNd3ppKp4QHMG7",
        "Ae2tdPwUPEZNC8fNPMB3TLxBgtaEPG7H89oD6ZFRxmYKazNd3ppKp4QHMG7",
    ),
]


@pytest.mark.parametrize(
    ("kind", "address", "value"), VALID, ids=[f"{k}-{a[:8]}" for k, a, _ in VALID]
)
def test_valid_addresses(kind: str, address: str, value: str) -> None:
    found = crypto_address(address)
    assert found is not None and (found.kind, found.value) == (kind, value)
    assert kinds_values(f"send to {address} now") == {(kind, value)}


def _flip(address: str) -> str:
    """The address with one character changed (a typo)."""
    i = len(address) // 2
    alphabet = "23456789"
    return (
        address[:i] + (alphabet[0] if address[i] != alphabet[0] else alphabet[1]) + address[i + 1 :]
    )


@pytest.mark.parametrize(
    ("kind", "address", "value"), VALID, ids=[f"{k}-{a[:8]}" for k, a, _ in VALID]
)
def test_one_typo_breaks_the_checksum(kind: str, address: str, value: str) -> None:
    typo = _flip(address)
    found = crypto_address(typo)
    # an all-lower/upper ETH address carries no checksum: a typo there cannot be caught
    assert found is None or (found.kind == "eth" and "no_checksum" in found.flags)


@pytest.mark.parametrize(
    "address",
    [
        "bc1zw508d6qejxtdg4y5r3zarqfsj6c3",  # v2 with a bech32 (not bech32m) checksum
        "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",  # testnet
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",  # EIP-55 case broken
        "0x6bdfe564378613cc59212ef9cd3ab1b0eeec7fdf1",  # 41 hex digits
        "0x0000000000000000000000000000000000000000",
        "1Mn386ue8o3mW9866octLNP8HFqcYsphJCV",
    ],
    ids=lambda v: v[:14],
)
def test_invalid_addresses(address: str) -> None:
    assert kinds_values(f"wallet {address}") == set()


def test_lowercase_eth_has_no_checksum_flag() -> None:
    (found,) = extract("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
    assert found.flags == {"no_checksum"}


@pytest.mark.parametrize(
    ("data", "digest"),
    [
        (b"", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        (b"abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
        (b"a" * 200, keccak256(b"a" * 100 + b"a" * 100).hex()),
    ],
    ids=["empty", "abc", "two-blocks"],
)
def test_keccak256(data: bytes, digest: str) -> None:
    assert keccak256(data).hex() == digest


def test_eip55_spelling() -> None:
    assert eth_checksum("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") == (
        "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    )
