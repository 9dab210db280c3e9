"""What this node shares, at a glance: its identity, its partners, the agreements and
the preview of who would receive what now. Called by the sharing page."""

from __future__ import annotations

from typing import Any

from crossline.node import Node
from crossline.share.agreements import list_agreements
from crossline.share.identity import load_identity
from crossline.share.partners import list_partners
from crossline.share.preview import preview


def sharing_overview(node: Node, *, partner: str | None, sample: int) -> dict[str, Any]:
    """The node's ``ident``, its ``partners`` and ``agreements``, and the ``previews`` of
    what each partner (or only ``partner``) would receive, ``sample`` records a kind."""
    return {
        "ident": load_identity(node.settings),
        "previews": preview(node.store, partner=partner, sample=sample),
        "partners": list_partners(node.store),
        "agreements": list_agreements(node.store),
    }
