"""Field by field, what a partner would receive in one record of the sharing preview.

The preview's samples are already redacted (``share.policy``): a field that is not
sent is simply absent. An analyst checking an agreement needs to see the absence and
its reason, so each sample is laid out as rows ``(field, value, how)`` where ``how`` is
``sent``, ``coarsened`` (with the level), ``withheld`` (by the agreement), ``masked``
(victims' contacts cut out of a narrative) or ``not sent`` (with the rule that keeps it
back whatever the agreement says). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crossline.share.policy import REPORT_FIELDS, VICTIM_CONTACT_MASK

TIME_FIELDS = ("received_at", "incident_at", "seen_at", "first_seen", "last_seen")
LOCATION_FIELDS = {"victim_district": "district", "victim_area_code": "district",
                   "victim_state": "state"}  # fmt: skip
REPORT_FORMS = ("report", "report_full")


@dataclass(frozen=True, slots=True)
class FieldRow:
    field: str
    value: Any
    how: str  # sent, coarsened, withheld, masked, not sent
    why: str = ""


def _missing_reason(name: str, kind: str, agreement: Mapping[str, Any]) -> FieldRow:
    """Why a report field that the node holds is absent from what the partner gets."""
    if name in (agreement.get("withheld") or ()):
        return FieldRow(name, None, "withheld", "the agreement withholds it")
    if name == "victim_pii":
        why = "only full reports can carry victims' contacts"
        if kind == "report_full":
            why = "the agreement does not allow victims' contacts"
        return FieldRow(name, None, "not sent", why)
    if name == "text" and kind == "report":
        return FieldRow(name, None, "not sent", "reports without victim data carry no narrative")
    if name in LOCATION_FIELDS:
        level = (agreement.get("coarsen") or {}).get("location")
        if level:
            return FieldRow(name, None, "coarsened", f"location coarsened to {level}")
        return FieldRow(name, None, "not sent", "reports without victim data stop at state")
    return FieldRow(name, None, "not sent", "kept back by the sharing policy")


def explain(sample: Mapping[str, Any], kind: str, agreement: Mapping[str, Any]) -> list[FieldRow]:
    """The rows of one previewed record of ``kind`` under ``agreement`` (its dict form)."""
    coarsen = agreement.get("coarsen") or {}
    rows: list[FieldRow] = []
    names = list(REPORT_FIELDS) if kind in REPORT_FORMS else list(sample)
    for name in names:
        if name not in sample:
            rows.append(_missing_reason(name, kind, agreement))
            continue
        value = sample[name]
        if name in TIME_FIELDS and coarsen.get("time") in ("day", "month"):
            rows.append(FieldRow(name, value, "coarsened", f"time to the {coarsen['time']}"))
        elif name == "text" and isinstance(value, str) and VICTIM_CONTACT_MASK in value:
            rows.append(FieldRow(name, value, "masked", "victims' contacts cut out"))
        else:
            rows.append(FieldRow(name, value, "sent"))
    for name in agreement.get("withheld") or ():
        if name not in names:
            rows.append(FieldRow(name, None, "withheld", "the agreement withholds it"))
    return rows
