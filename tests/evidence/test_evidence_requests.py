"""Legal-assistance requests: the workflow, the SLA clock, pre-filling from a campaign."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from crossline.errors import EvidenceError, ValidationError
from crossline.evidence.requests import (
    RequestDraft,
    create_request,
    get_request,
    list_requests,
    set_status,
)
from crossline.evidence.workflow import STATUSES, TRANSITIONS, ask_for, check_transition, sla
from crossline.store import Store
from support.api_seed import seed

ALLOWED = [(a, b) for a in STATUSES for b in sorted(TRANSITIONS[a])]
FORBIDDEN = [
    ("draft", "answered"),
    ("draft", "acknowledged"),
    ("sent", "draft"),
    ("answered", "sent"),
    ("refused", "answered"),
    ("withdrawn", "sent"),
]


@pytest.mark.parametrize(("old", "new"), ALLOWED, ids=[f"{a}->{b}" for a, b in ALLOWED])
def test_allowed_transitions(old: str, new: str) -> None:
    check_transition(old, new)


@pytest.mark.parametrize(("old", "new"), FORBIDDEN, ids=[f"{a}->{b}" for a, b in FORBIDDEN])
def test_forbidden_transitions_name_both_statuses(old: str, new: str) -> None:
    with pytest.raises(EvidenceError, match=f"from '{old}' to '{new}'") as err:
        check_transition(old, new)
    assert err.value.context == {"from_status": old, "to_status": new}


@pytest.mark.parametrize(
    ("kind", "rtype", "words"),
    [
        ("phone", "mlat", "subscriber details"),
        ("phone", "mlat", "preservation of call records"),
        ("upi", "mlat", "KYC"),
        ("bank_account", "letter_rogatory", "freezing of balances"),
        ("upi", "freeze", "freezing of the balance"),
        ("domain", "preservation", "preservation of records for this domain"),
        ("domain", "freeze", None),
    ],
    ids=["phone", "phone-cdr", "upi", "account", "freeze", "preserve-domain", "no-freeze-domain"],
)
def test_what_is_asked_per_indicator(kind: str, rtype: str, words: str | None) -> None:
    ask = ask_for(kind, rtype)
    assert ask is None if words is None else words in (ask or "")


def _req(status: str, due: date | None, sent_days_ago: int = 10) -> dict[str, object]:
    now = datetime(2025, 6, 30, tzinfo=UTC)
    return {
        "status": status,
        "created_at": now - timedelta(days=sent_days_ago + 1),
        "sent_at": now - timedelta(days=sent_days_ago),
        "closed_at": now if status in ("answered", "refused", "withdrawn") else None,
        "due_date": due,
    }


@pytest.mark.parametrize(
    ("status", "due", "overdue", "days_left"),
    [
        ("sent", date(2025, 6, 29), True, -1),
        ("acknowledged", date(2025, 7, 5), False, 5),
        ("answered", date(2025, 6, 1), False, None),
        ("draft", None, False, None),
    ],
    ids=["overdue", "due-soon", "closed-late-is-not-overdue", "draft-no-due"],
)
def test_sla_clock(status: str, due: date | None, overdue: bool, days_left: int | None) -> None:
    clock = sla(_req(status, due), date(2025, 6, 30))
    assert (clock["overdue"], clock["days_left"], clock["days_open"]) == (overdue, days_left, 10)


def test_a_request_from_a_campaign_is_pre_filled_without_personal_data(store: Store) -> None:
    ids = seed(store)
    draft = RequestDraft(
        request_type="mlat",
        partner="in-cbi",
        campaign=ids["cross_border"][:8],
        legal_basis="US-India MLAT (2001), art. 1",
    )
    req = create_request(store, draft, actor="user:alice")
    assert req["status"] == "draft" and req["campaign_id"] == ids["cross_border"]
    assert req["victims"] >= 2 and set(req["losses"]) == {"USD", "INR"}
    asked = {(a["kind"], a["value"]) for a in req["asks"]}
    assert {("upi", "fraudster@okaxis"), ("phone", "+12025550143")} <= asked
    assert ("phone", "+18001234567") not in asked  # the common helpline is not the fraudsters'
    text = repr(req)
    for pii in ("Alice Victim", "Ravi Kumar", "+15125550100", "+919876500001"):
        assert pii not in text


def test_status_workflow_history_and_overdue_listing(store: Store) -> None:
    draft = RequestDraft(request_type="emergency_disclosure", partner="in-cbi", facts="Facts.")
    req = create_request(store, draft, actor="a")
    with pytest.raises(EvidenceError, match="from 'draft' to 'answered'"):
        set_status(store, req["id"], "answered", actor="a")
    sent = set_status(store, req["id"], "sent", actor="a")
    assert sent["due_date"] == (datetime.now(UTC).date() + timedelta(days=2)).isoformat()
    later = datetime.now(UTC).date() + timedelta(days=5)
    [late] = list_requests(store, overdue=True, today=later)
    assert late["id"] == req["id"] and late["days_left"] == -3
    set_status(store, req["id"], "refused", actor="b", note="outside the treaty")
    assert list_requests(store, overdue=True, today=later) == []
    history = get_request(store, req["id"])["history"]
    assert [(h["from"], h["to"]) for h in history] == [
        (None, "draft"),
        ("draft", "sent"),
        ("sent", "refused"),
    ]


def test_a_request_needs_facts(store: Store) -> None:
    with pytest.raises(ValidationError, match="needs facts"):
        create_request(store, RequestDraft(request_type="mlat", partner="in-cbi"), actor="a")


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        (
            RequestDraft(request_type="mlat", partner="in-cbi", facts="Facts."),
            {"title": "Mutual legal assistance (treaty) request", "case_ref": None, "asks": []},
        ),
        (
            RequestDraft(
                request_type="freeze",
                partner="in-cbi",
                facts="Facts.",
                title="Freeze now",
                case_ref="CASE-9",
                legal_basis="art. 1",
                due=date(2030, 1, 2),
                asks=[{"kind": "upi", "value": "x@okaxis", "ask": "freeze"}],
            ),
            {
                "title": "Freeze now",
                "case_ref": "CASE-9",
                "legal_basis": "art. 1",
                "due_date": "2030-01-02",
                "asks": [{"kind": "upi", "value": "x@okaxis", "ask": "freeze"}],
            },
        ),
    ],
    ids=["defaults", "every-field"],
)
def test_a_draft_is_stored_as_given(
    store: Store, draft: RequestDraft, expected: dict[str, object]
) -> None:
    req = create_request(store, draft, actor="a")
    assert (req["type"], req["partner"], req["facts"]) == (draft.request_type, "in-cbi", "Facts.")
    assert {k: req[k] for k in expected} == expected
