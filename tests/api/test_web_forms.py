"""The fields of a page's form read from one table (``crossline.web.forms``): they answer
what the same ``Form`` parameters answer, keep what was typed when the page is shown
again with an error, and read a date field the same way in every form."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from fastapi import FastAPI, Form
from fastapi.testclient import TestClient

from crossline.errors import ValidationError
from crossline.web.forms import Fields, form_fields
from support.api_env import PASSWORD, Env

NOTE_FIELDS = form_fields(title=5, body=10)


def _client() -> TestClient:
    """One form read both ways: from the table, and from one parameter a field."""
    app = FastAPI()

    @app.post("/table")
    def table(form: Fields = NOTE_FIELDS) -> dict[str, Any]:
        return {"csrf_token": form.csrf_token, "fields": dict(form), "title": form.title}

    @app.post("/params")
    def params(
        csrf_token: str = Form("", max_length=128),
        title: str = Form("", max_length=5),
        body: str = Form("", max_length=10),
    ) -> dict[str, Any]:
        return {"csrf_token": csrf_token, "fields": {"title": title, "body": body}, "title": title}

    return TestClient(app)


SENT = [  # (what the form sends)
    {},
    {"title": "hello", "body": "world"},
    {"title": "toolong"},
    {"body": "b" * 11, "csrf_token": "t"},
    {"title": "toolong", "body": "b" * 11},
    {"csrf_token": "c" * 129, "title": "x"},
    {"csrf_token": "c" * 129, "title": "toolong"},
    {"title": "hi", "extra": "ignored"},
]


@pytest.mark.parametrize(
    "data", SENT,
    ids=["empty", "full", "title-long", "body-long", "both-long", "token-long",
         "token-and-title-long", "extra-field"],
)  # fmt: skip
def test_table_answers_as_form_parameters(data: dict[str, str]) -> None:
    client = _client()
    by_table = client.post("/table", data=data)
    by_params = client.post("/params", data=data)
    assert by_table.status_code == by_params.status_code
    assert by_table.json() == by_params.json()


@pytest.mark.parametrize(
    ("value", "parse", "expected", "problem"),
    [
        ("", date.fromisoformat, None, None),
        ("2026-03-01", date.fromisoformat, date(2026, 3, 1), None),
        ("2026-03-01T09:30", datetime.fromisoformat, datetime(2026, 3, 1, 9, 30), None),
        ("1 March", date.fromisoformat, None, "due date '1 March' is not a date: expected X"),
    ],
    ids=["empty", "date", "date-time", "refused"],
)
def test_parsed_field(value: str, parse: Any, expected: Any, problem: str | None) -> None:
    form = Fields({"due_date": value})
    if problem is None:
        assert form.parsed("due_date", parse, "is not a date: expected X") == expected
        return
    with pytest.raises(ValidationError) as caught:
        form.parsed("due_date", parse, "is not a date: expected X")
    assert caught.value.message == problem
    assert caught.value.context["field"] == "due_date"


def test_fields_read_as_attributes_and_refuse_unknown_names() -> None:
    form = Fields({"case": "C-1"})
    assert (form.case, form["case"], form.csrf_token) == ("C-1", "C-1", "")
    with pytest.raises(AttributeError):
        _ = form.exhibit


def _login(env: Env, who: str) -> str:
    env.client.cookies.clear()
    r = env.client.post("/api/v1/auth/login", json={"username": who, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


# (page's form, what it sends, what the page shown again with the error keeps)
KEPT = [
    ("/requests", {"partner": "", "title": "Kept title", "due_date": "2026-02-30"},
     ['value="Kept title"', 'value="2026-02-30"']),
    ("/requests", {"partner": "us-node", "due_date": "soon", "legal_basis": "Treaty art. 7"},
     ["due date &#39;soon&#39; is not a date", 'value="Treaty art. 7"']),
    ("/evidence/items", {"case": "C-9", "exhibit": "E-1", "description": "Kept description"},
     ["fill in: acquired_by", "Kept description", 'value="E-1"']),
    ("/evidence/items", {"case": "C-9", "exhibit": "E-1", "description": "d",
                         "acquired_by": "officer", "acquired_at": "noon"},
     ["acquired at &#39;noon&#39; is not a date and time", 'value="officer"']),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "data", "kept"), KEPT, ids=["request-empty", "request-date", "item-missing",
                                         "item-when"],
)  # fmt: skip
def test_form_kept_when_refused(env: Env, path: str, data: dict[str, str], kept: list[str]) -> None:
    csrf = _login(env, "analyst")
    files = {"file": ("note.txt", b"hello", "text/plain")} if path == "/evidence/items" else None
    r = env.client.post(path, data={**data, "csrf_token": csrf}, files=files)
    assert r.status_code == 422, r.text
    for marker in kept:
        assert marker in r.text
