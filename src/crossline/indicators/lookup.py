"""What a typed value may mean: the normalized forms to look for when someone pastes a
number, handle, account, wallet, URL or domain into a search box."""

from __future__ import annotations

from crossline.errors import ValidationError
from crossline.indicators.extract import extract
from crossline.indicators.typed import typed_account, typed_raw_phone

LOOKUP_REGIONS = ("US", "IN")


def lookup_candidates(query: str, region: str | None = None) -> list[tuple[str | None, str]]:
    """(kind, value) pairs to look for: the query's normalized forms under each plausible
    region, then the raw text as typed and lower-cased (kind None: any kind)."""
    query = query.strip()
    if not query:
        raise ValidationError("empty lookup: type a number, handle, account, wallet, URL or domain")
    pairs: list[tuple[str | None, str]] = []
    regions = [region] if region else [None, *LOOKUP_REGIONS]
    for reg in regions:
        for f in extract(query, reg):
            if (f.kind, f.value) not in pairs:
                pairs.append((f.kind, f.value))
    # An account typed without "a/c" or in the stored IFSC:number form, and a caller
    # number that no plan accepts (kept as reported): see crossline.indicators.typed.
    account = typed_account(query)
    if account is not None and ("bank_account", account.key) not in pairs:
        pairs.append(("bank_account", account.key))
    pairs.extend(("phone_raw", digits) for digits in typed_raw_phone(query))
    for raw in (query, query.lower()):
        if (None, raw) not in pairs:
            pairs.append((None, raw))
    return pairs
