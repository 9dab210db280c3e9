"""What the analysts' workspace routes answer: search, bulk lookup, watchlists."""

from __future__ import annotations

from crossline.api.models import Open
from crossline.api.responses.read import LookupOut, ReportPage


class SearchHeader(Open):
    """The one line heading a search: what was searched, as what, how many found."""

    query: str
    kind: str
    read_as: list[str]
    counts: dict[str, int]
    found: int
    title: str
    detail: str
    page: int
    pages: int


class SearchOut(Open):
    query: str
    header: SearchHeader | None
    lookup: LookupOut | None
    mentions: ReportPage | None
    error: str | None
    page: int
    pages: int


class BulkRow(Open):
    value: str
    found_as: list[str]
    matched: list[str]
    reports: int
    campaigns: list[str]
    first_seen: str | None
    last_seen: str | None
    risk: str


class BulkOut(Open):
    total: int
    found: int
    not_found: int
    by_risk: dict[str, int]
    items: list[BulkRow]


class WatchOut(Open):
    id: str
    kind: str
    target: str
    targets: list[str]
    note: str | None
    notify: bool
    user_id: str
    org_id: str | None
    created_at: str | None
    last_alert_at: str | None
    alert_count: int


class WatchPage(Open):
    total: int
    limit: int
    offset: int
    items: list[WatchOut]


class Removed(Open):
    id: str
    removed: bool
