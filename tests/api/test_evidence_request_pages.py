"""Evidence and legal requests in the browser's forms: adding a file with its metadata
(limits and errors naming the field), exporting a case and verifying a package, and a
legal request drafted from a campaign, moved along, with its deadline flagged."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest

from crossline.share.identity import load_identity
from support.api_env import PASSWORD, Env


def _login(env: Env, who: str = "analyst") -> str:
    r = env.client.post("/api/v1/auth/login", json={"username": who, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


def _add(env: Env, csrf: str, case: str, body: bytes = b"call recording", **form: str) -> Any:
    data = {
        "csrf_token": csrf, "case": case, "exhibit": "EX-1",
        "description": "Voicemail <of the caller>", "acquired_by": "Det. Ray", **form,
    }  # fmt: skip
    return env.client.post("/evidence/items", data=data, files={"file": ("vm.wav", body)})


def test_add_a_file_then_export_and_verify_the_package(env: Env) -> None:
    csrf = _login(env)
    r = _add(env, csrf, "WEB-1", source="the victim")
    assert r.status_code == 200, r.text
    assert "Exhibit EX-1 of case WEB-1 stored" in r.text
    assert "Voicemail &lt;of the caller&gt;" in r.text  # escaped
    assert re.search(r"<td>acquire</td>", r.text)  # the custody chain of the case
    zipped = env.client.post("/evidence/cases/WEB-1/export", data={"csrf_token": csrf})
    assert zipped.status_code == 200 and zipped.content[:2] == b"PK"
    key = load_identity(env.node.settings).public_key
    ok = env.client.post("/evidence/packages/verify", data={"csrf_token": csrf, "key": key},
                         files={"file": ("WEB-1.zip", zipped.content)})  # fmt: skip
    assert ok.status_code == 200 and 'class="verify-ok"' in ok.text and "WEB-1.zip" in ok.text
    # A file changed inside the package: the page says so and names it.
    src = zipfile.ZipFile(io.BytesIO(zipped.content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data + b"!" if info.filename.startswith("files/") else data)
    bad = env.client.post("/evidence/packages/verify", data={"csrf_token": csrf, "key": key},
                          files={"file": ("WEB-1.zip", out.getvalue())})  # fmt: skip
    assert 'class="verify-bad"' in bad.text and "Problems" in bad.text


@pytest.mark.parametrize(
    ("case", "form", "body", "status", "message"),
    [
        ("WEB-2", {"description": ""}, b"x", 422, "fill in: description"),
        ("bad case!", {}, b"x", 422, "case"),
        ("WEB-2", {}, b"", 422, "is empty"),
        ("WEB-2", {"acquired_at": "yesterday"}, b"x", 422, "expected YYYY-MM-DDTHH:MM"),
        ("WEB-2", {}, b"y" * 2048, 413, "at most 1,024 bytes"),
    ],
    ids=["missing-field", "bad-case", "empty-file", "bad-date", "too-large"],
)
def test_add_form_errors_name_the_field(
    env: Env, monkeypatch: pytest.MonkeyPatch, case: str, form: dict[str, str], body: bytes,
    status: int, message: str,
) -> None:  # fmt: skip
    monkeypatch.setattr(env.node, "max_upload_bytes", 1024)
    csrf = _login(env)
    r = _add(env, csrf, case, body, **form)
    assert r.status_code == status and message in r.text and 'id="evidence-error"' in r.text
    assert "WEB-2</a>" not in r.text  # nothing stored


def test_forms_need_the_csrf_token_and_write_permission(env: Env) -> None:
    _login(env)
    assert _add(env, "wrong", "WEB-3").status_code == 403
    csrf = _login(env, "viewer")
    assert _add(env, csrf, "WEB-3").status_code == 403
    page = env.client.get("/evidence")
    assert 'id="evidence-add"' not in page.text and 'id="package-verify"' in page.text


def test_legal_request_from_a_campaign_with_its_deadline(env: Env) -> None:
    csrf = _login(env)
    cid = env.ids["cross_border"]
    form_page = env.client.get("/requests", params={"campaign": cid})
    assert f'value="{cid}"' in form_page.text and 'id="request-form"' in form_page.text
    past = (date.today() - timedelta(days=3)).isoformat()
    r = env.client.post("/requests", data={"csrf_token": csrf, "type": "preservation",
                        "partner": "india", "campaign": cid, "due_date": past},
                        follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    shown = env.client.get(url)
    assert f"campaign {cid[:8]}" in shown.text and "OVERDUE" in shown.text
    assert '<option value="sent">' in shown.text and '<option value="withdrawn">' in shown.text
    moved = env.client.post(f"{url}/status", data={"csrf_token": csrf, "status": "sent",
                            "note": "sent by e-mail"}, follow_redirects=True)  # fmt: skip
    assert "sent by e-mail" in moved.text and 'id="request-status">sent;' in moved.text
    listed = env.client.get("/requests", params={"overdue": "true"})
    assert url.rsplit("/", 1)[1] in listed.text and "OVERDUE" in listed.text
    wrong = env.client.post(f"{url}/status", data={"csrf_token": csrf, "status": "draft"})
    assert wrong.status_code == 422 and 'id="request-error"' in wrong.text


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"type": "mlat", "partner": "", "facts": "f"}, "choose the partner"),
        ({"type": "mlat", "partner": "india", "facts": "f", "due_date": "soon"}, "YYYY-MM-DD"),
        ({"type": "mlat", "partner": "india"}, "needs facts"),
        ({"type": "subpoena", "partner": "india", "facts": "f"}, "unknown request type"),
    ],
    ids=["partner", "due-date", "facts", "type"],
)
def test_request_form_errors(env: Env, form: dict[str, str], message: str) -> None:
    csrf = _login(env)
    r = env.client.post("/requests", data={**form, "csrf_token": csrf})
    assert r.status_code == 422 and message in r.text and 'id="request-error"' in r.text
