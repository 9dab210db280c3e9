"""Indicator extraction and normalization: the values Crossline links reports on.

>>> from crossline.indicators import extract
>>> [(f.kind, f.value) for f in extract("Call 833-304-1447 or visit hxxps://evil[.]com/x", "US")]
[('phone', '+18333041447'), ('url', 'https://evil.com/x'), ('domain', 'evil.com')]

Public API: :class:`Found`, :func:`extract`, :func:`extract_many`, :func:`normalize`,
:func:`normalize_account`, :data:`KINDS`, :data:`LINKABLE_KINDS`, :data:`PII_KINDS`.
Everything here is pure: no I/O, no network, no global state beyond bounded caches.
"""

from crossline.indicators.extract import extract, extract_many
from crossline.indicators.found import Found
from crossline.indicators.kinds import (
    ATTRIBUTE_KINDS,
    CRYPTO_KINDS,
    KINDS,
    LINKABLE_KINDS,
    LINKING_KINDS,
    PII_KINDS,
)
from crossline.indicators.normalize import normalize, normalize_account

__all__ = [
    "ATTRIBUTE_KINDS",
    "CRYPTO_KINDS",
    "KINDS",
    "LINKABLE_KINDS",
    "LINKING_KINDS",
    "PII_KINDS",
    "Found",
    "extract",
    "extract_many",
    "normalize",
    "normalize_account",
]
