"""The notes and tags routes one handler set serves for campaigns and for reports."""

from __future__ import annotations

import pytest
from fastapi import APIRouter

from crossline.api.responses.casework import NoteOut, NotesPage, TagsOut
from crossline.api.routes.casework import CampaignRef, ReportRef, add_subject_routes

CASES = [
    ("campaign", "campaigns", CampaignRef),
    ("report", "reports", ReportRef),
]


@pytest.mark.parametrize(("kind", "plural", "ref"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_gets_its_own_named_routes(kind: str, plural: str, ref: object) -> None:
    router = APIRouter()
    add_subject_routes(router, kind, plural, ref)
    got = {
        (m, r.path): (r.name, r.status_code, r.response_model)
        for r in router.routes
        for m in r.methods  # type: ignore[attr-defined]
    }
    base = f"/{plural}/{{{kind}_id}}"
    assert got == {
        ("GET", f"{base}/notes"): (f"{kind}_notes", None, NotesPage),
        ("POST", f"{base}/notes"): (f"add_{kind}_note", 201, NoteOut),
        ("GET", f"{base}/tags"): (f"{kind}_tags", None, TagsOut),
        ("POST", f"{base}/tags"): (f"tag_{kind}", None, TagsOut),
        ("DELETE", f"{base}/tags/{{tag}}"): (f"untag_{kind}", None, TagsOut),
    }
    # The shared handlers read the path's own parameter name, so each kind's routes
    # bind ``{kind}_id`` and nothing else from the path.
    for r in router.routes:
        assert [p.alias for p in r.dependant.path_params][:1] == [f"{kind}_id"]  # type: ignore[attr-defined]


AUDITED = [
    ("campaign", "casework", {"campaign_id": "c-full", "status": "open"}, "campaign_id", "c-full"),
    ("report", "notes", {"subject_id": "r-1", "items": []}, "subject_id", "r-1"),
]


@pytest.mark.parametrize(("kind", "what", "out", "key", "target"), AUDITED,
                         ids=[a[1] for a in AUDITED])  # fmt: skip
def test_audited_logs_the_read_under_the_resolved_id_and_returns_the_view(
    monkeypatch: pytest.MonkeyPatch, kind: str, what: str, out: dict, key: str, target: str
) -> None:
    from crossline.api.routes import casework

    logged: list[tuple] = []
    monkeypatch.setattr(casework, "audit", lambda *a, **kw: logged.append((a, kw)))
    got = casework._audited("req", "who", kind, what, out, key=key)  # type: ignore[arg-type]
    assert got is out
    assert logged == [(("req", "who", "read", kind, target), {"what": what})]


CHANGES = [
    (("campaign-1", "alice"), {}),
    (("report", "r-1", "tag-x"), {"remove": True}),
    ((["c1", "c2"], "same scam"), {}),
]


@pytest.mark.parametrize(("args", "kw"), CHANGES, ids=["positional", "keyword", "list"])
def test_change_runs_as_the_caller_from_the_callers_address(
    monkeypatch: pytest.MonkeyPatch, args: tuple, kw: dict
) -> None:
    from crossline.api.routes import casework

    monkeypatch.setattr(casework, "get_node", lambda request: "node")
    monkeypatch.setattr(casework, "client_ip", lambda request: "198.51.100.4")
    got = casework._change("req", "who", lambda *a, **k: (a, k), *args, **kw)  # type: ignore[arg-type]
    assert got == (("node", "who", *args), {"ip": "198.51.100.4", **kw})
