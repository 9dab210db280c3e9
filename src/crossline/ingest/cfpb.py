"""CFPB Consumer Complaint Database export (CSV, US public data).

Columns as the CFPB publishes them (``Date received, Product, Sub-product, Issue,
Sub-issue, Consumer complaint narrative, ..., Complaint ID``). ``source_ref`` is
the Complaint ID. The ``Company`` is the financial company the consumer
complained about, usually not the fraudster, so it goes to ``extra``, never to
the suspects. Dates are M/D/Y or year-first (``2019/9/8``), US Eastern.
"""

from __future__ import annotations

from crossline.domain import Location, Report
from crossline.ingest.columns import Column, ColumnSet, Row
from crossline.ingest.tabular import SYNTHETIC, Context, CsvFormat, UsFormat
from crossline.ingest.values import us_state

COLUMNS = ColumnSet(
    (
        Column("Complaint ID", ("complaint_id",), required=True,
               doc="the CFPB's id (source_ref); must not be empty"),
        Column("Date received", ("date_received",), required=True, doc="received_at"),
        Column("Product", (), required=True, doc="extra"),
        Column("Sub-product", (), doc="extra"),
        Column("Issue", (), doc="category"),
        Column("Sub-issue", (), doc="extra"),
        Column("Consumer complaint narrative", ("complaint_what_happened", "narrative"),
               doc="text (PII already replaced by XXXX by the CFPB)"),
        Column("Company", (), doc="extra: the company complained about, not a suspect"),
        Column("State", (), doc="victim state"),
        Column("ZIP code", ("zip_code",), doc="extra"),
        Column("Submitted via", (), doc="extra: how the complaint reached the CFPB"),
        SYNTHETIC,
    )
)  # fmt: skip


class CfpbCsv(UsFormat, CsvFormat):
    """CFPB consumer complaints."""

    name = "cfpb_csv"
    description = "CFPB Consumer Complaint Database CSV"
    default_source = "cfpb"
    columns = COLUMNS

    def build(self, row: Row, ctx: Context) -> Report:
        get = row.values.get
        ref = get("Complaint ID")
        if ref is None:
            raise row.error("Complaint ID", "empty; expected the CFPB complaint id (e.g. 3366475)")
        received = self.when(row, "Date received")
        keep = ("Product", "Sub-product", "Sub-issue", "Company", "ZIP code", "Submitted via")
        extra = self.extra(row, keep)
        return self.report(
            row,
            ctx,
            ref,
            received=received,
            text=get("Consumer complaint narrative"),
            category=get("Issue"),
            victim_location=Location(country="US", state=us_state(get("State"))),
            extra=extra,
        )
