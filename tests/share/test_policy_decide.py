"""The policy, table-driven: every marking x agreement x record kind, and redaction."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from policy_support import agreement

from crossline.errors import ValidationError
from crossline.share.markings import (
    TLP2_STIX_IDS,
    TLP_LEVELS,
    default_marking,
    parse_pap,
    parse_tlp,
    stix_marking_definition,
    tlp_from_stix_id,
    tlp_rank,
)
from crossline.share.policy import decide, redact_report

KIND_SETS = {
    "indicators": ["indicator"],
    "campaigns": ["campaign"],
    "reports": ["report"],
    "full": ["report_full"],
    "all": ["indicator", "campaign", "report", "report_full"],
}
MAXES = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT"]
RECORD_KINDS = ["indicator", "campaign", "report", "report_full"]


def expected(kinds: list[str], max_marking: str, kind: str, marking: str) -> bool:
    """The rule written independently of the code: order of TLP 2.0 is fixed here."""
    order = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
    kind_ok = kind in kinds or (kind == "report" and "report_full" in kinds)
    return kind_ok and marking != "TLP:RED" and order.index(marking) <= order.index(max_marking)


MATRIX = list(itertools.product(KIND_SETS, MAXES, RECORD_KINDS, TLP_LEVELS))


@pytest.mark.parametrize(
    ("kinds", "max_marking", "kind", "marking"),
    MATRIX,
    ids=[f"{k}-{m[4:]}-{kind}-{mk[4:]}" for k, m, kind, mk in MATRIX],
)
def test_every_marking_agreement_kind(kinds, max_marking, kind, marking) -> None:
    a = agreement(kinds=KIND_SETS[kinds], max_marking=max_marking)
    decision = decide(a, kind, marking)
    assert decision.allowed is expected(KIND_SETS[kinds], max_marking, kind, marking), decision
    assert decision.reason


@pytest.mark.parametrize(
    ("case", "kw", "allowed"),
    [
        ("none", None, False),
        ("expired", {"expires_at": "2020-01-01T00:00Z", "valid_from": "2019-01-01T00:00Z"}, False),
        ("future", {"valid_from": "2099-01-01T00:00:00Z"}, False),
        ("inactive", {"active": False}, False),
        ("ok", {}, True),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)  # fmt: skip
def test_no_or_stale_agreement_denies(case, kw, allowed) -> None:
    a = None if kw is None else agreement(**kw)
    assert decide(a, "indicator", "TLP:CLEAR").allowed is allowed


@pytest.mark.parametrize(
    ("purpose", "allowed"),
    [(None, True), ("investigation", True), ("marketing", False)],
    ids=["no-purpose", "listed", "unlisted"],
)
def test_purpose(purpose, allowed) -> None:
    assert decide(agreement(), "indicator", "TLP:GREEN", purpose=purpose).allowed is allowed


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("amber", "TLP:AMBER"),
        ("TLP:AMBER", "TLP:AMBER"),
        (" tlp:amber+strict ", "TLP:AMBER+STRICT"),
        ("white", "TLP:CLEAR"),
        ("TLP:WHITE", "TLP:CLEAR"),
        ("Red", "TLP:RED"),
    ],
    ids=["word", "canonical", "strict", "white", "tlp-white", "case"],
)
def test_parse_tlp(text, want) -> None:
    assert parse_tlp(text) == want


@pytest.mark.parametrize("text", ["", "TLP:PURPLE", "PAP:RED", None, 3], ids=str)
def test_parse_tlp_rejects_naming_the_choices(text) -> None:
    with pytest.raises(ValidationError) as err:
        parse_tlp(text)
    assert "TLP:AMBER+STRICT" in str(err.value.context["expected"])


def test_ranks_pap_and_stix_ids() -> None:
    assert [tlp_rank(m) for m in TLP_LEVELS] == [0, 1, 2, 3, 4]
    assert parse_pap("green") == "PAP:GREEN" and parse_pap("PAP:WHITE") == "PAP:CLEAR"
    # The OASIS TLP 2.0 marking-definition ids (STIX 2.1 common objects).
    assert TLP2_STIX_IDS["TLP:RED"] == "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
    for level, sid in TLP2_STIX_IDS.items():
        obj = stix_marking_definition(level)
        assert obj["id"] == sid and tlp_from_stix_id(sid) == level and obj["name"] == level
    assert len(set(TLP2_STIX_IDS.values())) == 5


@pytest.mark.parametrize(
    ("source", "received", "env", "want"),
    [
        ("ftc_dnc", None, "", "TLP:CLEAR"),
        ("ncrp", None, "", "TLP:AMBER"),
        ("partner:in-i4c", "TLP:GREEN", "", "TLP:GREEN"),
        ("mystery", None, "", "TLP:AMBER"),
        ("ncrp", None, "ncrp=green", "TLP:GREEN"),
    ],
    ids=["public", "victims", "partner-keeps", "unknown", "configured"],
)
def test_default_marking(monkeypatch, source, received, env, want) -> None:
    monkeypatch.setenv("CROSSLINE_MARKING_DEFAULTS", env)
    assert default_marking(source, received=received) == want


REPORT = {
    "id": "r1",
    "source": "ncrp",
    "source_ref": "31104202100001",
    "jurisdiction": "IN",
    "channel": "call",
    "received_at": datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
    "received_raw": "01/03/2024 09:30",
    "seen_at": datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
    "text": "Ravi Kumar was called from +919876500001",
    "amount_lost": Decimal("45000.00"),
    "currency": "INR",
    "victim_country": "IN",
    "victim_state": "Maharashtra",
    "victim_district": "Pune",
    "victim_area_code": "020",
    "victim_pii": {"name": "Ravi Kumar", "phone": "+919800000000"},
    "victim_key": "k",
    "suspects": [{"kind": "phone", "value": "+919876500001"}],
    "marking": "TLP:AMBER",
    "extra": {"raw": "x"},
    "label_evidence": ["Ravi"],
    "component_id": "c1",
    "indicators": [{"kind": "phone", "value": "+919876500001", "id": "i"}],
}
VICTIM_KEYS = {"victim_pii", "victim_key", "victim_district", "victim_area_code", "text"}


@pytest.mark.parametrize(
    ("kw", "present", "absent"),
    [
        ({"kinds": ["report"]}, {"victim_state", "indicators", "suspects"}, VICTIM_KEYS),
        (
            {"kinds": ["report_full"]},
            {"text", "victim_district"},
            {"victim_pii", "victim_key", "extra", "label_evidence", "received_raw"},
        ),
        (
            {"kinds": ["report_full"], "allow_victim_contacts": True},
            {"victim_pii", "text"},
            {"victim_key"},
        ),
        (
            {"kinds": ["report_full"], "coarsen": {"location": "country"}},
            {"victim_country"},
            {"victim_state", "victim_district"},
        ),
        (
            {"kinds": ["report_full"], "withheld": ["amount_lost", "text"]},
            {"currency"},
            {"amount_lost", "text", "victim_pii"},
        ),
    ],
    ids=["report", "full", "full-contacts", "coarse-country", "withheld"],
)
def test_redaction(kw, present, absent) -> None:
    out = redact_report(REPORT, agreement(**kw))
    assert out is not None
    assert present <= out.keys() and not (absent & out.keys())
    assert out["indicators"] == [{"kind": "phone", "value": "+919876500001"}]
    assert out["campaign_id"] == "c1" and out.get("amount_lost") in ("45000.00", None)
    if "victim_pii" not in out and "text" not in out:
        assert "Ravi" not in repr(out)  # the victim's name was only in the narrative


def test_redaction_denies_and_coarsens_time() -> None:
    assert redact_report(REPORT, agreement(kinds=["indicator"])) is None
    assert redact_report({**REPORT, "marking": "TLP:RED"}, agreement(kinds=["report"])) is None
    assert redact_report(REPORT, None) is None
    out = redact_report(REPORT, agreement(coarsen={"time": "day"}))
    assert out is not None and out["seen_at"] == "2024-03-01" and out["received_at"] == "2024-03-01"
    late = agreement(expires_at=(datetime.now(UTC) + timedelta(hours=1)).isoformat())
    assert redact_report(REPORT, late, now=datetime.now(UTC) + timedelta(hours=2)) is None


VICTIM_TEXT = "Caller 7011122233 asked for the OTP; call me back on 98980 12345 or me@example.com"
VICTIM_SPANS = [[VICTIM_TEXT.index("98980"), VICTIM_TEXT.index("98980") + 11]]
VICTIM_SPANS.append([VICTIM_TEXT.index("me@"), len(VICTIM_TEXT)])


@pytest.mark.parametrize(
    ("kw", "masked"),
    [
        ({"kinds": ["report_full"]}, True),
        ({"kinds": ["report_full"], "allow_victim_contacts": True}, False),
    ],
    ids=["contacts-withheld", "contacts-allowed"],
)
def test_victim_contacts_in_the_narrative_go_only_where_contacts_go(kw: dict, masked: bool) -> None:
    pii = {"name": "A", "phone": "9898012345", "text_spans": VICTIM_SPANS}
    out = redact_report({**REPORT, "text": VICTIM_TEXT, "victim_pii": pii}, agreement(**kw))
    assert out is not None
    assert "7011122233" in out["text"]  # the suspect's number stays
    assert ("98980 12345" not in out["text"] and "me@example.com" not in out["text"]) == masked
    if not masked:
        assert out["victim_pii"] == {"name": "A", "phone": "9898012345"}
