"""What the warning-list routes answer: listed values and the effect of a change."""

from __future__ import annotations

from crossline.api.models import Open


class WarnEntryOut(Open):
    """One listed public value: whose it is, why it is listed, and which list holds it."""

    kind: str
    value: str
    owner: str
    category: str
    source: str
    list: str  # shipped or node


class WarnListOut(Open):
    items: list[WarnEntryOut]
    total: int
    limit: int
    offset: int


class WarnChangeOut(Open):
    """An added or removed entry and how many reports had their campaigns rebuilt."""

    entry: WarnEntryOut
    action: str
    reports: int
