"""NCRP-style Indian cybercrime complaints, CSV and JSON.

The National Cybercrime Reporting Portal's complaint fields: acknowledgement
number, state, district, category and sub-category, incident date-time, the
suspect's mobile / email / UPI ID / bank account + IFSC / website / social-media
handle, transaction ids, amount, bank. ``source_ref`` is the acknowledgement
number. Dates are D/M/Y (or ISO) in Asia/Kolkata; amounts default to INR and may
use Indian digit grouping (``1,50,000``) and ``Rs. ... /-``.

Several values in one identifier cell are separated by ``;``, ``|`` or a newline.
In JSON a field may also hold a list, and a complaint may carry
``"transactions": [{"transaction_id", "amount", "date", "bank", "suspect_upi_id",
"suspect_bank_account", "suspect_ifsc"}, ...]``; identifiers found there keep
their transaction in the field name (``transactions[2].suspect_ifsc``) so an
account and its IFSC stay paired.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crossline.domain import (
    FieldWarning,
    Location,
    Report,
    SuspectIdentifier,
    VictimPII,
)
from crossline.ingest.columns import Column, ColumnSet, Row, RowError, json_row, jsonable
from crossline.ingest.dates import INDIA
from crossline.ingest.jsonstream import Record
from crossline.ingest.tabular import (
    SYNTHETIC,
    Context,
    CsvFormat,
    JsonFormat,
    TabularFormat,
)
from crossline.ingest.values import channel_of, read_amount

COLUMNS = ColumnSet(
    (
        Column(
            "acknowledgement_no",
            ("acknowledgement_number", "acknowledgment_no", "acknowledgment_number", "ack_no",
             "ack_number", "ncrp_ack_no", "complaint_ack_no"),
            required=True,
            doc="NCRP acknowledgement number (source_ref); must not be empty",
        ),
        Column("complaint_date", ("reported_date", "complaint_reported_date", "date_of_complaint",
                                  "reported_on", "complaint_datetime"),
               doc="when the complaint was filed (received_at)"),
        Column("incident_datetime", ("incident_date_time", "incident_date", "date_of_incident"),
               doc="when the fraud happened (incident_at)"),
        Column("incident_time", ("time_of_incident",),
               doc="time of the incident when given apart from its date"),
        Column("state", ("complainant_state", "victim_state"), doc="victim's state"),
        Column("district", ("complainant_district", "victim_district"), doc="victim's district"),
        Column("police_station", ("ps", "ps_name"), doc="extra"),
        Column("category", ("crime_category", "main_category", "category_of_complaint"),
               doc="NCRP category (kept in extra when a sub-category is given)"),
        Column("sub_category", ("crime_sub_category", "subcategory", "sub_category_of_complaint"),
               doc="NCRP sub-category (category)"),
        Column("complainant_name", ("victim_name",), doc="victim PII"),
        Column("complainant_mobile", ("victim_mobile", "complainant_phone"), doc="victim PII"),
        Column("complainant_email", ("victim_email",), doc="victim PII"),
        Column("complainant_address", ("victim_address",), doc="victim PII"),
        Column("suspect_name", ("fraudster_name",), doc="extra"),
        Column("suspect_mobile", ("suspect_mobile_no", "suspect_phone", "suspect_number",
                                  "fraudster_mobile", "suspect_mobile_number"),
               doc="suspect phone number(s)"),
        Column("suspect_email", ("suspect_email_id", "fraudster_email"), doc="suspect email(s)"),
        Column("suspect_upi_id", ("suspect_upi", "suspect_vpa", "upi_id", "vpa"),
               doc="suspect UPI handle(s)"),
        Column("suspect_bank_account", ("suspect_account_no", "suspect_account_number",
                                        "beneficiary_account", "beneficiary_account_no"),
               doc="suspect bank account number(s)"),
        Column("suspect_ifsc", ("suspect_ifsc_code", "beneficiary_ifsc", "ifsc", "ifsc_code"),
               doc="IFSC of the suspect account(s), in the same order"),
        Column("suspect_bank_name", ("beneficiary_bank",), doc="extra"),
        Column("suspect_website", ("suspect_url", "website", "url"), doc="suspect URL(s)"),
        Column("suspect_social_handle", ("suspect_social_media", "social_media_handle",
                                         "suspect_social_media_id", "social_media_id"),
               doc="suspect social-media handle(s)"),
        Column("transaction_id", ("utr", "utr_no", "transaction_reference", "txn_id",
                                  "transaction_ids"),
               doc="transaction / UTR id(s) (extra)"),
        Column("transaction_date", ("txn_date",), doc="extra, as written"),
        Column("amount", ("amount_lost", "fraud_amount", "total_fraud_amount", "amount_inr"),
               doc="money lost (amount_lost), INR by default"),
        Column("currency", (), doc="ISO 4217 code; default INR"),
        Column("bank", ("victim_bank", "complainant_bank", "bank_name"),
               doc="the victim's bank (extra)"),
        Column("payment_mode", ("payment_method", "mode_of_payment"), doc="payment_method"),
        Column("platform", ("contact_channel", "mode_of_contact", "medium"),
               doc="how the fraudster made contact (channel)"),
        Column("description", ("incident_description", "complaint_description", "narrative",
                               "additional_info", "additional_information"),
               doc="the complaint's text"),
        SYNTHETIC,
    )
)  # fmt: skip

_SUSPECT_FIELDS = (
    ("suspect_mobile", "phone"),
    ("suspect_email", "email"),
    ("suspect_upi_id", "upi"),
    ("suspect_bank_account", "bank_account"),
    ("suspect_ifsc", "ifsc"),
    ("suspect_website", "url"),
    ("suspect_social_handle", "social"),
)
_KIND_OF = dict(_SUSPECT_FIELDS)
_KEEP = (
    "police_station", "suspect_name", "suspect_bank_name", "transaction_date", "bank", "platform",
)  # fmt: skip


class _NcrpFields(TabularFormat):
    default_source = "ncrp"
    default_jurisdiction = "IN"
    convention = INDIA
    columns = COLUMNS

    def build(self, row: Row, ctx: Context, transactions: list[Any] | None = None) -> Report:
        get = row.values.get
        ack = get("acknowledgement_no")
        if ack is None:
            raise row.error(
                "acknowledgement_no",
                "empty; expected the NCRP acknowledgement number (e.g. 31504210012345)",
            )
        received = self.when(row, "complaint_date")
        incident_text = get("incident_datetime")
        time_text = get("incident_time")
        if incident_text and time_text and ":" not in incident_text:
            incident_text = f"{incident_text} {time_text}"
        incident = self.when(row, "incident_datetime", incident_text)
        amount, currency = self.amount(row, "amount", "INR", "currency")
        suspects = list(self.suspects(row, _SUSPECT_FIELDS))
        if transactions:
            amount, currency = self._transactions(row, transactions, suspects, amount, currency)
        sub = get("sub_category")
        category = get("category")
        extra = self.extra(
            row, _KEEP, transactions=jsonable(transactions) if transactions else None
        )
        if sub and category:
            extra[row.label("category")] = category
        if "transaction_id" in row.values:
            extra[row.label("transaction_id")] = row.all("transaction_id")
        return self.report(
            row,
            ctx,
            ack,
            received=received,
            incident=incident,
            channel=channel_of(get("platform")),
            text=get("description"),
            amount_lost=amount,
            currency=currency,
            payment_method=get("payment_mode"),
            category=sub or category,
            victim_location=Location(country="IN", state=get("state"), district=get("district")),
            victim=VictimPII(
                name=get("complainant_name"),
                phone=get("complainant_mobile"),
                email=get("complainant_email"),
                address=get("complainant_address"),
            ),
            suspects=tuple(suspects),
            extra=extra,
        )

    @staticmethod
    def _transactions(
        row: Row,
        transactions: list[Any],
        suspects: list[SuspectIdentifier],
        amount: Decimal | None,
        currency: str | None,
    ) -> tuple[Decimal | None, str | None]:
        """Add each transaction's identifiers; total their amounts if no amount was given."""
        total = Decimal(0)
        counted = False
        for i, tx in enumerate(transactions, start=1):
            label = f"transactions[{i}]"
            if not isinstance(tx, dict):
                raise RowError(label, f"expected an object, found {type(tx).__name__}")
            for name, value in tx.items():
                key = COLUMNS.key_of(name)
                if key in _KIND_OF and value not in (None, ""):
                    values = value if isinstance(value, list) else [value]
                    suspects.extend(
                        SuspectIdentifier(f"{label}.{name}", str(v).strip(), _KIND_OF[key])
                        for v in values
                        if str(v).strip()
                    )
            if amount is None and tx.get("amount") not in (None, ""):
                raw = str(tx["amount"])
                try:
                    found = read_amount(raw, currency or "INR")
                except ValueError as exc:
                    row.warnings.append(FieldWarning(row.line, f"{label}.amount", raw, str(exc)))
                    continue
                if found is None:
                    continue
                value, tx_currency = found
                if counted and tx_currency != currency:
                    # No total of two currencies: the amounts stay in the transactions.
                    row.warnings.append(
                        FieldWarning(
                            row.line, f"{label}.amount", raw,
                            f"transactions in different currencies ({currency}, {tx_currency}): "
                            "no total amount",
                        )
                    )  # fmt: skip
                    return None, None
                total += value
                currency, counted = tx_currency, True
        if amount is None and counted:
            return total, currency
        return amount, currency


