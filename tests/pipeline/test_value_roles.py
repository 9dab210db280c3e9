"""Whose value and what kind of value: victims' own contacts, branch codes and spoofed
caller ids, imported end to end (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crossline.config import Settings
from crossline.domain import Report, SuspectIdentifier, VictimPII, indicator_id
from crossline.services.imports import importer_for
from crossline.store import Store
from crossline.store.schema import indicators, reports, victim_contacts


def complaint(
    ref: str,
    text: str,
    *,
    jurisdiction: str = "IN",
    victim_phone: str | None = None,
    suspects: tuple[tuple[str, str, str | None], ...] = (),
) -> Report:
    return Report(
        source="t",
        source_ref=ref,
        jurisdiction=jurisdiction,
        text=text,
        victim=VictimPII(name="A. Complainant", phone=victim_phone),
        suspects=tuple(SuspectIdentifier(f, v, k) for f, v, k in suspects),
    )


def load(store: Store, settings: Settings, items: list[Report]) -> None:
    importer_for(store, settings, classify=False).import_reports(items)


def component(store: Store, ref: str) -> str | None:
    with store.read() as conn:
        q = select(reports.c.component_id).where(reports.c.source_ref == ref)
        return conn.execute(q).scalar_one()


def indicator(store: Store, kind: str, value: str) -> dict | None:
    with store.read() as conn:
        row = conn.execute(
            select(indicators).where(indicators.c.id == indicator_id(kind, value))
        ).first()
    return dict(row._mapping) if row else None


# The same victim files two unrelated complaints; each quotes the victim's own number.
VICTIM_CASES = [
    (
        "column-echoed",
        "9812034567",
        "Fraudster called from 7012345678 about KYC. My contact 9812034567.",
        "Loan app agent 6398765432 threatened me; I am reachable at 98120 34567.",
    ),
    (
        "otp-on-my-mobile",
        None,
        "OTP came on my mobile 9812034567 and Rs 20,000 left, caller 7012345678.",
        "Job task scam on Telegram, paid to taskdesk@ybl. my number 9812034567",
    ),
    (
        "call-me-back",
        None,
        "Caller 7012345678 said my card is blocked. Please call me back on 98120 34567.",
        "Refund scam by 6398765432, call me back on 9812034567 sir.",
    ),
    (
        "hinglish",
        None,
        "mera number 9812034567 hai, 7012345678 se call aaya tha KYC ke liye",
        "mere mobile 9812034567 pe link aaya, 6398765432 ne paise maange",
    ),
    (
        "hindi",
        None,
        "मेरा नंबर 9812034567 है, 7012345678 से कॉल आया",
        "मेरे मोबाइल 9812034567 पर 6398765432 ने लिंक भेजा",
    ),
]


@pytest.mark.parametrize(
    ("name", "column", "first", "second"), VICTIM_CASES, ids=[c[0] for c in VICTIM_CASES]
)
def test_one_victims_unrelated_complaints_stay_apart(
    store: Store, settings: Settings, name: str, column: str | None, first: str, second: str
) -> None:
    load(
        store,
        settings,
        [
            complaint("v1", first, victim_phone=column),
            complaint("v2", second, victim_phone=column),
        ],
    )
    a, b = component(store, "v1"), component(store, "v2")
    assert a is None or a != b
    assert indicator(store, "phone", "+919812034567") is None  # not in the index
    with store.read() as conn:
        kept = conn.execute(
            select(victim_contacts.c.report_id).where(
                victim_contacts.c.indicator_id == indicator_id("phone", "+919812034567")
            )
        ).all()
        pii = conn.execute(select(reports.c.victim_pii).where(reports.c.source_ref == "v1"))
        spans = (pii.scalar_one() or {}).get("text_spans") or []
    assert len({r.report_id for r in kept}) == 2  # kept as the victims' contact
    # where the victim's number sits in the narrative, for redaction in shares
    assert spans and all(
        "".join(c for c in first[s:e] if c.isdigit()) == "9812034567" for s, e in spans
    )


def test_suspect_elsewhere_stays_suspect(store: Store, settings: Settings) -> None:
    """A number one complaint names as the caller, another as the complainant's own."""
    load(
        store,
        settings,
        [
            complaint("s1", "Got a call from 9812034567 asking for OTP", victim_phone="7012345678"),
            complaint("s2", "caller 9812034567 again, paid Rs 500", victim_phone="6398765432"),
            complaint("s3", "my number 9812034567, someone took my UPI pin"),
        ],
    )
    found = indicator(store, "phone", "+919812034567")
    assert found is not None and found["report_count"] == 2
    assert component(store, "s1") == component(store, "s2") is not None
    assert component(store, "s3") is None


def test_accounts_at_one_branch_stay_apart(store: Store, settings: Settings) -> None:
    branch = "SBIN0004512"
    load(
        store,
        settings,
        [
            complaint(
                f"b{n}",
                f"Paid to account {account} IFSC {branch}",
                suspects=(
                    ("suspect_bank_account", account, "bank_account"),
                    ("suspect_ifsc", branch, "ifsc"),
                ),
            )
            for n, account in enumerate(["30112233445", "30998877665", "30554433221"])
        ],
    )
    assert len({component(store, f"b{n}") for n in range(3)}) == 3
    ifsc = indicator(store, "ifsc", branch)
    assert ifsc is not None and ifsc["report_count"] == 3  # stored, searchable
    assert indicator(store, "bank_account", f"{branch}:30112233445") is not None


def test_same_account_links_across_ifsc_forms(store: Store, settings: Settings) -> None:
    load(
        store,
        settings,
        [
            complaint(
                "c1",
                "sent money",
                suspects=(
                    ("suspect_bank_account", "5010 0020 8044 03", "bank_account"),
                    ("suspect_ifsc", "hdfc0091163", "ifsc"),
                ),
            ),
            complaint("c2", "a/c 50100020804403 IFSC HDFC0091163 pe bheja"),
        ],
    )
    assert component(store, "c1") == component(store, "c2") is not None


@pytest.mark.parametrize(
    ("reported", "expected"),
    [("232-138-9717", "2321389717"), ("(100) 555-0199", "1005550199"), ("0712 3456", "07123456")],
    ids=["bad-area-code", "area-code-1xx", "short"],
)
def test_invalid_caller_numbers_are_kept_as_reported(
    store: Store, settings: Settings, reported: str, expected: str
) -> None:
    field = (("Company_Phone_Number", reported, "phone"),)
    load(
        store,
        settings,
        [complaint(f"d{n}", "", jurisdiction="US", suspects=field) for n in range(2)]
        + [
            complaint(
                "other",
                "",
                jurisdiction="US",
                suspects=(("Company_Phone_Number", "2321389718", "phone"),),
            )
        ],
    )
    raw = indicator(store, "phone_raw", expected)
    assert raw is not None and raw["report_count"] == 2
    assert raw["meta"]["note"] == "not a valid number (likely spoofed)"
    assert component(store, "d0") == component(store, "d1") is not None
    assert component(store, "other") != component(store, "d0")
