"""What the sharing routes answer: this node, partners, agreements, previews, matching,
alerts and webhooks."""

from __future__ import annotations

from typing import Any

from crossline.api.models import Open


class NodeInfoOut(Open):
    """What a partner registers: this node's name, country and public key."""

    name: str
    country: str | None
    key_id: str
    public_key: str


class AgreementOut(Open):
    id: str
    partner: str
    kinds: list[str]
    max_marking: str
    purposes: list[str]
    withheld: list[str]
    coarsen: dict[str, Any]
    allow_victim_contacts: bool
    matching: list[str]
    alerts: bool
    valid_from: str | None
    expires_at: str | None
    active: bool
    notes: str | None


class AgreementListed(AgreementOut):
    in_force: bool


class PartnerOut(Open):
    """A registered partner: everything but its credential."""

    id: str
    name: str
    country: str | None
    key_id: str | None
    public_key: str | None
    base_url: str | None
    org_id: str | None
    active: bool


class PartnerListed(PartnerOut):
    agreement: AgreementOut | None


class PartnerAdded(Open):
    """The partner, its organisation and, when asked for, its token (shown once)."""

    partner: PartnerOut
    organisation: dict[str, Any]
    token: str | None = None
    token_prefix: str | None = None


class KindPreview(Open):
    total: int
    by_marking: dict[str, int]
    sample: list[Any]


class PreviewOut(Open):
    """What one partner would receive now, per kind of record."""

    partner: str
    country: str | None
    active: bool
    agreement: AgreementOut | None
    kinds: dict[str, KindPreview]


# -- matching ------------------------------------------------------------------------------


class Items(Open):
    """A list of records under ``items``."""

    items: list[dict[str, Any]]


class DigestPage(Open):
    """HMAC mode: one page of keyed digests; ``next`` is the cursor of the next page."""

    epoch: int
    key_fingerprint: str
    digest_bytes: int
    items: list[str]  # hex digests
    next: str | None


class PsiOut(Open):
    """PSI mode: the partner's points blinded again, and this node's blinded entries."""

    blinded: list[Any]
    entries: list[Any]


class CreatedStatus(Open):
    id: str
    status: str


class MatchRunOut(Open):
    partner: str
    mode: str
    local_values: int
    matches: int
    match_ids: list[str]


class DetailsRequestOut(Open):
    id: str
    partner: str
    match_id: str
    partner_ref: str | None
    status: str
    error: str | None


# -- alerts and webhooks -------------------------------------------------------------------


class AlertOut(Open):
    id: str
    kind: str
    origin: str | None
    partner: str | None
    value_kind: str | None
    value: str | None
    message: str | None
    indicator_id: str | None
    report_id: str | None
    campaign_id: str | None
    partner_ref: str | None
    created_at: str
    acked_at: str | None
    acked_by: str | None


class AlertPage(Open):
    items: list[AlertOut]


class AlertReceived(Open):
    id: str
    new: bool


class WebhookOut(Open):
    id: str
    name: str
    url: str
    active: bool
    created_at: str


class WebhooksOut(Open):
    items: list[WebhookOut]
    deliveries: list[dict[str, Any]]
