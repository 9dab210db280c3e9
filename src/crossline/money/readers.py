"""Readers of transaction trails: bank/PSP statements as CSV or JSON, and PaySim.

Each reader yields a :class:`Transfer` per good row and a :class:`Rejected` (line,
field, reason) per bad one, so an import can store or quarantine every row.

Trail columns (any spelling: case, spaces and punctuation do not matter)::

    txn_id  time  from_account [from_ifsc] [from_kind]  to_account [to_ifsc] [to_kind]
    amount [currency] [channel] [to_bank] [from_bank] [reference] [balance_after]

``from_account``/``to_account`` take a bank account, a UPI handle (VPA), an IBAN, a
crypto address, ``wallet:<provider>:<id>`` or ``cash:<terminal>``; ``to_bank`` an
IFSC or a BIC. Times without a zone are read in ``--timezone`` (India by default).
PaySim (``step,type,amount,nameOrig,...,isFraud``) is recognised from its header.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from crossline.domain import Rejected
from crossline.errors import CrosslineError, UnreadableFileError
from crossline.ingest.columns import Column, ColumnSet, normalize_name
from crossline.ingest.dates import INDIA, DateConvention, parse_datetime
from crossline.ingest.values import parse_amount
from crossline.money.accounts import account_key, channel_name
from crossline.money.model import Transfer

Item = Transfer | Rejected

COLUMNS = ColumnSet(
    (
        Column("txn_id", ("transaction_id", "txn", "txnid", "id", "transaction_no", "tx_id")),
        Column("time", ("timestamp", "datetime", "date_time", "txn_time", "transaction_time",
                        "transaction_date", "value_date", "date", "at", "created_at")),
        Column("from_account", ("from", "sender", "payer", "debit_account", "source_account",
                                "from_vpa", "from_wallet", "remitter_account", "sender_account")),
        Column("from_ifsc", ("sender_ifsc", "remitter_ifsc", "debit_ifsc")),
        Column("from_kind", ("sender_kind",)),
        Column("to_account", ("to", "receiver", "payee", "beneficiary", "credit_account",
                              "to_vpa", "to_wallet", "beneficiary_account", "receiver_account")),
        Column("to_ifsc", ("beneficiary_ifsc", "receiver_ifsc", "credit_ifsc", "ifsc")),
        Column("to_kind", ("receiver_kind",)),
        Column("amount", ("value", "txn_amount", "transaction_amount", "amt")),
        Column("currency", ("ccy", "currency_code")),
        Column("channel", ("mode", "payment_mode", "type", "txn_type", "rail")),
        Column("to_bank", ("bank", "bic", "to_bic", "beneficiary_bank", "swift", "bank_code")),
        Column("from_bank", ("from_bic", "remitter_bank", "sender_bank")),
        Column("reference", ("utr", "rrn", "ref", "reference_no", "utr_no", "narration_ref")),
        Column("balance_after", ("balance", "closing_balance", "sender_balance_after")),
    )
)  # fmt: skip
REQUIRED = ("time", "from_account", "to_account", "amount")

PAYSIM_HEADER = ("step", "type", "amount", "nameorig", "namedest", "isfraud")
#: PaySim counts hours ("steps") from the start of its simulated month; anchor them here.
PAYSIM_EPOCH = datetime(2016, 9, 1, tzinfo=UTC)
PAYSIM_CHANNELS = {
    "TRANSFER": "transfer", "CASH_OUT": "cash", "PAYMENT": "payment", "DEBIT": "debit",
    "CASH_IN": "cash_in",
}  # fmt: skip


class RowProblem(CrosslineError):
    code = "invalid"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", field=field)
        self.field = field


def detect(path: Path, fmt: str | None = None) -> str:
    """``paysim``, ``trail_json`` or ``trail_csv`` from the file's start (or ``fmt``)."""
    if fmt:
        if fmt not in ("paysim", "trail_json", "trail_csv"):
            raise UnreadableFileError(
                f"unknown transfer format {fmt!r}: expected paysim, trail_json or trail_csv"
            )
        return fmt
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise UnreadableFileError(f"cannot read {path}: {exc.strerror}") from exc
    if b"\x00" in head:
        raise UnreadableFileError(f"{path} is a binary file, not a CSV or JSON trail")
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text[:1] in ("[", "{"):
        return "trail_json"
    first = [normalize_name(c) for c in text.splitlines()[0].split(",")] if text else []
    if all(h in first for h in PAYSIM_HEADER):
        return "paysim"
    return "trail_csv"


def read(
    path: Path, fmt: str | None = None, *, source: str | None = None, zone: DateConvention = INDIA
) -> tuple[str, Iterator[Item]]:
    """(format name, items) of a trail file."""
    path = Path(path)
    name = detect(path, fmt)
    src = source or name
    if name == "paysim":
        return name, _paysim(path, src)
    if name == "trail_json":
        return name, _json(path, src, zone)
    return name, _csv(path, src, zone)


def _header(path: Path) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            header = next(csv.reader(fh), None)
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFileError(f"cannot read {path} as UTF-8 CSV: {exc}") from exc
    if not header:
        raise UnreadableFileError(f"{path} is empty: expected a header row")
    return header


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) after the header; the file is closed when reading ends."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        yield from enumerate(reader, start=2)


def _csv(path: Path, source: str, zone: DateConvention) -> Iterator[Item]:
    header = _header(path)
    keys = [COLUMNS.key_of(h) for h in header]
    missing = [k for k in REQUIRED if k not in keys]
    if missing:
        raise UnreadableFileError(
            f"{path.name}: header lacks {', '.join(missing)}; expected columns "
            f"{', '.join(REQUIRED)} (and txn_id, currency, channel ... see docs/money.md)"
        )

    def items() -> Iterator[Item]:
        for line, cells in _rows(path):
            if not any(c.strip() for c in cells):
                continue
            values = {k: c.strip() for k, c in zip(keys, cells, strict=False) if k and c.strip()}
            yield _item(values, line, ",".join(cells), source, zone)

    return items()