class NcrpCsv(_NcrpFields, CsvFormat):
    """NCRP-style complaints as CSV."""

    name = "ncrp_csv"
    description = "NCRP-style Indian cybercrime complaint CSV"


class NcrpJson(_NcrpFields, JsonFormat):
    """NCRP-style complaints as a JSON array (or ``{"complaints": [...]}``)."""

    name = "ncrp_json"
    description = "NCRP-style Indian cybercrime complaints, JSON"
    header_hint = (
        'a JSON array of complaint objects with "acknowledgement_no" (or under "complaints", '
        '"data" or "records")'
    )
    list_keys = ("complaints", "data", "records", "items")

    def looks_like(self, head: bytes) -> bool:
        lowered = head.lower()
        return b'"ack' in lowered or b'"acknowledg' in lowered

    def item(self, record: Record, ctx: Context) -> Report:
        obj = record.value
        if not isinstance(obj, dict):
            raise RowError(
                None, f"expected a JSON object (one complaint), found {type(obj).__name__}"
            )
        transactions = obj.get("transactions")
        if transactions is not None and not isinstance(transactions, list):
            raise RowError("transactions", "expected a list of transaction objects")
        row = json_row(obj, self.columns, record.line, skip=("transactions",))
        return self.build_item(row, ctx, transactions)
