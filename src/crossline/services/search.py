"""Search as every face shows it: a pasted value, identifier or text, what it was read
as, everything found, and one header that says so.

The header is built from the very lists the answer carries, so it can never deny what
is listed below it ("not seen" above "27 found"): what was searched, as what kinds,
how many of each were found, and which page of how many.
"""

from __future__ import annotations

from typing import Any

from crossline.errors import CrosslineError
from crossline.services.lookup import lookup
from crossline.store import Store
from crossline.store.read import reports as read_reports

#: Text shorter than this is not searched for in reports (it would match everything).
MIN_TEXT = 3


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def search(
    store: Store,
    q: str,
    *,
    region: str | None = None,
    page: int = 1,
    per_page: int = 50,
    text: bool = True,
) -> dict[str, Any]:
    """Look ``q`` up as values, identifiers and (``text``: the caller may read reports)
    words in reports. Returns ``query``, ``lookup`` (or None and ``error``),
    ``mentions`` (a page of reports or None) and ``header``."""
    q = q.strip()
    result: dict[str, Any] | None = None
    error = None
    try:
        result = lookup(store, q, region=region, sightings_page=page, sightings_per_page=per_page)
    except CrosslineError as exc:
        error = exc.message
    mentions = None
    if text and len(q) >= MIN_TEXT:
        with store.read() as conn:
            mentions = read_reports.search_reports(
                conn, q=q, limit=per_page, offset=(page - 1) * per_page
            )
    longest = max(
        [int((mentions or {}).get("total") or 0)]
        + [int(i.get("sightings_total") or 0) for i in (result or {}).get("indicators", [])]
    )
    pages = max(1, -(-longest // per_page))
    return {
        "query": q,
        "lookup": result,
        "mentions": mentions,
        "error": error,
        "page": page,
        "pages": pages,
        "header": header(
            q, result, mentions, text_searched=mentions is not None, page=page, pages=pages
        ),
    }


def header(
    q: str,
    result: dict[str, Any] | None,
    mentions: dict[str, Any] | None,
    *,
    text_searched: bool,
    page: int = 1,
    pages: int = 1,
) -> dict[str, Any]:
    """The one line heading a search: what was searched, read as what, how many found.

    ``kind`` is ``found`` (a value or an identifier), ``text`` (only reports mention it)
    or ``none``; ``counts`` are the figures the title is made of.
    """
    values = (result or {}).get("indicators") or []
    ids = (result or {}).get("identifiers") or {}
    counts = {
        "values": len(values),
        "references": len(ids.get("references") or []),
        "campaigns": len(ids.get("campaigns") or []),
        "reports": len(ids.get("reports") or []),
        "mentions": int((mentions or {}).get("total") or 0),
    }
    read_as = [n["kind"] for n in (result or {}).get("normalized") or []]
    if counts["references"]:
        read_as.insert(0, "reference")
    if counts["campaigns"] or counts["reports"]:
        read_as.insert(0, "id prefix")
    if text_searched:
        read_as.append("text")
    parts = []
    if counts["references"]:
        parts.append(_plural(counts["references"], "report") + " filed under this reference")
    if counts["campaigns"]:
        parts.append(_plural(counts["campaigns"], "campaign") + " with this id prefix")
    if counts["reports"]:
        parts.append(_plural(counts["reports"], "report") + " with this id prefix")
    if counts["values"]:
        parts.append(_plural(counts["values"], "value") + " found")
    if counts["mentions"]:
        parts.append(_plural(counts["mentions"], "report") + " mentioning it")
    shown = q[:60] + ("…" if len(q) > 60 else "")
    found = sum(v for k, v in counts.items())
    if found:
        kind = "found" if found > counts["mentions"] else "text"
        title = "; ".join(parts)
        detail = ""
        if kind == "text":
            detail = (
                "No indicator with this value: it is not a number, handle, account or "
                "identifier any report is linked on; reports mention it in their text."
            )
    else:
        kind = "none"
        title = "Not seen on this node"
        detail = (
            "No value, reference or id has this value and no report mentions it."
            if text_searched
            else "No value, reference or id has this value (the text of reports was not searched)."
        )
    return {
        "query": shown,
        "kind": kind,
        "read_as": list(dict.fromkeys(read_as)),
        "counts": counts,
        "found": found,
        "title": title,
        "detail": detail,
        "page": page,
        "pages": pages,
    }
