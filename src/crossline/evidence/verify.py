"""Verification of the node's own evidence: stored files, custody chains and their heads.

``crossline evidence verify`` (no package) runs this. It names each file whose bytes
changed (path, expected and actual SHA-256), each custody entry that was edited, removed,
inserted, reordered or signed by a key the chain does not vouch for, and each item whose
database row no longer matches what its acquisition committed to.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from crossline.evidence import ledger
from crossline.evidence.custody import Problem, verify_chain
from crossline.evidence.items import Evidence
from crossline.store.schema_evidence import evidence_items


def verify_store(
    ev: Evidence, *, actor: str | None = None, case: str | None = None
) -> dict[str, Any]:
    """Check everything (or one case); with ``actor``, log a ``verify`` entry per sound case."""
    heads, problems = ev.heads().load()
    trusted = {ev.identity.key_id: ev.identity.public_key}
    with ev.store.read() as conn:
        q = select(evidence_items)
        if case:
            q = q.where(evidence_items.c.case_ref == case)
        items = list(conn.execute(q.order_by(evidence_items.c.case_ref, evidence_items.c.exhibit)))
        names = (
            {case} if case else set(ledger.cases(conn)) | set(heads) | {i.case_ref for i in items}
        )
        chains = {c: ledger.entries_of(conn, c) for c in sorted(names)}

    per_case: dict[str, list[Problem]] = {}
    for c, entries in chains.items():
        per_case[c] = verify_chain(entries, trusted, label=f"case {c} custody", head=heads.get(c))

    checked_bytes = 0
    for row in items:
        where = f"case {row.case_ref} exhibit {row.exhibit} ({row.filename})"
        wrong = ev.content.check(row.sha256)
        if wrong:
            per_case[row.case_ref].append(Problem(where, f"stored file {wrong}"))
        else:
            checked_bytes += int(row.size_bytes)
        committed = [
            (e.get("detail") or {})
            for e in chains.get(row.case_ref, [])
            if e["item"] == row.id and e["action"] in ("acquire", "receive")
        ]
        if not committed:
            per_case[row.case_ref].append(
                Problem(where, "no acquire or receive entry in the custody chain")
            )
        elif committed[0].get("sha256") != row.sha256 or committed[0].get("size") != row.size_bytes:
            per_case[row.case_ref].append(
                Problem(
                    where,
                    f"item record says SHA-256 {row.sha256}, but its custody entry committed "
                    f"to {committed[0].get('sha256')} (the record was changed)",
                )
            )

    if actor:
        for c, found in per_case.items():
            if not found and chains[c]:
                ev.log(case=c, action="verify", actor=actor, detail={"ok": True})
    all_problems = problems + [p for found in per_case.values() for p in found]
    return {
        "ok": not all_problems,
        "cases": [
            {
                "case": c,
                "entries": len(chains[c]),
                "items": sum(1 for i in items if i.case_ref == c),
                "ok": not per_case[c],
            }
            for c in sorted(per_case)
        ],
        "items": len(items),
        "bytes_checked": checked_bytes,
        "problems": [p.as_dict() for p in all_problems],
    }
