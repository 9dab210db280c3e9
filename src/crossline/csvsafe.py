"""CSV for spreadsheets: cells that a spreadsheet would run as a formula are neutralised.

Complaints come from the public, so any text a node exports (narratives, raw quarantined
rows, source references, handles) may start with ``=HYPERLINK(...)`` or ``@SUM(...)``.
Excel, LibreOffice and Google Sheets evaluate a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and strip a leading tab or carriage return before looking), so such a
cell is prefixed with a single quote, the OWASP rule for CSV injection: the spreadsheet
shows the text as text, and a reader of the raw file still sees every character.

Only text is touched: numbers, booleans and missing values are written as they are (a
negative amount is data, not a formula). Full-width forms of the trigger characters are
neutralised too, because some spreadsheet locales fold them to their ASCII forms.

Every CSV the node writes for people goes through :func:`csv_text` (API exports, the
quarantine export, the CLI).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: Leading characters that make a spreadsheet read a cell as a formula (OWASP), with
#: their full-width forms.
FORMULA_STARTS = frozenset("=+-@\t\r" + "\uff1d\uff0b\uff0d\uff20")


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value and value[0] in FORMULA_STARTS:
        return "'" + value
    return value


def neutralise_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``row`` with every text cell neutralised (keys are header cells too)."""
    return {neutralise(k): neutralise(v) for k, v in row.items()}


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """``rows`` as CSV text with a header of ``columns``; keys not in ``columns`` are left out."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[neutralise(c) for c in columns], extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(neutralise_row(row))
    return buf.getvalue()
