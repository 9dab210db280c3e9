"""Any list as a downloadable table: CSV or XLSX, every cell neutralised.

A table is rows (dicts) and columns (key, header). Both formats go through
:func:`crossline.csvsafe.neutralise`, so a narrative or handle that starts with ``=``,
``+``, ``-`` or ``@`` is text in Excel and LibreOffice, never a formula (openpyxl
would otherwise store such a string as a formula). XLSX is written by ``openpyxl``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crossline.csvsafe import csv_text, neutralise
from crossline.errors import ValidationError

FORMATS = ("csv", "xlsx")
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# XML 1.0 cannot hold these control characters; openpyxl refuses a cell holding them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Excel's limit on one cell.
_CELL_MAX = 32_767

Column = tuple[str, str]  # (key in the row, header shown)


@dataclass(frozen=True)
class Download:
    """A table ready to send: bytes, media type and a file name."""

    body: bytes
    media_type: str
    filename: str


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = ", ".join(f"{k} {v}" for k, v in sorted(value.items()))
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)[:_CELL_MAX]
    return neutralise(value)


def flat(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column]) -> list[dict[str, Any]]:
    """Rows reduced to their columns, lists and mappings written out as text."""
    return [{h: _cell(r.get(k)) for k, h in columns} for r in rows]


def xlsx_bytes(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column], title: str) -> bytes:
    """An XLSX workbook of one sheet: a bold, frozen header row, then the rows.

    Written in openpyxl's write-only mode: rows stream to the file instead of building
    a cell object per value (about 3x faster for a 10,000-row lookup).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet")
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for _k, h in columns:
        cell = WriteOnlyCell(ws, value=_cell(h))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in flat(rows, columns):
        ws.append(list(row.values()))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def download(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], fmt: str, name: str
) -> Download:
    """``rows`` as a CSV or XLSX download named ``<name>.<fmt>``."""
    if fmt not in FORMATS:
        raise ValidationError(
            f"unknown export format {fmt!r}", field="format", expected="csv, xlsx"
        )
    if fmt == "csv":
        text = csv_text(flat(rows, columns), [h for _k, h in columns])
        body = text.encode("utf-8")
    else:
        body = xlsx_bytes(rows, columns, name)
    return Download(body, MEDIA[fmt], f"{name}.{fmt}")
