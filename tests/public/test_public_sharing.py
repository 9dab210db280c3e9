"""Reports from the public leave the node only once confirmed: a flood of unconfirmed
ones must not reach partner nodes, where they would arrive as a partner's reports."""

from __future__ import annotations

from pathlib import Path

from crossline.config import Settings  # noqa: E402
from crossline.services import citizens  # noqa: E402
from crossline.share.shareable import iter_reports  # noqa: E402
from crossline.store import Store  # noqa: E402
from support.policy_support import add_partner, store_agreement  # noqa: E402


def test_only_confirmed_public_reports_are_shared(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    sent = [
        citizens.submit_report(
            store,
            settings,
            citizens.CitizenReportIn(
                what_happened=f"claim {i}", reported_value="+919811122233", region="IN"
            ),
            nonce=f"share-{i}",
            origin="web",
            address="198.51.100.7",
        )
        for i in range(3)
    ]
    add_partner(store, tmp_path)
    agreement = store_agreement(store, max_marking="TLP:AMBER", kinds=["report"])
    assert list(iter_reports(store, agreement)) == []
    citizens.decide(store, sent[1].reference, "confirm", by="analyst")
    shared = [r["source_ref"] for r in iter_reports(store, agreement)]
    assert shared == [sent[1].reference]
