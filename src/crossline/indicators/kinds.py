"""Indicator kinds: the names every other module (store, link, share) speaks.

A kind names what a value *is*, not where it came from. Values of a kind are always in
that kind's normal form (see :mod:`crossline.indicators.normalize`), so the pair
``(kind, value)`` identifies one real-world identifier.
"""

from __future__ import annotations

PHONE = "phone"
EMAIL = "email"
URL = "url"
DOMAIN = "domain"
IPV4 = "ipv4"
IPV6 = "ipv6"
UPI = "upi"
BANK_ACCOUNT = "bank_account"
IFSC = "ifsc"
IBAN = "iban"
SWIFT = "swift"
CARD = "card"
SOCIAL = "social"
PII_AADHAAR = "pii_aadhaar"
PII_PAN = "pii_pan"
PII_SSN = "pii_ssn"

#: Crypto-currency address kinds. Each is emitted only when the address passes its
#: coin's checksum (base58check, bech32/bech32m, EIP-55, CashAddr, StrKey, SS58).
CRYPTO_KINDS: tuple[str, ...] = (
    "btc",  # base58check P2PKH/P2SH and bech32/bech32m segwit (bc1...)
    "eth",  # 0x + 40 hex; EIP-55 checked when mixed case (also BSC, Polygon ...)
    "trx",  # TRON base58check, version 0x41
    "ltc",  # Litecoin base58check (L, M) and bech32 (ltc1...)
    "doge",  # Dogecoin base58check (D, A/9)
    "bch",  # Bitcoin Cash CashAddr (bitcoincash:q...)
    "xrp",  # XRP Ledger classic address (Ripple base58 alphabet)
    "xlm",  # Stellar account id (StrKey G..., CRC16)
    "dash",  # Dash base58check (X, 7)
    "zec",  # Zcash transparent (t1, t3)
    "dot",  # Polkadot SS58, network prefix 0
    "ada",  # Cardano Shelley bech32 (addr1...) and Byron (Ae2..., DdzFF..., CRC32)
    "neo",  # NEO legacy base58check, version 0x17 (A...)
    "bnb",  # BNB Beacon Chain bech32 (bnb1...)
)

PII_KINDS: frozenset[str] = frozenset({PII_AADHAAR, PII_PAN, PII_SSN})

#: A caller number as reported that is not valid in any numbering plan (a spoofed caller
#: id such as 232-138-9717): its digits as reported, findable, linking exact repeats only.
PHONE_RAW = "phone_raw"

#: Values that describe another value rather than name one: an IFSC is a bank branch, a
#: SWIFT/BIC a bank. Stored and searchable, never a link, never a registry subject:
#: complaints that paid different accounts at one branch are unrelated.
ATTRIBUTE_KINDS: frozenset[str] = frozenset({IFSC, SWIFT})

KINDS: tuple[str, ...] = (
    PHONE,
    PHONE_RAW,
    EMAIL,
    URL,
    DOMAIN,
    IPV4,
    IPV6,
    UPI,
    BANK_ACCOUNT,
    IFSC,
    IBAN,
    SWIFT,
    CARD,
    *CRYPTO_KINDS,
    SOCIAL,
    PII_AADHAAR,
    PII_PAN,
    PII_SSN,
)

#: Kinds stored in the index. Victim PII is detected only so it can be redacted.
LINKABLE_KINDS: frozenset[str] = frozenset(KINDS) - PII_KINDS
#: Kinds whose shared values join reports into campaigns.
LINKING_KINDS: frozenset[str] = LINKABLE_KINDS - ATTRIBUTE_KINDS
