"""The citizens' site over HTTP: answers that do not leak, no analyst credentials,
limits, the report form and its challenge, the moderation queue."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crossline.public.challenge import solve
from support.api_env import Env
from support.public_seed import RED_ONLY, REPORTED, REPORTED_FORMATS, UNKNOWN

CHECK = "/public/api/v1/check"


def _check(site: Env, q: str, **kw: str) -> dict:
    response = site.client.get(CHECK, params={"q": q, **kw})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("typed", REPORTED_FORMATS, ids=["national", "e164", "dotted"])
def test_reported_number_in_any_format(site: Env, typed: str) -> None:
    body = _check(site, typed, region="US")
    assert body["verdict"] == "reported_scam"
    assert body["values"][0]["value"] == REPORTED
    assert "do not pay" in body["advice"]
    # Aggregates only: nothing of any single report.
    assert set(body["values"][0]) == {
        "kind",
        "value",
        "verdict",
        "reports",
        "scam_type",
        "last_reported",
        "genuine_name",
    }
    assert "They said my account" not in str(body) and "900" not in str(body)


# Values of one length, from reported three times to only in TLP:RED to unknown: the
# answer (JSON or page) must have one size for each question shape.
SAME_LENGTH = (REPORTED, RED_ONLY, UNKNOWN, "+14155550178")
GENUINE_SAME_LENGTH = "+18007721213"


@pytest.mark.parametrize(
    "shape",
    ["{a}", "Missed call from {a}, then SMS from {b}: pay now"],
    ids=["one-value", "two-values"],
)
def test_answers_have_one_size_whether_a_value_is_known_or_not(site: Env, shape: str) -> None:
    values = (*SAME_LENGTH, GENUINE_SAME_LENGTH)
    sizes = {
        (a, b): len(
            site.client.get(CHECK, params={"q": shape.format(a=a, b=b), "region": "US"}).content
        )
        for a in values
        for b in values[:2]
        if a != b  # (one value twice is a one-value question)
    }
    assert len(set(sizes.values())) == 1, sizes


def test_red_only_answers_exactly_like_unknown(site: Env) -> None:
    red = _check(site, RED_ONLY, region="US")
    unknown = _check(site, UNKNOWN, region="US")
    for body in (red, unknown):
        body["values"][0].pop("value")
    assert red == unknown
    assert "does not mean it is safe" in unknown["advice"]


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_pages_have_one_size_too(site: Env, lang: str) -> None:
    sizes = {
        q: len(site.client.get("/public/", params={"q": q, "region": "US", "lang": lang}).content)
        for q in (*SAME_LENGTH, GENUINE_SAME_LENGTH)
    }
    assert len(set(sizes.values())) == 1, sizes


def test_no_analyst_credentials_are_read(site: Env) -> None:
    # A valid analyst token changes nothing (RED stays hidden); a bogus one is no error.
    for headers in (site.as_("analyst"), {"Authorization": "Bearer cl_nonsense"}):
        response = site.client.get(CHECK, params={"q": RED_ONLY}, headers=headers)
        assert response.status_code == 200
        assert response.json()["verdict"] == "no_reports"
    assert "set-cookie" not in site.client.get("/public/").headers


@pytest.mark.parametrize(
    ("path", "marker"),
    [("/public/", "Too many requests"), (CHECK, '"rate_limited"')],
    ids=["page", "api"],
)
def test_the_eleventh_check_in_a_minute_is_refused(site: Env, path: str, marker: str) -> None:
    codes = [site.client.get(path, params={"q": f"+1415555{i:04d}"}).status_code for i in range(11)]
    assert codes == [200] * 10 + [429]
    last = site.client.get(path, params={"q": UNKNOWN})
    assert last.status_code == 429 and marker in last.text
    assert int(last.headers["retry-after"]) >= 1


def test_check_page_in_hindi_with_the_caveat(site: Env) -> None:
    page = site.client.get("/public/", params={"q": UNKNOWN, "region": "US", "lang": "hi"})
    assert page.status_code == 200
    assert '<html lang="hi">' in page.text
    assert 'data-verdict="no_reports"' in page.text
    assert "कोई शिकायत न होने का अर्थ यह नहीं कि यह सुरक्षित है" in page.text


def _form_post(site: Env, data: dict[str, str], files: dict | None = None, lang: str = "en"):  # type: ignore[no-untyped-def]
    form = site.client.get("/public/report", params={"lang": lang})
    token = re.search(r'name="challenge" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    return site.client.post(
        "/public/report", data={"challenge": token, "lang": lang, **data}, files=files
    )


def test_a_report_reaches_the_analysts_with_its_reference(site: Env) -> None:
    sent = _form_post(
        site,
        {
            "what_happened": "Asked me to pay a KYC fee",
            "reported_value": "kycfee.verify@ybl",
            "region": "IN",
            "channel": "sms",
        },
    )
    assert sent.status_code == 201
    reference = re.search(r'id="reference">(CR-[A-Z2-7-]+)<', sent.text).group(1)  # type: ignore[union-attr]
    queue = site.client.get("/api/v1/citizen-reports", headers=site.as_("analyst")).json()["items"]
    [item] = [i for i in queue if i["reference"] == reference]
    assert item["status"] == "pending" and "KYC fee" in item["text"] and item["label"]
    # Not readable without a login, and the public cannot decide.
    assert site.client.get("/api/v1/citizen-reports").status_code == 401
    decided = site.client.post(
        f"/api/v1/citizen-reports/{reference}/decision",
        json={"decision": "confirm"},
        headers=site.as_("analyst"),
    )
    assert decided.status_code == 200 and decided.json()["status"] == "confirmed"
    assert _check(site, "kycfee.verify@ybl", region="IN")["verdict"] == "suspicious"


def test_golden_hour_payment_says_call_1930_and_shows_the_freeze_request(site: Env) -> None:
    paid = (datetime.now(ZoneInfo("Asia/Kolkata")) - timedelta(minutes=20)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    sent = _form_post(
        site,
        {
            "what_happened": "पैसे भेजे, फिर फ़ोन बंद",
            "reported_value": "refund.desk@okhdfcbank",
            "amount": "15000",
            "paid_by": "upi",
            "when": paid,
            "region": "IN",
        },
        lang="hi",
    )
    assert sent.status_code == 201
    assert "अभी 1930 पर कॉल करें" in sent.text
    assert "रोकने का अनुरोध" in sent.text  # the freeze request that was raised


@pytest.mark.parametrize(
    ("data", "field_text"),
    [
        ({"what_happened": "", "message_text": ""}, "say what happened"),
        ({"what_happened": "x", "amount": "lots"}, "must be a number"),
        ({"what_happened": "x", "when": "yesterday-ish"}, "not readable"),
    ],
    ids=["empty", "amount", "when"],
)
def test_bad_form_says_what_is_wrong_and_keeps_what_was_typed(
    site: Env, data: dict[str, str], field_text: str
) -> None:
    sent = _form_post(site, {"reported_value": "keep-me@ybl", **data})
    assert sent.status_code == 400
    assert field_text in sent.text and "keep-me@ybl" in sent.text


def test_screenshot_must_be_an_image_and_small(site: Env) -> None:
    bad = _form_post(
        site, {"what_happened": "x"}, files={"screenshot": ("a.png", b"MZ\x90\x00", "image/png")}
    )
    assert bad.status_code == 400 and "PNG, JPEG or WebP" in bad.text
    big = b"\x89PNG\r\n\x1a\n" + b"0" * (600 * 1024)
    huge = _form_post(
        site, {"what_happened": "x"}, files={"screenshot": ("a.png", big, "image/png")}
    )
    assert huge.status_code == 413
    ok = _form_post(
        site,
        {"what_happened": "see picture"},
        files={"screenshot": ("s.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")},
    )
    assert ok.status_code == 201


def test_forged_or_replayed_challenges(site: Env) -> None:
    forged = site.client.post("/public/report", data={"challenge": "abc.def", "what_happened": "x"})
    assert forged.status_code == 400 and "challenge" in forged.text
    # The API wants a proof of work; a form's challenge (no work) is refused.
    form = site.client.get("/public/report").text
    easy = re.search(r'name="challenge" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    refused = site.client.post(
        "/public/api/v1/report", json={"challenge": easy, "solution": "0", "what_happened": "x"}
    )
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "challenge"


def test_api_report_with_proof_of_work_and_replay_gives_one_report(site: Env) -> None:
    issued = site.client.get("/public/api/v1/challenge").json()
    body = {
        "challenge": issued["challenge"],
        "solution": solve(issued["challenge"], issued["difficulty"]),
        "message_text": "Your SIM will be blocked today, call 9123456780",
        "sender": "+919123456780",
        "region": "IN",
    }
    first = site.client.post("/public/api/v1/report", json=body)
    again = site.client.post("/public/api/v1/report", json=body)
    assert first.status_code == again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]
    wrong = site.client.post("/public/api/v1/report", json={**body, "solution": "x"})
    assert wrong.status_code in (201, 400)  # "x" may solve it by chance; usually it does not
    queue = site.client.get(
        "/api/v1/citizen-reports", params={"status": "all"}, headers=site.as_("analyst")
    ).json()["items"]
    assert [i["reference"] for i in queue].count(first.json()["reference"]) == 1


def test_the_api_is_described_for_partner_apps(site: Env) -> None:
    spec = site.client.get("/public/api/v1/openapi.json").json()
    assert {"/api/v1/check", "/api/v1/challenge", "/api/v1/report"} <= set(spec["paths"])
    assert not any(p.startswith("/report") or p == "/" for p in spec["paths"])


def test_form_errors_in_hindi(site: Env) -> None:
    sent = _form_post(site, {"what_happened": "", "amount": "बहुत"}, lang="hi")
    assert sent.status_code == 400
    assert "गँवाई गई राशि एक संख्या होनी चाहिए" in sent.text


def test_body_over_the_limit_is_refused_before_reading(site: Env) -> None:
    response = site.client.post(
        CHECK,
        content=b"{" + b" " * (600 * 1024) + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
