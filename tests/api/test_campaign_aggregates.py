"""The campaign aggregate routes (timeline, geography) registered from one table."""

from __future__ import annotations

import pytest

from crossline.api.responses.read import GeographyOut, TimelineOut
from crossline.api.routes import intel

AGGREGATES = [("timeline", TimelineOut), ("geography", GeographyOut)]


@pytest.mark.parametrize(("what", "model"), AGGREGATES, ids=[a[0] for a in AGGREGATES])
def test_each_aggregate_is_its_own_named_get(what: str, model: type) -> None:
    [route] = [r for r in intel.router.routes if r.name == f"campaign_{what}"]  # type: ignore[attr-defined]
    assert route.path == f"/api/v1/campaigns/{{campaign_id}}/{what}"  # type: ignore[attr-defined]
    assert (route.methods, route.response_model, route.tags) == ({"GET"}, model, ["campaigns"])  # type: ignore[attr-defined]
    assert route.description  # type: ignore[attr-defined]


@pytest.mark.parametrize(("what", "model"), AGGREGATES, ids=[a[0] for a in AGGREGATES])
def test_each_aggregate_runs_its_own_query_on_the_resolved_campaign(
    monkeypatch: pytest.MonkeyPatch, what: str, model: type
) -> None:
    calls: list[tuple] = []

    def view(request, principal, ref, what_, query):  # type: ignore[no-untyped-def]
        calls.append((ref, what_, query))
        return "full-id", {"what": what_}

    monkeypatch.setattr(intel, "_campaign_view", view)
    [route] = [r for r in intel.router.routes if r.name == f"campaign_{what}"]  # type: ignore[attr-defined]
    out = route.endpoint(campaign_id="abc123", request=None, principal=None)  # type: ignore[attr-defined]
    query = getattr(intel.read_campaigns, f"campaign_{what}")
    assert (out, calls) == ({"what": what}, [("abc123", what, query)])


NAMED = [
    ("graph", {}, {"nodes": [], "edges": []}),
    ("indicators", {"limit": 5, "offset": 10}, {"total": 0, "items": []}),
]


@pytest.mark.parametrize(("what", "page", "out"), NAMED, ids=[n[0] for n in NAMED])
def test_named_view_answers_under_the_full_id_with_the_page_asked(
    monkeypatch: pytest.MonkeyPatch, what: str, page: dict, out: dict
) -> None:
    monkeypatch.setattr(intel, "_campaign_view", lambda *a: ("full-campaign-id", out))
    got = intel._named_campaign_view("req", "who", "abc123", what, lambda c, i: out, **page)  # type: ignore[arg-type]
    assert got == {"campaign_id": "full-campaign-id", **page, **out}
    assert list(got)[: 1 + len(page)] == ["campaign_id", *page]
