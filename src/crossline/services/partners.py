"""Partner nodes as use cases: registering one (its organisation, optionally a token
shown once), and what it would receive under its agreement, field by field. Called by
the API (``/api/v1/sharing/partners``) and the partners' web pages."""

from __future__ import annotations

from typing import Any

from crossline.errors import IntegrityError, ValidationError
from crossline.node import Node
from crossline.node.auth import Principal
from crossline.services.accounts import Acting
from crossline.share.agreements import get_agreement
from crossline.share.onboarding import Onboarded, add_partner
from crossline.share.partners import PartnerEntry, get_partner
from crossline.share.preview import preview_partner
from crossline.share.preview_fields import explain


def register(
    node: Node, by: Acting, entry: PartnerEntry, *, issue_token: bool = False
) -> Onboarded:
    """Register a partner node; its address must pass the egress guard. Audited."""
    if entry.base_url:
        node.outbound.check(entry.base_url)  # internal addresses need CROSSLINE_EGRESS_ALLOW
    issuer = by.who.id if isinstance(by.who, Principal) and by.who.kind == "user" else None
    try:
        done = add_partner(node.accounts, entry, issue_token=issue_token, issuer_user_id=issuer)
    except IntegrityError as exc:  # a malformed key is bad input here, not a failed check
        raise ValidationError(exc.message, field="public_key", **exc.context) from None
    node.audit.record(
        by.who, "create", "partner", done.partner.id,
        detail={"name": entry.name, "token": bool(done.token)}, ip=by.ip,
    )  # fmt: skip
    return done


def partner_view(node: Node, name: str, *, sample: int = 3) -> dict[str, Any]:
    """A partner, its agreement in force, and the preview of what it would receive now,
    each sample laid out field by field (sent, coarsened, withheld, masked, not sent)."""
    partner = get_partner(node.store, name)
    agreement = get_agreement(node.store, name)
    seen = preview_partner(node.store, name, sample=sample)
    terms = seen.get("agreement") or {}
    kinds = {
        kind: {**k, "fields": [[row for row in explain(s, kind, terms)] for s in k["sample"]]}
        for kind, k in seen["kinds"].items()
    }
    return {
        "partner": partner.public_dict(),
        "agreement": agreement.to_dict() if agreement else None,
        "in_force": agreement is not None,
        "kinds": kinds,
        "note": seen.get("note"),
    }
