"""The one step behind a legal request's status change and answer: respond, then audit."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from crossline.api.routes import legal_requests

CASES = [
    ("refused", "no basis", ("change", {"status": "refused"}), {"notify": False}),
    ("answered", None, ("answer", {"items": 2}), {"items": ["a1", "b2"]}),
    ("partly_answered", "more to come", ("answer", {"items": 1}), {"items": ["a1"]}),
]


@pytest.mark.parametrize(("status", "note", "audited", "more"), CASES, ids=[c[0] for c in CASES])
def test_respond_moves_the_request_as_the_caller_and_audits_it(
    monkeypatch: pytest.MonkeyPatch, status: str, note: str | None, audited: Any, more: Any
) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(legal_requests, "evidence_of", lambda request: "ev")
    monkeypatch.setattr(legal_requests, "outbound_of", lambda request: "out")
    monkeypatch.setattr(
        legal_requests.exchange,
        "respond",
        lambda *a, **kw: calls.append(("respond", a, kw)) or {"id": "full-id", "status": a[2]},
    )
    monkeypatch.setattr(legal_requests, "audit", lambda *a, **kw: calls.append(("audit", a, kw)))
    principal = SimpleNamespace(actor="alice")
    out = legal_requests._respond("req", principal, "ab12cd", status, note, audited, **more)  # type: ignore[arg-type]
    action, details = audited
    assert out == {"id": "full-id", "status": status}
    assert calls == [
        (
            "respond",
            ("ev", "ab12cd", status),
            {"actor": "alice", "note": note, "outbound": "out", **more},
        ),
        ("audit", ("req", principal, action, "legal_request", "full-id"), details),
    ]


STEPS = [("send", "send_legal_request"), ("status", "change_legal_request"),
         ("answer", "answer_legal_request")]  # fmt: skip


@pytest.mark.parametrize(("step", "name"), STEPS, ids=[s for s, _ in STEPS])
def test_each_workflow_step_is_a_post_answering_the_request(step: str, name: str) -> None:
    from crossline.api.responses.evidence import LegalRequestOut

    [route] = [r for r in legal_requests.router.routes if r.name == name]  # type: ignore[attr-defined]
    assert route.path == f"/api/v1/legal-requests/{{request_id}}/{step}"  # type: ignore[attr-defined]
    assert (route.methods, route.tags) == ({"POST"}, ["legal requests"])  # type: ignore[attr-defined]
    assert route.response_model is LegalRequestOut  # type: ignore[attr-defined]
