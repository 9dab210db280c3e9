"""Trail imports (reconciliation, quarantine, no duplicates), the import hook that turns a
complaint with a payment into freeze requests, and tracing from the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crossline.config import Settings
from crossline.errors import NotFoundError, UnreadableFileError
from crossline.money import readers
from crossline.money.freeze import list_requests, trace_complaint
from crossline.money.service import import_transfers, refresh_all
from crossline.services.imports import importer_for
from crossline.store import Store
from crossline.store.schema import quarantine
from crossline.store.schema_money import freeze_requests, transfers
from support.money_env import DATA, NCRP_JSON

ACK = "31104202100010"  # the NCRP complaint with two payments (ncrp.json)


def _ingest_complaints(store: Store, settings: Settings) -> None:
    importer_for(store, settings, classify=False).import_file(NCRP_JSON)


def _count(store: Store, table) -> int:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_trail_import_reconciles_and_reimport_adds_nothing(store: Store) -> None:
    first = import_transfers(store, DATA / "trail.csv")
    assert (first.rows_read, first.stored, first.duplicates, first.quarantined) == (8, 5, 1, 2)
    assert first.reconciles
    again = import_transfers(store, DATA / "trail.csv")
    assert (again.stored, again.duplicates, again.quarantined) == (0, 6, 2)
    assert _count(store, transfers) == 5
    with store.read() as conn:
        reasons = {r.field: r.reason for r in conn.execute(select(quarantine)).all()}
    assert set(reasons) == {"amount", "from_account"}
    assert "abc" in reasons["amount"]


def test_unreadable_trail_file_stores_nothing(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n")
    with pytest.raises(UnreadableFileError) as err:
        import_transfers(store, bad)
    assert "time" in err.value.message and "amount" in err.value.message
    assert _count(store, transfers) == 0


def test_json_trail_and_paysim_rows(tmp_path: Path) -> None:
    doc = tmp_path / "t.json"
    doc.write_text(
        json.dumps(
            {"transfers": [
                {"txn_id": "J1", "timestamp": "2024-05-01 10:00", "from": "a1@ybl",
                 "to": "wallet:paytm:9876543210", "amount": "Rs. 1,500", "mode": "Wallet"},
                {"txn_id": "J2", "timestamp": "yesterday", "from": "a1@ybl", "to": "b@ybl",
                 "amount": 5},
            ]}
        )
    )  # fmt: skip
    name, items = readers.read(doc)
    got = list(items)
    assert name == "trail_json"
    assert got[0].to_account == "wallet:paytm:+919876543210" and str(got[0].amount) == "1500"
    assert got[0].at.isoformat() == "2024-05-01T04:30:00+00:00"  # IST by default
    assert got[1].field == "time"
    paysim = tmp_path / "ps.csv"
    paysim.write_text(
        "step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,"
        "newbalanceDest,isFraud,isFlaggedFraud\n"
        "1,TRANSFER,181.0,C1305486145,181.0,0.0,C553264065,0.0,0.0,1,0\n"
        "1,CASH_IN,50.0,C1,0.0,50.0,M2,0.0,0.0,0,0\n"
        "x,PAYMENT,1,C1,0,0,M2,0,0,0,0\n"
    )
    name, items = readers.read(paysim)
    got = list(items)
    assert name == "paysim"
    assert (got[0].from_account, got[0].to_account, got[0].fraud_label) == (
        "ext:C1305486145", "ext:C553264065", 1,
    )  # fmt: skip
    assert (got[1].from_account, got[1].to_account) == ("merchant:M2", "ext:C1")  # cash in
    assert got[2].reason.startswith("not a PaySim row")


def test_complaint_with_a_payment_gets_freeze_requests_on_import(
    store: Store, settings: Settings
) -> None:
    _ingest_complaints(store, settings)
    items = list_requests(store)
    by_account = {i["account"]: i for i in items if i["complaint_ref"] == ACK}
    assert set(by_account) == {
        "bank_account:SBIN0001234:30123456789",
        "upi:refunddesk77@paytm",
    }
    sbi = by_account["bank_account:SBIN0001234:30123456789"]
    assert (sbi["bank_code"], sbi["amount"], sbi["layer"], sbi["status"]) == (
        "SBIN", "100000.00", 1, "pending",
    )  # fmt: skip
    assert sbi["transactions"][0]["reference"] == "110412345678"
    assert sbi["latency_ms"] is not None and sbi["latency_ms"] >= 0
    # The same complaints again: nothing is created twice.
    _ingest_complaints(store, settings)
    assert _count(store, freeze_requests) == len(items)
    assert refresh_all(store) == 0


def test_trail_data_extends_the_requests_and_the_trace(store: Store, settings: Settings) -> None:
    _ingest_complaints(store, settings)
    before = _count(store, freeze_requests)
    summary = import_transfers(store, DATA / "trail.csv")
    assert summary.freeze_requests == 3  # HDFC (layer 2), mule2@ybl (2), ICICI (3)
    assert _count(store, freeze_requests) == before + 3
    trail, report_id, stats = trace_complaint(store, ACK)
    nodes = {n["account"]: n for n in trail.to_dict()["nodes"]}
    assert nodes["cash:ATM-MUM-0001"]["status"] == "cashed_out"
    assert nodes["ext:exchange-deposit-77"]["layer"] == 4
    assert nodes["bank_account:ICIC0000002:000200000002"]["hold_amount"] == pytest.approx(8000)
    assert stats["queries"] >= 2 and report_id
    # a single transaction (by UTR) can be traced too
    one, rid, _ = trace_complaint(store, "UTR900004")
    assert rid is None and one.seeds[0].txn_id == "B-4"
    with pytest.raises(NotFoundError):
        trace_complaint(store, "no-such-thing")
