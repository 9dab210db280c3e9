"""PartnerClient: one way to call a partner node, one translation of its failures."""

from __future__ import annotations

import json
from dataclasses import replace

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crossline.errors import (
    CrosslineError,
    EgressRefusedError,
    NotAllowedError,
    PartnerRateLimitedError,
    SharingError,
    TransportError,
)
from crossline.net.egress import EgressPolicy
from crossline.net.outbound import Outbound
from crossline.share.identity import NodeIdentity, verify
from crossline.share.partner_client import PartnerClient
from crossline.share.partners import Partner
from crossline.share.request_signing import (
    KEY_HEADER,
    NONCE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signed_text,
)

ME = NodeIdentity("us-node", "US", Ed25519PrivateKey.generate())
LEAK = "stack trace at /srv/partner/app.py line 12"


def partner(base_url: str = "https://in-node.example") -> Partner:
    them = NodeIdentity("in-node", "IN", Ed25519PrivateKey.generate())
    return Partner(
        id="p1", name="in-node", country="IN", public_key=them.public_key, key_id=them.key_id,
        base_url=base_url, credential="cl_issued_to_us", org_id=None, active=True,
    )  # fmt: skip


def client(handler: object, base_url: str = "https://in-node.example") -> PartnerClient:
    out = Outbound(
        EgressPolicy(), httpx.MockTransport(handler), resolve=lambda h, p: ["93.184.216.34"]
    )
    return PartnerClient(partner(base_url), ME, out)


def test_requests_carry_the_credential_and_a_signature_over_method_path_body() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    with client(handler) as c:
        assert c.json("POST", "/api/v1/alerts/inbox", json={"a": 1}) == {"ok": True}
        c.json("POST", "/api/v1/alerts/inbox", json={"a": 1})
    first, second = seen
    assert str(first.url) == "https://in-node.example/api/v1/alerts/inbox"
    assert first.headers["Authorization"] == "Bearer cl_issued_to_us"
    assert first.headers[KEY_HEADER] == ME.key_id
    text = signed_text(
        "POST", "/api/v1/alerts/inbox", "", first.content,
        first.headers[TIMESTAMP_HEADER], first.headers[NONCE_HEADER],
    )  # fmt: skip
    verify(ME.public_key, text, first.headers[SIGNATURE_HEADER])
    assert first.headers[NONCE_HEADER] != second.headers[NONCE_HEADER]  # fresh each time


def crossline_error(status: int, code: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": LEAK}})


@pytest.mark.parametrize(
    ("answer", "error", "code"),
    [
        (httpx.Response(503, text=LEAK), TransportError, "transport"),
        (crossline_error(500, "internal"), TransportError, "transport"),
        (httpx.Response(429, headers={"Retry-After": "7"}), PartnerRateLimitedError,
         "rate_limited"),
        (crossline_error(403, "not_allowed"), NotAllowedError, "not_allowed"),
        (httpx.Response(401, json={"title": "bad signature", "description": LEAK}),
         NotAllowedError, "not_allowed"),
        (httpx.Response(404, text=LEAK), SharingError, "sharing"),
        (httpx.Response(302, headers={"Location": "http://127.0.0.1/"}), TransportError,
         "transport"),
        (httpx.ConnectError("refused"), TransportError, "transport"),
        (httpx.ReadTimeout("slow"), TransportError, "transport"),
    ],
    ids=["503", "500", "429", "403", "401-taxii", "404", "redirect", "refused", "timeout"],
)  # fmt: skip
def test_failures_are_translated_once_without_the_partners_body(
    answer: httpx.Response | Exception, error: type[CrosslineError], code: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(answer, Exception):
            raise answer
        return answer

    with client(handler) as c, pytest.raises(error) as caught:
        c.request("POST", "/api/v1/match/psi", json={"points": []})
    assert caught.value.code == code
    assert "in-node" in caught.value.message
    assert LEAK not in json.dumps(caught.value.to_dict())
    if isinstance(caught.value, PartnerRateLimitedError):
        assert caught.value.context["retry_after"] == 7


def test_a_body_that_is_not_json_is_a_sharing_error() -> None:
    with client(lambda r: httpx.Response(200, text="<html>")) as c, pytest.raises(SharingError):
        c.json("GET", "/api/v1/match/digests")


def test_a_partner_registered_at_an_internal_address_is_not_called() -> None:
    calls: list[httpx.Request] = []
    out = Outbound(
        EgressPolicy(), httpx.MockTransport(lambda r: calls.append(r) or httpx.Response(200))
    )
    with (
        PartnerClient(partner("http://127.0.0.1:8472"), ME, out) as c,
        pytest.raises(EgressRefusedError, match="loopback"),
    ):
        c.request("GET", "/taxii2/")
    assert calls == []


@pytest.mark.parametrize(
    ("base_url", "credential"), [(None, "x"), ("https://in-node.example", None)],
    ids=["no-address", "no-credential"],
)  # fmt: skip
def test_a_partner_without_address_or_credential_is_a_clear_error(
    base_url: str | None, credential: str | None
) -> None:
    p = replace(partner(), base_url=base_url, credential=credential)
    with pytest.raises(SharingError, match="no address|no credential"):
        PartnerClient(p, ME, Outbound())


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/taxii2/", "https://in-node.example/taxii2/"),
        ("https://in-node.example/taxii2/api/", "https://in-node.example/taxii2/api/"),
        ("http://169.254.169.254/latest/meta-data/", "https://in-node.example/latest/meta-data/"),
        (
            "https://elsewhere.example/taxii2/api/?next=2",
            "https://in-node.example/taxii2/api/?next=2",
        ),
    ],
    ids=["path", "own-url", "metadata-url", "other-host"],
)
def test_urls_a_partner_hands_us_stay_on_its_registered_origin(given: str, expected: str) -> None:
    seen: list[str] = []
    with client(lambda r: seen.append(str(r.url)) or httpx.Response(204)) as c:
        c.request("GET", given)
    assert seen == [expected]
