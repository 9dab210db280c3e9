"""The sharing policy: may this record go to this partner, and in what form.

Pure functions over an :class:`~crossline.share.agreements.Agreement`; no I/O. Every
exit of data towards a partner (exports, TAXII, alerts, API reads by a partner's
token) asks :func:`decide` and sends what :func:`redact_report` (and the
``shareable_*`` iterators built on it) return, never a raw row.

Rules, in order (the first that fails denies):

1. an agreement must exist and be in force (active, valid_from <= now < expires_at);
2. the record kind must be listed ("report_full" implies "report");
3. the record must carry a valid TLP 2.0 marking; TLP:RED never goes;
4. the marking must not be more restrictive than the agreement's ``max_marking``
   (so TLP:AMBER+STRICT goes only when the agreement names AMBER+STRICT);
5. a purpose, when given, must be one the agreement lists (no list: any purpose).

Redaction: victims' personal data (``victim_pii``) goes only in a "report_full" under
an agreement with ``allow_victim_contacts``; the victim key, raw source strings,
label evidence and ``extra`` never go; a "report" (without victim data) also loses
its narrative and any location below state; withheld fields are dropped; coarsening
rules cut location to state/country and times to day/month.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from crossline.errors import ValidationError
from crossline.share.agreements import KINDS, Agreement
from crossline.share.markings import TLP_RED, parse_tlp, tlp_rank

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Decision:
    """The answer of :func:`decide`: allowed or not, and why (for logs and previews)."""

    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def decide(
    agreement: Agreement | None,
    kind: str,
    marking: str | None,
    *,
    purpose: str | None = None,
    now: datetime | None = None,
) -> Decision:
    """Whether a record of ``kind`` marked ``marking`` may go under ``agreement``."""
    if agreement is None:
        return Decision(False, "no agreement in force")
    now = now or datetime.now(UTC)
    if not agreement.active:
        return Decision(False, f"agreement {agreement.id} is deactivated")
    if agreement.valid_from is not None and now < agreement.valid_from:
        return Decision(
            False,
            f"agreement {agreement.id} is not valid before {agreement.valid_from.isoformat()}",
        )
    if agreement.expires_at is not None and now >= agreement.expires_at:
        return Decision(
            False, f"agreement {agreement.id} expired at {agreement.expires_at.isoformat()}"
        )
    if kind not in KINDS:
        return Decision(False, f"unknown record kind {kind!r}")
    if not agreement.allows_kind(kind):
        return Decision(False, f"kind {kind!r} is not in the agreement")
    try:
        level = parse_tlp(marking)
    except ValidationError:
        return Decision(False, f"record marking {marking!r} is not a TLP 2.0 marking")
    if level == TLP_RED:
        return Decision(False, "TLP:RED never leaves the node")
    if tlp_rank(level) > tlp_rank(agreement.max_marking):
        return Decision(False, f"{level} is above the agreement's {agreement.max_marking}")
    if purpose is not None and agreement.purposes and purpose not in agreement.purposes:
        return Decision(False, f"purpose {purpose!r} is not in the agreement")
    return Decision(True, f"{kind} {level} allowed by agreement {agreement.id}")


def allowed_markings(agreement: Agreement | None) -> tuple[str, ...]:
    """The markings a record may carry to go under ``agreement`` (empty: none)."""
    if agreement is None:
        return ()
    from crossline.share.markings import TLP_LEVELS

    return tuple(
        m for m in TLP_LEVELS if m != TLP_RED and tlp_rank(m) <= tlp_rank(agreement.max_marking)
    )


# -- redaction ----------------------------------------------------------------------------

# Never sent, whatever the agreement says.
NEVER_SENT = frozenset(
    {
        "victim_key",
        "received_raw",
        "incident_raw",
        "label_evidence",
        "extra",
        "component_id",
        "import_id",
    }
)
# Fields of a report as it is shared (the order of the output dict).
REPORT_FIELDS = (
    "id", "source", "source_ref", "jurisdiction", "channel", "received_at", "incident_at",
    "seen_at", "text", "amount_lost", "currency", "payment_method", "category", "label",
    "tags", "victim_country", "victim_state", "victim_district", "victim_area_code",
    "suspects", "marking", "pap", "synthetic", "campaign_id", "indicators", "victim_pii",
)  # fmt: skip
_LOCATION_BELOW = {
    "district": (),
    "state": ("victim_district", "victim_area_code"),
    "country": ("victim_district", "victim_area_code", "victim_state"),
}
_TIMES = ("received_at", "incident_at", "seen_at")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _coarse_time(value: Any, level: str) -> Any:
    text = _plain(value)
    if not isinstance(text, str) or level == "second":
        return text
    return text[:10] if level == "day" else text[:7]


def report_kind(agreement: Agreement) -> str | None:
    """The form reports take under ``agreement``: "report_full", "report" or None."""
    if "report_full" in agreement.kinds:
        return "report_full"
    if "report" in agreement.kinds:
        return "report"
    return None


VICTIM_CONTACT_MASK = "[victim contact]"


def mask_spans(text: str, spans: Sequence[Sequence[int]]) -> str:
    """``text`` with each ``[start, end)`` span replaced by :data:`VICTIM_CONTACT_MASK`."""
    out: list[str] = []
    at = 0
    for start, end in sorted((int(a), int(b)) for a, b in spans):
        if start < at or end > len(text) or start >= end:
            continue  # overlapping or stale spans: never cut a word in two
        out += [text[at:start], VICTIM_CONTACT_MASK]
        at = end
    out.append(text[at:])
    return "".join(out)


def redact_report(
    report: Mapping[str, Any],
    agreement: Agreement | None,
    *,
    purpose: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any] | None:
    """``report`` as ``agreement`` lets it go, or None when it may not go at all.

    ``report`` is a row of the reports table as a mapping (``component_id`` may be
    given as ``campaign_id``), optionally with ``indicators`` (list of
    ``{"kind", "value"}``). The result holds only :data:`REPORT_FIELDS`, as JSON-ready
    values; indicators are kept.
    """
    if agreement is None:
        return None
    form = report_kind(agreement)
    if form is None or not decide(agreement, form, report.get("marking"), purpose=purpose, now=now):
        return None
    out: dict[str, Any] = {name: report.get(name) for name in REPORT_FIELDS}
    if out["campaign_id"] is None:
        out["campaign_id"] = report.get("component_id")
    amount = out["amount_lost"]
    if amount is not None:
        out["amount_lost"] = str(amount)
    # Only times and amounts need converting: the other columns are JSON-ready already.
    time_level = agreement.coarsen.get("time", "second")
    for name in _TIMES:
        if out[name] is not None:
            out[name] = _coarse_time(out[name], time_level)
    out["marking"] = parse_tlp(report.get("marking"))
    out["indicators"] = [
        {"kind": i["kind"], "value": i["value"]} for i in (report.get("indicators") or [])
    ]
    full = form == "report_full"
    contacts_go = full and agreement.allow_victim_contacts
    pii = report.get("victim_pii")
    spans = pii.get("text_spans") if isinstance(pii, Mapping) else None
    if spans and out.get("text") and not contacts_go:
        # The complainant's own number or e-mail quoted in the narrative is victim
        # contact data like the columns: it goes only where those go.
        out["text"] = mask_spans(out["text"], spans)
    if not contacts_go or not pii:
        out.pop("victim_pii", None)
    elif spans:
        out["victim_pii"] = {k: v for k, v in pii.items() if k != "text_spans"}
    if not full:
        # A report "without victim data": no narrative (it names victims), nothing
        # below state level.
        out.pop("text", None)
        for name in _LOCATION_BELOW["state"]:
            out.pop(name, None)
    for name in _LOCATION_BELOW[agreement.coarsen.get("location", "district")]:
        out.pop(name, None)
    for name in agreement.withheld:
        out.pop(name, None)
    for name in NEVER_SENT:
        out.pop(name, None)
    return out


# -- store-level iterators (memory-bounded; see crossline.share.shareable) --------------------
