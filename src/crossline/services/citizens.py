"""Use cases of the citizens' site: check a value, send a report, moderate reports.

Called by the public face (``crossline.public``), the analysts' API and web pages and
the CLI. The rules of what the public may learn live in :mod:`crossline.share.public_answer`
(pure); the SQL in :mod:`crossline.store.queries_citizen`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from crossline.config import Settings
from crossline.domain import Report, SuspectIdentifier, VictimPII, indicator_id, make_id
from crossline.errors import NotFoundError, ValidationError
from crossline.indicators import LINKABLE_KINDS, extract
from crossline.link.campaigns import Linker
from crossline.share import public_answer as v
from crossline.share.markings import TLP_AMBER, TLP_GREEN
from crossline.store import Store
from crossline.store import queries_citizen as qc
from crossline.store.repository import utcnow

CITIZEN_SOURCE = qc.CITIZEN_SOURCE
MAX_CHECK_VALUES = 12  # a pasted message rarely holds more; more is a fishing trip
MAX_CHECK_CHARS = 2_000
GOLDEN_HOUR = timedelta(hours=1)
ZONES = {"IN": "Asia/Kolkata", "US": "America/New_York"}
DECISIONS = {"confirm": "confirmed", "reject": "rejected"}
# Never-matching id queried when a check holds no value, so it costs what any check costs.
_NO_VALUE = make_id("indicator", "none", "public-check-placeholder")


@dataclass(frozen=True)
class CheckResult:
    """The answer to one public check."""

    verdict: str
    values: tuple[v.ValueAnswer, ...]
    region: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "values": [a.to_dict() for a in self.values],
            "region": self.region,
        }


def check_values(text: str, region: str | None, card_key: bytes | None) -> list[tuple[str, str]]:
    """The exact (kind, normalized value) pairs in what was typed or pasted; no prefix
    or pattern ever reaches the store."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            "nothing to check: paste a number, UPI handle, account, link, wallet or message",
            field="q",
        )
    if len(text) > MAX_CHECK_CHARS:
        raise ValidationError(f"too long to check: at most {MAX_CHECK_CHARS} characters", field="q")
    pairs: list[tuple[str, str]] = []
    short = v.short_helpline(text, region)
    if short:
        pairs.append(("phone", short))
    for found in extract(text, region, card_key=card_key):
        if found.kind in LINKABLE_KINDS and (found.kind, found.value) not in pairs:
            pairs.append((found.kind, found.value))
    return pairs[:MAX_CHECK_VALUES]


def check(
    store: Store,
    settings: Settings,
    text: str,
    *,
    region: str | None = None,
    ceiling: str = TLP_GREEN,
) -> CheckResult:
    """What the public may be told about every value in ``text`` (see ``verdict``)."""
    region = region or settings.country
    pairs = check_values(text, region, settings.secret_key())
    ids = [indicator_id(k, val) for k, val in pairs]
    with store.read() as conn:
        rows = qc.value_evidence(conn, ids or [_NO_VALUE])
    by_id: dict[str, list[v.Tally]] = {}
    for r in rows:
        by_id.setdefault(r["indicator_id"], []).append(
            v.Tally(
                citizen=bool(r["citizen"]),
                marking=r["marking"],
                status=r["status"],
                label=r["label"],
                n=int(r["n"]),
                last=r["last"],
            )
        )
    answers = tuple(
        v.answer(
            kind,
            val,
            by_id.get(iid, ()),
            ceiling=ceiling,
            genuine_name=v.genuine_name(kind, val, region),
        )
        for (kind, val), iid in zip(pairs, ids, strict=True)
    )
    return CheckResult(v.headline(answers), answers, region)


# -- reports from the public ------------------------------------------------------------


@dataclass(frozen=True)
class CitizenReportIn:
    """What a member of the public tells (every field but ``what_happened`` optional)."""

    what_happened: str
    reported_value: str = ""
    message_text: str = ""
    when: datetime | None = None
    amount_lost: Decimal | None = None
    currency: str | None = None
    paid_by: str | None = None
    channel: str | None = None
    contact: str | None = None
    contact_consent: bool = False
    region: str | None = None
    attachment_name: str | None = None
    attachment_sha256: str | None = None


@dataclass
class Receipt:
    """What the reporter gets back."""

    reference: str
    report_id: str
    status: str
    stored: bool
    golden_hour: bool
    freeze_requests: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "status": "received",
            "golden_hour": self.golden_hour,
            "freeze_requests": self.freeze_requests,
        }


