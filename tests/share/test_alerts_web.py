"""The alerts page of the web app: listed for a logged-in analyst, acknowledged with CSRF."""

from __future__ import annotations

from crossline.share import alerts as al
from support.share_match_env import add_partner, ingest, other_identity, report
from support.share_match_nodes import PASSWORD, Bridge, cheap_passwords, make_node


def test_alerts_page_lists_and_acknowledges(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cheap_passwords(monkeypatch)
    node = make_node(tmp_path, "us-ftc", "US", Bridge())
    add_partner(node.store, other_identity())
    ingest(
        node.store, node.settings, report("p", ("upi", "mule77@okaxis"), source="partner:in-i4c")
    )
    ingest(node.store, node.settings, report("l", ("upi", "mule77@okaxis")))
    [alert] = al.list_alerts(node.store)
    with node.client as client:
        html = {"Accept": "text/html"}
        assert client.get("/alerts", headers=html, follow_redirects=False).status_code == 303
        me = client.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD})
        assert me.status_code == 200, me.text
        page = client.get("/alerts", headers=html)
        assert page.status_code == 200 and 'href="/alerts"' in page.text
        assert "mule77@okaxis" in page.text and f'data-alert="{alert["id"]}"' in page.text
        refused = client.post(f"/alerts/{alert['id']}/ack", data={"csrf_token": "wrong"},
                              headers=html, follow_redirects=False)  # fmt: skip
        assert refused.status_code == 403
        token = {"csrf_token": me.json()["csrf_token"]}
        done = client.post(
            f"/alerts/{alert['id']}/ack", data=token, headers=html, follow_redirects=False
        )
        assert done.status_code == 303
        assert "seen by user:analyst" in client.get("/alerts", headers=html).text
