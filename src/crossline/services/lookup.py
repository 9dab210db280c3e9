"""Lookup: find a value as typed (normalized every plausible way) with its sightings and
campaign. The CLI's ``lookup``, the API's ``/indicators/lookup`` and the web search box."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crossline.indicators.kinds import ATTRIBUTE_KINDS
from crossline.indicators.lookup import lookup_candidates
from crossline.indicators.typed import typed_account
from crossline.store import Store
from crossline.store.read import identifiers as read_identifiers
from crossline.store.read import indicators as read_indicators

#: How many reports filed under one reference, and campaigns or reports under one id
#: prefix, a lookup lists (a reference is meant to name one complaint).
IDENTIFIER_LIMIT = 20


def lookup(
    store: Store,
    query: str,
    *,
    region: str | None = None,
    sightings_page: int | None = None,
    sightings_per_page: int = 50,
) -> dict[str, Any]:
    """Find a value (normalized as typed) with its sightings and campaign.

    An account is found by its number alone: a bare number matches the account at
    every branch that holds it (``account`` in the answer says when that is ambiguous);
    an IFSC typed with it narrows the answer to that branch. Each value says in how many
    reports it is also the complainant's own contact (``victim_contact_reports``).
    """
    pairs = lookup_candidates(query, region)
    account = typed_account(query)
    with store.read() as conn:
        found = read_indicators.find_indicators(conn, pairs)
        accounts = read_indicators.find_accounts(conn, account.significant) if account else []
        seen = {ind["id"] for ind in found}
        matching = [
            a
            for a in accounts
            if account is not None
            and (not account.ifsc or a["value"].startswith(account.ifsc) or ":" not in a["value"])
        ]
        found.extend(a for a in matching if a["id"] not in seen)
        # The value asked about first; a branch code typed with an account comes last.
        found.sort(key=lambda ind: ind["kind"] in ATTRIBUTE_KINDS)
        flags = read_indicators.victim_contact_counts(conn, [ind["id"] for ind in found])
        for ind in found:
            ind["victim_contact_reports"] = flags.get(ind["id"], 0)
        read_indicators.with_sightings_and_campaigns(
            conn, found, sightings_limit=sightings_per_page, sightings_page=sightings_page
        )
        ids = identify(conn, query)
    result: dict[str, Any] = {
        "query": query,
        "normalized": [{"kind": k, "value": v} for k, v in pairs if k],
        "indicators": found,
        "identifiers": ids,
    }
    if account is not None:
        result["account"] = account_answer(account.number, account.ifsc, accounts)
    return result


def identify(conn: Any, query: str) -> dict[str, list[dict[str, Any]]]:
    """What a pasted token names besides a value: the reports filed under it as a
    reference (any source's complaint number), the campaigns and reports whose id starts
    with it (6+ hex characters; an ambiguous prefix lists every match).

    A text with spaces is not an identifier: nothing is looked up for it.
    """
    token = query.strip()
    empty: dict[str, list[dict[str, Any]]] = {"references": [], "campaigns": [], "reports": []}
    if not token or len(token) > 255 or any(ch.isspace() for ch in token):
        return empty
    refs = read_identifiers.reports_by_reference(conn, [token], limit=IDENTIFIER_LIMIT)
    return {
        "references": refs.get(token, []),
        "campaigns": read_identifiers.campaigns_by_prefix(conn, token, limit=IDENTIFIER_LIMIT),
        "reports": read_identifiers.reports_by_id_prefix(conn, token, limit=IDENTIFIER_LIMIT),
    }


def account_answer(
    number: str, ifsc: str | None, accounts: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The accounts a typed number matches, and whether the number alone is ambiguous
    (held at more than one branch, or stored with and without its branch)."""
    values = [a["value"] for a in accounts]
    branches = sorted({v.rpartition(":")[0] or "(no branch given)" for v in values})
    ambiguous = len(branches) > 1
    note = None
    if ambiguous:
        note = (
            f"the number {number} is an account at {len(branches)} branches "
            f"({', '.join(branches)}): check which one before acting"
        )
    return {"number": number, "ifsc": ifsc, "matches": values, "ambiguous": ambiguous, "note": note}