def _json(path: Path, source: str, zone: DateConvention) -> Iterator[Item]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFileError(f"cannot read {path} as JSON: {exc}") from exc
    if isinstance(doc, dict):
        doc = next((doc[k] for k in ("transfers", "transactions", "data") if k in doc), None)
    if not isinstance(doc, list):
        raise UnreadableFileError(
            f'{path.name}: expected a JSON array of transfers (or under "transfers")'
        )

    return records(doc, source, zone)


def records(objs: list[Any], source: str, zone: DateConvention = INDIA) -> Iterator[Item]:
    """Transfers from JSON-like objects (an API body), one item per object."""
    for i, obj in enumerate(objs, start=1):
        raw = json.dumps(obj, ensure_ascii=False, default=str)[:4000]
        if not isinstance(obj, dict):
            yield Rejected(i, raw, f"expected a transfer object, found {type(obj).__name__}")
            continue
        values = {
            COLUMNS.key_of(k): str(v).strip()
            for k, v in obj.items()
            if COLUMNS.key_of(k) and v not in (None, "")
        }
        yield _item(values, i, raw, source, zone)


def _item(
    values: dict[str | None, str], line: int, raw: str, source: str, zone: DateConvention
) -> Item:
    try:
        return _transfer(values, source, zone)
    except RowProblem as exc:
        return Rejected(line, raw, exc.message, exc.field)


def _transfer(v: dict[str | None, str], source: str, zone: DateConvention) -> Transfer:
    for key in REQUIRED:
        if not v.get(key):
            raise RowProblem(key, "empty; every transfer needs time, from, to and amount")
    try:
        at = parse_datetime(v["time"], zone)
    except CrosslineError as exc:
        raise RowProblem("time", exc.message) from exc
    try:
        amount, currency = parse_amount(v["amount"], (v.get("currency") or "INR").upper())
    except ValueError as exc:
        raise RowProblem("amount", str(exc)) from exc
    if amount <= 0:
        raise RowProblem("amount", f"{v['amount']!r}: expected a positive amount")
    sides = {}
    for side in ("from", "to"):
        try:
            sides[side] = account_key(
                v[f"{side}_account"], ifsc_code=v.get(f"{side}_ifsc"), kind=v.get(f"{side}_kind")
            )
        except CrosslineError as exc:
            raise RowProblem(f"{side}_account", exc.message) from exc
    balance = None
    if v.get("balance_after"):
        try:
            balance = Decimal(v["balance_after"].replace(",", ""))
        except InvalidOperation as exc:
            raise RowProblem("balance_after", "expected a number") from exc
    txn = v.get("txn_id") or v.get("reference") or _content_ref(v)
    return Transfer(
        txn_id=txn[:128],
        at=at,
        from_account=sides["from"],
        to_account=sides["to"],
        amount=amount,
        currency=currency,
        channel=channel_name(v.get("channel")),
        source=source,
        reference=(v.get("reference") or None),
        to_bank=(v.get("to_bank") or v.get("to_ifsc") or "")[:16] or None,
        from_bank=(v.get("from_bank") or v.get("from_ifsc") or "")[:16] or None,
        balance_after=balance,
    )


def _content_ref(v: dict[str | None, str]) -> str:
    """A row without an id is identified by its content (same row, same id)."""
    parts = [v.get(k) or "" for k in ("time", "from_account", "to_account", "amount", "channel")]
    return "h:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _paysim(path: Path, source: str) -> Iterator[Item]:
    idx = {normalize_name(h): i for i, h in enumerate(_header(path))}

    def cell(cells: list[str], name: str) -> str:
        return cells[idx[name]].strip()

    def items() -> Iterator[Item]:
        for line, cells in _rows(path):
            raw = ",".join(cells)
            try:
                kind = cell(cells, "type")
                channel = PAYSIM_CHANNELS.get(kind)
                if channel is None:
                    raise RowProblem(
                        "type", f"{kind!r}: expected one of {', '.join(PAYSIM_CHANNELS)}"
                    )
                step = int(cell(cells, "step"))
                amount = Decimal(cell(cells, "amount"))
                orig, dest = cell(cells, "nameorig"), cell(cells, "namedest")
                label = int(cell(cells, "isfraud"))
                new_orig = cell(cells, "newbalanceorig") if "newbalanceorig" in idx else ""
            except (IndexError, ValueError, InvalidOperation) as exc:
                yield Rejected(line, raw, f"not a PaySim row: {exc}")
                continue
            except RowProblem as exc:
                yield Rejected(line, raw, exc.message, exc.field)
                continue
            if amount <= 0 or not orig or not dest:
                yield Rejected(line, raw, "amount must be positive and both names given", "amount")
                continue

            def key(name: str) -> str:
                return f"merchant:{name}" if name.startswith("M") else f"ext:{name}"

            src, dst = key(orig), key(dest)
            if kind == "CASH_IN":  # the customer receives cash from the agent
                src, dst = dst, src
            yield Transfer(
                txn_id="ps:" + hashlib.sha256(raw.encode()).hexdigest()[:32],
                at=PAYSIM_EPOCH + timedelta(hours=step),
                from_account=src,
                to_account=dst,
                amount=amount,
                currency="XXX",
                channel=channel,
                source=source,
                balance_after=Decimal(new_orig) if new_orig and kind != "CASH_IN" else None,
                fraud_label=label,
            )

    return items()
