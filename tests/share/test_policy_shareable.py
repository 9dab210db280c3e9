"""The store iterators: only allowed, redacted records, in bounded chunks."""

from __future__ import annotations

import pytest
from policy_support import MARKINGS, add_partner, seed_marked, store_agreement

from crossline.share.markings import tlp_rank
from crossline.share.shareable import iter_campaigns, iter_indicators, iter_reports

ORDER = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]


def visible(max_marking: str) -> set[str]:
    return {
        n
        for n, m in MARKINGS.items()
        if m != "TLP:RED" and ORDER.index(m) <= ORDER.index(max_marking)
    }


@pytest.mark.parametrize("max_marking", ORDER[:4], ids=lambda m: m[4:])
def test_reports_and_indicators_follow_the_marking(store, tmp_path, max_marking) -> None:
    ids = seed_marked(store)
    add_partner(store, tmp_path)
    a = store_agreement(store, max_marking=max_marking, kinds=["indicator", "campaign", "report"])
    got = list(iter_reports(store, a, chunk=2))  # chunk 2: exercises the keyset paging
    names = {r["source_ref"] for r in got}
    assert names == visible(max_marking)
    for r in got:
        assert tlp_rank(r["marking"]) <= tlp_rank(max_marking)
        assert not {"victim_pii", "victim_key", "text", "victim_district"} & r.keys()
    by_name = {r["source_ref"]: r for r in got}
    if "us-1" in by_name:
        assert {"kind": "upi", "value": "fraudster@okaxis"} in by_name["us-1"]["indicators"]
    values = {i["value"]: i for i in iter_indicators(store, a, chunk=2)}
    # A value is shared when a report the partner may see holds it; the common helpline never.
    assert "+18001234567" not in values
    assert ("toll-pay-now.com" in values) == ("us-4" in names)
    if "toll-pay-now.com" in values:
        assert values["toll-pay-now.com"]["marking"] == "TLP:GREEN"  # us-3 (RED) not counted
        assert values["toll-pay-now.com"]["report_count"] == 1
    camps = {c["id"]: c for c in iter_campaigns(store, a, chunk=1)}
    cross = camps.get(ids["cross_border"])
    allowed_cross = visible(max_marking) & {"us-1", "us-2", "in-1", "in-2"}
    if len(allowed_cross) >= 2:
        assert cross is not None and cross["report_count"] == len(allowed_cross)
        assert cross["marking"] == max((MARKINGS[n] for n in allowed_cross), key=ORDER.index)
    else:
        assert cross is None
    assert ids["toll"] not in camps  # us-3 is RED: one visible report is no campaign


def test_nothing_without_kind_or_agreement(store, tmp_path) -> None:
    seed_marked(store)
    add_partner(store, tmp_path)
    a = store_agreement(store, kinds=["indicator"], max_marking="TLP:AMBER+STRICT")
    assert list(iter_reports(store, a)) == []
    assert list(iter_campaigns(store, a)) == []
    assert list(iter_indicators(store, None)) == []
    assert len(list(iter_indicators(store, a))) > 0