def reference_for(secret: bytes, nonce: str) -> str:
    """The reporter's reference number, from the form's one-time nonce: the same form
    sent twice is one report."""
    mac = hmac.new(secret, b"citizen-reference:" + nonce.encode(), hashlib.sha256).digest()
    code = base64.b32encode(mac[:10]).decode().rstrip("=")[:10]
    return f"CR-{code[:5]}-{code[5:]}"


def address_key(secret: bytes, address: str) -> str:
    """A keyed hash of the sender's address: floods are visible, addresses are not kept."""
    return hmac.new(secret, b"citizen-address:" + address.encode(), hashlib.sha256).hexdigest()[:32]


def build_report(form: CitizenReportIn, *, reference: str, now: datetime, region: str) -> Report:
    """The canonical report of a public submission (source ``citizen``, TLP:AMBER)."""
    text = "\n\n".join(
        t.strip() for t in (form.what_happened, form.message_text) if t and t.strip()
    )
    suspects: list[SuspectIdentifier] = []
    value = (form.reported_value or "").strip()
    if value:
        kinds = {f.kind for f in extract(value, region)}
        # A UPI handle or account named as the payee starts the money trail (freeze).
        kind = "upi" if kinds == {"upi"} else None
        suspects.append(SuspectIdentifier("reported_value", value, kind))
    victim = VictimPII()
    if form.contact and form.contact_consent:
        contact = form.contact.strip()
        victim = VictimPII(email=contact) if "@" in contact else VictimPII(phone=contact)
    extra: dict[str, Any] = {"origin": "public"}
    if form.attachment_sha256:
        extra["attachment"] = {"name": form.attachment_name, "sha256": form.attachment_sha256}
    return Report(
        source=CITIZEN_SOURCE,
        source_ref=reference,
        jurisdiction=region,
        channel=form.channel,
        received_at=now,
        received_raw=now.isoformat(),
        incident_at=form.when,
        incident_raw=form.when.isoformat() if form.when else None,
        text=text,
        amount_lost=form.amount_lost,
        currency=form.currency or ("INR" if region == "IN" else "USD" if region == "US" else None),
        payment_method=form.paid_by,
        victim_location=_location(region),
        victim=victim,
        suspects=tuple(suspects),
        marking=TLP_AMBER,
        extra=extra,
    )


def in_golden_hour(form: CitizenReportIn, region: str, now: datetime) -> bool:
    """A payment made in India within the last hour: call 1930 now."""
    if region != "IN" or not form.amount_lost or form.amount_lost <= 0:
        return False
    return form.when is None or timedelta(0) <= now - form.when <= GOLDEN_HOUR


def submit_report(
    store: Store,
    settings: Settings,
    form: CitizenReportIn,
    *,
    nonce: str,
    origin: str,
    address: str,
    ceiling: str = TLP_GREEN,
) -> Receipt:
    """Store a public report through the import pipeline (extracted, classified, kept
    out of linking until confirmed) and return the reporter's receipt."""
    from crossline.ingest.pipeline import Importer
    from crossline.services.imports import pipeline_hooks

    if not (form.what_happened or "").strip() and not (form.message_text or "").strip():
        raise ValidationError("say what happened (or paste the message)", field="what_happened")
    secret = settings.secret_key()
    region = (form.region or settings.country).upper()
    now = utcnow()
    if form.when is not None and form.when.tzinfo is None:
        # A date typed in a form is the reporter's local time.
        form = replace(form, when=form.when.replace(tzinfo=ZoneInfo(ZONES.get(region, "UTC"))))
    reference = reference_for(secret, nonce)
    report = build_report(form, reference=reference, now=now, region=region)
    with store.read() as conn:
        seen = qc.citizen_report(conn, report_id=report.id)
    if seen is not None:  # the same form sent again: the report it already made
        return Receipt(
            reference=reference,
            report_id=report.id,
            status=seen["status"],
            stored=False,
            golden_hour=in_golden_hour(form, region, now),
            freeze_requests=_freeze_requests_of(store, report.id),
        )
    # Classified, with freeze requests on arrival; no alerts for an unconfirmed claim.
    hooks = replace(pipeline_hooks(store, settings), after_link=None)
    importer = Importer(store, settings, hooks=hooks)
    summary = importer.import_reports([report], label=CITIZEN_SOURCE)
    with store.transaction() as conn:
        # The same form sent twice at once: one of them files it.
        store.dialect.key_lock(conn, "citizen-reports")
        known = qc.existing_citizen_ids(conn, [report.id])
        if not known:
            qc.insert_citizen_report(
                conn,
                {
                    "report_id": report.id,
                    "reference": reference,
                    "status": "pending",
                    "origin": origin,
                    "address_key": address_key(secret, address),
                    "contact_consent": bool(form.contact and form.contact_consent),
                    "created_at": now,
                },
            )
    status = "pending"
    if not known and _corroborated(store, report.id, ceiling):
        _confirm(store, report.id, status="corroborated", by="corroboration", note=None)
        status = "corroborated"
    requests = _freeze_requests_of(store, report.id)
    return Receipt(
        reference=reference,
        report_id=report.id,
        status=status,
        stored=summary.stored == 1,
        golden_hour=in_golden_hour(form, region, now),
        freeze_requests=requests,
    )


