"""URLs inside redirectors, bracketed placeholders, defanged URLs with bracketed fragments."""

from __future__ import annotations

import re

import pytest

from crossline.indicators import extract

CASES = [
    (
        "google-redirect-defanged",
        "Click google.com/url?q=hxxps[:]//evil.top/pay/login.html&sa=D now",
        {("url", "https://evil.top/pay/login.html"), ("domain", "evil.top"),
         ("domain", "google.com")},
    ),
    (
        "percent-encoded-target",
        "https://www.google.com/url?q=https%3A%2F%2Fkyc-update.xyz%2Fverify&sa=D",
        {("url", "https://kyc-update.xyz/verify"), ("domain", "kyc-update.xyz")},
    ),
    (
        "facebook-link-shim",
        "see https://l.facebook.com/l.php?u=http://free-gift.top/claim&h=AT0",
        {("url", "http://free-gift.top/claim"), ("domain", "free-gift.top")},
    ),
    (
        "placeholder-query",
        "go to http://scam-site.top/claim.html?[recipient] today",
        {("url", "http://scam-site.top/claim.html")},
    ),
    (
        "placeholder-cut-off",
        "http://parcel-fee.top/track.html?[recipient",
        {("url", "http://parcel-fee.top/track.html")},
    ),
    (
        "placeholder-second-param",
        "https://refund-now.top/a.php?id=7&to=[email]",
        {("url", "https://refund-now.top/a.php?id=7")},
    ),
    (
        "defanged-with-bracket-fragment",
        "open hxxps[:]//evil[.]top/path#[frag] to pay",
        {("url", "https://evil.top/path"), ("domain", "evil.top")},
    ),
    (
        "defanged-dot-in-path-kept",
        "hxxps[:]//evil[.]top/a[.]html",
        {("url", "https://evil.top/a.html")},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_url_edge_cases(text: str, expected: set[tuple[str, str]]) -> None:
    found = {(f.kind, f.value) for f in extract(text, "US")}
    assert expected <= found
    # No placeholder tail ("[recipient", "[email]") in any URL.
    assert not any(re.search(r"\[[A-Za-z]", v) for k, v in found if k == "url")
