"""Accounts are found by their number, and the registry answers about the subject asked.

The store holds a mule account paid by several complaints, an innocent account at the
same branch, an account number held at two banks, a victim's own number, and a
spoofed caller id valid in no numbering plan.
"""

from __future__ import annotations

import pytest

from crossline.config import Settings
from crossline.domain import Report, SuspectIdentifier, VictimPII
from crossline.errors import CrosslineError
from crossline.money.registry import check
from crossline.services.imports import importer_for
from crossline.services.lookup import lookup
from crossline.store import Store

MULE = ("ICIC0004417", "004401559321")
INNOCENT = ("ICIC0004417", "004409988776")
TWIN_NUMBER = "31997755331"  # at SBI and at PNB: a number alone cannot tell which
VICTIM = "9898012345"


def complaint(
    ref: str,
    text: str,
    *fields: tuple[str, str, str],
    victim: str | None = None,
    jurisdiction: str = "IN",
) -> Report:
    return Report(
        source="t",
        source_ref=ref,
        jurisdiction=jurisdiction,
        text=text,
        victim=VictimPII(phone=victim),
        suspects=tuple(SuspectIdentifier(f, v, k) for f, v, k in fields),
    )


def _paid(ref: str, ifsc: str, number: str) -> Report:
    return complaint(
        ref,
        "Paid the fee as told",
        ("suspect_bank_account", number, "bank_account"),
        ("suspect_ifsc", ifsc, "ifsc"),
        victim="7000000" + ref[-3:],
    )


@pytest.fixture
def loaded(store: Store, settings: Settings) -> Store:
    items = [_paid(f"m{n:03d}", *MULE) for n in range(6)]
    items.append(_paid("i001", *INNOCENT))
    items.append(_paid("t001", "SBIN0011223", TWIN_NUMBER))
    items.append(_paid("t002", "PUNB0334455", TWIN_NUMBER))
    items.append(complaint("v001", f"my number {VICTIM}, caller 7011122233", victim=VICTIM))
    items.append(complaint("v002", f"OTP came on my mobile {VICTIM}", victim=VICTIM))
    # the caller of v001 is, in another complaint, the complainant (a stolen SIM?)
    items.append(complaint("x001", "loan app harassment", victim="7011122233"))
    items += [
        complaint(f"s{n}", "", ("Company_Phone_Number", "232-138-9717", "phone"), jurisdiction="US")
        for n in range(3)
    ]
    importer_for(store, settings, classify=False).import_reports(items)
    return store


@pytest.mark.parametrize(
    "typed",
    [
        "004401559321",
        "4401559321",
        "0044 0155 9321",
        "ICIC0004417:004401559321",
        "icic0004417 004401559321",
        "004401559321 (ICIC0004417)",
        "A/c No. 004401559321 IFSC ICIC0004417",
    ],
    ids=["bare", "no-leading-zeros", "spaced", "stored-form", "ifsc-first", "ifsc-after", "cues"],
)
def test_lookup_finds_the_account_in_any_form(loaded: Store, typed: str) -> None:
    result = lookup(loaded, typed)
    accounts = [i for i in result["indicators"] if i["kind"] == "bank_account"]
    assert [a["value"] for a in accounts] == [":".join(MULE)]
    assert accounts[0]["report_count"] == 6
    assert result["account"]["ambiguous"] is False


def test_bare_number_at_two_banks_is_flagged(loaded: Store) -> None:
    result = lookup(loaded, TWIN_NUMBER)
    found = sorted(i["value"] for i in result["indicators"] if i["kind"] == "bank_account")
    assert found == [f"PUNB0334455:{TWIN_NUMBER}", f"SBIN0011223:{TWIN_NUMBER}"]
    assert result["account"]["ambiguous"] and "2 branches" in result["account"]["note"]
    narrowed = lookup(loaded, f"SBIN0011223:{TWIN_NUMBER}")
    assert [i["value"] for i in narrowed["indicators"] if i["kind"] == "bank_account"] == [
        f"SBIN0011223:{TWIN_NUMBER}"
    ]


def test_spoofed_caller_id_is_findable_as_reported(loaded: Store) -> None:
    for typed in ("232-138-9717", "(232) 138-9717", "2321389717"):
        found = lookup(loaded, typed)["indicators"]
        raw = [i for i in found if i["kind"] == "phone_raw"]
        assert [(i["value"], i["report_count"]) for i in raw] == [("2321389717", 3)], typed
        assert raw[0]["meta"]["note"] == "not a valid number (likely spoofed)"


REGISTRY_CASES = [
    ("mule-number-only", "004401559321", "account", "high", "bank_account"),
    ("mule-any-kind", "4401559321", "any", "high", "bank_account"),
    ("mule-stored-form", "ICIC0004417:004401559321", "any", "high", "bank_account"),
    ("innocent-same-branch", "ICIC0004417:004409988776", "account", "medium", "bank_account"),
    ("unknown-same-branch", "ICIC0004417:004400000017", "any", "unknown", None),
    ("branch-alone", "ICIC0004417", "any", "unknown", None),
    ("victim-number", VICTIM, "phone", "unknown", None),
    ("victim-number-any", "+91 98980 12345", "any", "unknown", None),
    ("spoofed-caller", "232-138-9717", "phone", "high", "phone"),
]


@pytest.mark.parametrize(
    ("name", "value", "kind", "risk", "matched_kind"),
    REGISTRY_CASES,
    ids=[c[0] for c in REGISTRY_CASES],
)
def test_registry_answers_about_the_subject_asked(
    loaded: Store, name: str, value: str, kind: str, risk: str, matched_kind: str | None
) -> None:
    if name == "branch-alone":  # an IFSC alone is not a subject the registry takes
        with pytest.raises(CrosslineError, match="branch code"):
            check(loaded, value, kind)
        return
    answer = check(loaded, value, kind)
    assert (answer["risk"], answer["matched_kind"]) == (risk, matched_kind), answer
    assert all(m["kind"] not in ("ifsc", "swift") for m in answer["matched"])


def test_registry_flags_an_ambiguous_number(loaded: Store) -> None:
    answer = check(loaded, TWIN_NUMBER, "account")
    assert answer["report_count"] == 2
    assert any("2 branches" in f for f in answer["flags"])


def test_suspect_also_a_complainant_is_kept_and_flagged(loaded: Store) -> None:
    answer = check(loaded, "+91 70111 22233", "phone")
    assert answer["matched_kind"] == "phone" and answer["report_count"] == 1
    assert any("complainant's own contact in 1 report" in f for f in answer["flags"])
    found = lookup(loaded, "7011122233", region="IN")["indicators"]
    assert [(i["value"], i["victim_contact_reports"]) for i in found] == [("+917011122233", 1)]


def test_account_number_is_found_through_its_index(loaded: Store) -> None:
    """A bare number is one indexed equality on the derived column, never ``LIKE``."""
    from sqlalchemy import select, text

    from crossline.store.schema import indicators

    i = indicators.c
    with loaded.read() as conn:
        derived = dict(
            conn.execute(select(i.value, i.account_number).where(i.kind == "bank_account")).all()
        )
        if loaded.dialect.name == "sqlite":
            plan = " ".join(
                str(row[-1])
                for row in conn.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT id FROM indicators "
                        "WHERE kind = 'bank_account' AND account_number = '4401559321'"
                    )
                )
            )
            assert "ix_indicators_account_number" in plan
    assert derived[":".join(MULE)] == MULE[1].lstrip("0")
    assert derived[f"SBIN0011223:{TWIN_NUMBER}"] == TWIN_NUMBER