def _freeze_requests_of(store: Store, report_id: str) -> list[dict[str, Any]]:
    """The freeze requests raised for a report, as the reporter may see them."""
    from crossline.money.freeze import FreezeFilter, list_requests

    return [
        {k: r[k] for k in ("bank_name", "amount", "currency", "status", "created_at")}
        for r in list_requests(store, FreezeFilter(report_id=report_id))
    ]


def _corroborated(store: Store, report_id: str, ceiling: str) -> bool:
    """Whether an independent source (not the public) reported one of its values."""
    with store.read() as conn:
        ids = qc.report_linkable_ids(conn, report_id)
        rows = qc.value_evidence(conn, ids) if ids else []
    tallies = [
        v.Tally(bool(r["citizen"]), r["marking"], r["status"], r["label"], int(r["n"]), None)
        for r in rows
    ]
    return any(not t.citizen for t in v.counted(tallies, ceiling=ceiling))


def _confirm(
    store: Store, report_id: str, *, status: str, by: str, note: str | None, link: bool = True
) -> None:
    """Mark a public report confirmed and (unless it already is) count and link it, in
    one transaction."""
    with store.transaction() as conn:
        store.dialect.link_lock(conn)
        qc.set_citizen_status(conn, report_id, status=status, by=by, at=utcnow(), note=note)
        # The report now counts as evidence for its values (the registry's answers change).
        store.note_risk_changes(conn, indicators=qc.report_indicator_ids(conn, report_id))
        if link:
            qc.add_to_counts(conn, qc.report_indicator_ids(conn, report_id))
            Linker(store).link(conn, {report_id: qc.report_linkable_ids(conn, report_id)})


def _location(region: str) -> Any:
    from crossline.domain import Location

    return Location(country=region)


# -- moderation -------------------------------------------------------------------------


def moderation_queue(
    store: Store, *, status: str | None = "pending", limit: int = 100
) -> list[dict[str, Any]]:
    """Public reports for analysts, newest first (``status`` None: all)."""
    if status is not None and status not in ("pending", "corroborated", "confirmed", "rejected"):
        raise ValidationError(
            f"unknown status {status!r}",
            field="status",
            expected="pending, corroborated, confirmed, rejected",
        )
    with store.read() as conn:
        rows = qc.citizen_queue(conn, status=status, limit=max(1, min(limit, 1000)))
    return [_queue_dict(r) for r in rows]


def citizen_report(store: Store, reference: str) -> dict[str, Any]:
    with store.read() as conn:
        row = qc.citizen_report(conn, reference=reference.strip().upper())
    if row is None:
        raise NotFoundError(f"no public report with reference {reference!r}")
    return _queue_dict(row)


def decide(
    store: Store, reference: str, decision: str, *, by: str, note: str | None = None
) -> dict[str, Any]:
    """An analyst confirms (the report counts and links) or rejects (it never counts)."""
    if decision not in DECISIONS:
        raise ValidationError(
            f"unknown decision {decision!r}", field="decision", expected="confirm, reject"
        )
    item = citizen_report(store, reference)
    status = DECISIONS[decision]
    if item["status"] == status:
        return item
    if status == "confirmed":
        # A corroborated report already counts and links: only its status changes.
        linked = item["status"] == "corroborated"
        _confirm(store, item["report_id"], status=status, by=by, note=note, link=not linked)
    else:
        if item["component_id"]:
            raise ValidationError(
                "this report already links a campaign (it was confirmed); it cannot be rejected",
                field="decision",
            )
        with store.transaction() as conn:
            qc.set_citizen_status(
                conn, item["report_id"], status=status, by=by, at=utcnow(), note=note
            )
    return citizen_report(store, reference)


def _queue_dict(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key in ("created_at", "decided_at"):
        out[key] = out[key].isoformat() if out.get(key) else None
    if out.get("amount_lost") is not None:
        out["amount_lost"] = str(out["amount_lost"])
    out.pop("address_key", None)
    return out
