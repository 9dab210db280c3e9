"""Agreements enforced on the API: a partner's tokens on every route of the app.

The partner organisation of the API test node is registered as partner "in-i4c";
its tokens (role ``partner``, and a mis-issued ``analyst`` token to show the gate
does not depend on the role) read the node under each agreement of a table.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from policy_support import MARKINGS, add_partner
from sqlalchemy import update

from crossline.config import Settings
from crossline.share.agreements import agreement_from_dict, save_agreement
from crossline.store.schema import reports
from crossline.store.schema_agreements import agreements

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from api_env import Env, build_env  # noqa: E402
from api_seed import REPORTS  # noqa: E402

ORDER = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
PII = ("Alice Victim", "Ravi Kumar", "+15125550100", "+919876500001", "victim_pii", "victim-")
CAMPAIGN_REPORTS = {"cross_border": {"us-1", "us-2", "in-1", "in-2"}, "toll": {"us-3", "us-4"}}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    from argon2 import PasswordHasher

    from crossline.node import security

    saved, security._HASHER = security._HASHER, PasswordHasher(time_cost=1, memory_cost=1024)
    tmp = tmp_path_factory.mktemp("policy-node")
    settings = Settings(home=tmp / "home", database_url=f"sqlite:///{tmp / 'crossline.db'}")
    for e in build_env(settings):
        store = e.node.store
        with store.transaction() as conn:
            for name, marking in MARKINGS.items():
                conn.execute(
                    update(reports).where(reports.c.id == e.ids[name]).values(marking=marking)
                )
        add_partner(store, tmp, org_id=e.orgs["partner"]["id"])
        token, _ = e.node.accounts.create_token(
            creator=None,
            user_id=e.users["partner"]["id"],
            org_id=e.orgs["partner"]["id"],
            name="partner-analyst",
            role="analyst",
            scopes=["read", "write", "import", "quarantine", "export", "pii"],
        )
        e.tokens["partner_analyst"] = token
        yield e
    security._HASHER = saved


def set_agreement(env: Env, **kw: Any) -> None:
    store = env.node.store
    with store.transaction() as conn:
        conn.execute(agreements.delete())
    if kw.get("kinds") is None:
        return
    doc = {
        "partner": "in-i4c",
        "max_marking": "TLP:AMBER",
        "valid_from": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
        **kw,
    }
    save_agreement(store, agreement_from_dict(doc))


def visible(max_marking: str | None) -> set[str]:
    if max_marking is None:
        return set()
    top = ORDER.index(max_marking)
    return {n for n, m in MARKINGS.items() if m != "TLP:RED" and ORDER.index(m) <= top}


AGREEMENTS = {
    "none": {"kinds": None},
    "expired": {
        "kinds": ["indicator", "campaign", "report_full"],
        "valid_from": "2020-01-01T00:00:00Z",
        "expires_at": "2021-01-01T00:00:00Z",
    },
    **{
        f"{kinds}-{m[4:]}": {"kinds": kinds.split("+"), "max_marking": m}
        for kinds in ("indicator", "campaign", "report", "report_full", "indicator+campaign+report")
        for m in ORDER[:4]
    },
}


def expectation(spec: dict[str, Any]) -> dict[str, Any]:
    """What the partner must see under ``spec``, worked out from the seed, not the code."""
    kinds = set(spec["kinds"] or ())
    in_force = spec["kinds"] is not None and "expires_at" not in spec
    seen = visible(spec.get("max_marking", "TLP:AMBER")) if in_force else set()
    reps = seen if kinds & {"report", "report_full"} else set()
    camps = (
        {c for c, members in CAMPAIGN_REPORTS.items() if len(members & seen) >= 2}
        if "campaign" in kinds
        else set()
    )
    upi_seen = bool({"us-1", "in-1", "in-2"} & seen) and "indicator" in kinds
    return {"reports": reps, "campaigns": camps, "upi": upi_seen, "seen": seen}


@pytest.mark.parametrize("name", list(AGREEMENTS), ids=list(AGREEMENTS))
def test_partner_reads_follow_the_agreement(env: Env, name: str) -> None:
    spec = AGREEMENTS[name]
    set_agreement(env, **spec)
    want = expectation(spec)
    names = {rid: n for n, rid in env.ids.items() if n in REPORTS}

    got = env.get("partner_analyst", "/api/v1/reports?limit=500").json()
    assert {names[r["id"]] for r in got["items"]} == want["reports"]
    for r in got["items"]:
        assert ORDER.index(r["marking"]) <= ORDER.index(spec.get("max_marking", "TLP:AMBER"))
    for n, rid in env.ids.items():
        if n in REPORTS:
            status = env.get("partner_analyst", f"/api/v1/reports/{rid}").status_code
            assert status == (200 if n in want["reports"] else 404), n
    # The partner role itself has no report permission at all.
    assert env.get("partner", "/api/v1/reports").status_code == 403

    camps = env.get("partner", "/api/v1/campaigns?limit=200").json()["items"]
    assert {c["id"] for c in camps} == {env.ids[c] for c in want["campaigns"]}
    for cname in CAMPAIGN_REPORTS:
        r = env.get("partner", f"/api/v1/campaigns/{env.ids[cname]}")
        assert r.status_code == (200 if cname in want["campaigns"] else 404)
        if r.status_code == 200:
            body = r.json()
            assert body["report_count"] == len(CAMPAIGN_REPORTS[cname] & want["seen"])
            assert {x["source_ref"] for x in body["reports"]} <= want["reports"]

    found = env.get("partner", "/api/v1/indicators/lookup?q=fraudster@okaxis").json()
    assert bool(found["indicators"]) is want["upi"]
    stats = env.get("partner", "/api/v1/stats").json()
    assert stats["reports"] == len(want["reports"])
    assert stats["campaigns"] == len(want["campaigns"])

    everything = "".join(
        env.get(who, p).text
        for who in ("partner", "partner_analyst")
        for p in ("/api/v1/reports?limit=500", "/api/v1/campaigns", "/api/v1/stats")
    )
    for needle in PII:
        assert needle not in everything
    for n in set(REPORTS) - want["reports"]:
        assert env.ids[n] not in everything


def app_routes(env: Env) -> list[tuple[str, str]]:
    """(method, path template) of every route: API, web pages, docs (included routers
    are walked through their effective route contexts)."""
    out = []
    for route in env.app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for r in contexts() if contexts else [route]:
            path = getattr(r, "path", "")
            if path.startswith("/static") or not getattr(r, "methods", None):
                continue
            out.extend((m, path) for m in r.methods - {"HEAD"})
    return sorted(set(out))


def fill(env: Env, path: str) -> str:
    # Every id in a path is a record the agreement does NOT allow (RED report, its campaign).
    values = {
        "report_id": env.ids["us-3"],
        "campaign_id": env.ids["toll"],
        "indicator_id": "00000000-0000-0000-0000-000000000000",
    }
    return re.sub(r"\{([^}:]+)[^}]*\}", lambda m: values.get(m.group(1), "0" * 36), path)


def test_every_route_of_the_app_is_closed_or_filtered(env: Env) -> None:
    """A partner token on every route: nothing disallowed, no victim data, ever."""
    set_agreement(env, kinds=["indicator", "campaign", "report"], max_marking="TLP:GREEN")
    from crossline.http.partner_gate import OPEN_ROUTES, PARTNER_ROUTES

    routes = app_routes(env)
    assert len(routes) > 30
    forbidden = [env.ids[n] for n in ("us-3", "in-1", "in-2")] + [
        REPORTS[n][5][:30] for n in ("us-3", "in-1", "in-2")
    ]
    served = 0
    for who in ("partner", "partner_analyst"):
        for method, path in routes:
            url = fill(env, path)
            kw: dict[str, Any] = {"headers": env.as_(who)}
            if method in ("POST", "PUT", "PATCH"):
                kw["json"] = {"source_ref": "p-1", "jurisdiction": "IN", "text": "x"}
            r = env.client.request(method, url, **kw)
            key = (method, path)
            assert r.status_code < 500, (who, key, r.text)
            if key not in PARTNER_ROUTES | OPEN_ROUTES:
                # 422: a form/body refused before anyone is authenticated (no data either).
                assert r.status_code in (401, 403, 404, 405, 422), (who, key, r.status_code)
            else:
                served += r.status_code == 200
            for needle in (*PII, *forbidden):
                if needle not in url:  # an error may echo the id that was asked for
                    assert needle not in r.text, (who, key, needle)
    assert served >= 5
