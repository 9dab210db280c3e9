"""Consumer-Sentinel-style fraud report CSV (US).

Consumer Sentinel has no public export format, so this module defines the
columns it accepts (``docs/formats.md`` lists them); each has the spellings
agencies commonly use as aliases. Dates are M/D/Y (or ISO) in America/New_York;
amounts default to USD. ``source_ref`` is the reference number when the file has
one, else the row's content hash.
"""

from __future__ import annotations

from crossline.domain import Location, Report, VictimPII
from crossline.ingest.columns import Column, ColumnSet, Row
from crossline.ingest.tabular import SYNTHETIC, Context, CsvFormat, UsFormat, iso
from crossline.ingest.values import channel_of, country_code, us_state

COLUMNS = ColumnSet(
    (
        Column(
            "reference_number",
            ("reference", "reference_no", "ref_no", "sentinel_reference", "report_number",
             "report_id", "complaint_id", "complaint_number"),
            doc="the report's own id (source_ref); optional",
        ),
        Column(
            "narrative",
            ("complaint_narrative", "comments", "description", "complaint_description",
             "complaint_text", "what_happened"),
            required=True,
            doc="the consumer's account (text)",
        ),
        Column(
            "amount_paid",
            ("amount_lost", "amount", "total_amount_paid", "loss_amount"),
            required=True,
            doc="money lost, e.g. $1,299.99 (amount_lost)",
        ),
        Column("currency", ("amount_currency",), doc="ISO 4217 code; default USD"),
        Column("payment_method", ("how_paid", "payment_type", "method_of_payment"),
               doc="how the consumer paid (payment_method)"),
        Column(
            "contact_method",
            ("initial_contact_method", "how_contacted", "contact_type", "method_of_contact"),
            required=True,
            doc="how the fraudster first made contact (mapped to channel; raw kept in extra)",
        ),
        Column("date_received", ("created_date", "report_date", "date_reported", "received_date"),
               doc="when the report was filed (received_at)"),
        Column("transaction_date", ("incident_date", "contact_date", "date_of_contact",
                                    "date_of_transaction"),
               doc="when the fraud happened (incident_at)"),
        Column("category", ("complaint_category", "product_service", "top_category", "subject"),
               doc="the agency's category (category)"),
        Column("company_name", ("business_name", "company", "subject_company"),
               doc="the name the fraudster used (extra)"),
        Column("representative_name", ("rep_name", "contact_name"), doc="extra"),
        Column("representative_phone",
               ("company_phone", "company_phone_number", "rep_phone", "suspect_phone",
                "phone_number"),
               doc="suspect phone number(s); ';' separates several"),
        Column("representative_email", ("company_email", "rep_email", "suspect_email"),
               doc="suspect email address(es)"),
        Column("website", ("company_website", "url", "suspect_website", "website_url"),
               doc="suspect website(s) / URL(s)"),
        Column("consumer_city", ("city",), doc="victim city"),
        Column("consumer_state", ("state",), doc="victim state (USPS code when known)"),
        Column("consumer_zip", ("zip", "zip_code", "consumer_zip_code"), doc="victim ZIP (extra)"),
        Column("consumer_country", ("country",), doc="victim country (ISO alpha-2; default US)"),
        Column("consumer_first_name", ("first_name",), doc="victim PII"),
        Column("consumer_last_name", ("last_name",), doc="victim PII"),
        Column("consumer_name", ("victim_name", "complainant_name"), doc="victim PII"),
        Column("consumer_phone", ("victim_phone", "complainant_phone"), doc="victim PII"),
        Column("consumer_email", ("victim_email", "complainant_email"), doc="victim PII"),
        Column("consumer_address", ("victim_address", "address", "street_address"),
               doc="victim PII"),
        Column("age_range", ("consumer_age", "age"), doc="extra"),
        SYNTHETIC,
    )
)  # fmt: skip


_KEEP = ("contact_method", "company_name", "representative_name", "consumer_zip", "age_range")


class SentinelCsv(UsFormat, CsvFormat):
    """Consumer-Sentinel-style fraud reports."""

    name = "sentinel_csv"
    description = "Consumer-Sentinel-style fraud report CSV"
    default_source = "sentinel"
    columns = COLUMNS

    def build(self, row: Row, ctx: Context) -> Report:
        get = row.values.get
        received = self.when(row, "date_received")
        incident = self.when(row, "transaction_date")
        amount, currency = self.amount(row, "amount_paid", "USD", "currency")
        native = get("reference_number")
        ref = native or row.content_ref(
            {
                "date_received": iso(received),
                "transaction_date": iso(incident),
                "amount_paid": f"{amount} {currency}" if amount is not None else None,
            }
        )
        contact = get("contact_method")
        country_raw = get("consumer_country")
        country = country_code(country_raw) if country_raw else "US"
        name = get("consumer_name") or " ".join(
            p for p in (get("consumer_first_name"), get("consumer_last_name")) if p
        )
        extra = self.extra(row, _KEEP)
        if country is None and country_raw:
            extra[row.label("consumer_country")] = country_raw
        return self.report(
            row,
            ctx,
            ref,
            received=received,
            incident=incident,
            channel=channel_of(contact),
            text=get("narrative"),
            amount_lost=amount,
            currency=currency,
            payment_method=get("payment_method"),
            category=get("category"),
            victim_location=Location(
                country=country,
                state=us_state(get("consumer_state")) if country == "US" else get("consumer_state"),
                district=get("consumer_city"),
            ),
            victim=VictimPII(
                name=name or None,
                phone=get("consumer_phone"),
                email=get("consumer_email"),
                address=get("consumer_address"),
            ),
            suspects=self.suspects(
                row,
                (
                    ("representative_phone", "phone"),
                    ("representative_email", "email"),
                    ("website", "url"),
                ),
            ),
            extra=extra,
        )
