"""The chain of custody: one append-only, hash-chained, signed log per case.

Each entry records who did what to which item or package, and when::

    {"seq": 3, "case": "OP-TOLL", "item": "<item id>", "package": null,
     "action": "export", "actor": "user:alice", "at": "2026-11-28T14:00:00.123456+00:00",
     "detail": {...}, "prev_hash": "<hash of entry 2>",
     "hash": "<SHA-256 of the canonical JSON of every field above>",
     "signature": "<Ed25519 over the hash, base64>", "key_id": "<signer's key id>"}

Because every hash covers the previous one, editing, deleting, inserting or reordering
an entry breaks the chain at a place :func:`verify_chain` names. A chain received from
another node keeps the sender's entries and signatures as they were; the ``receive``
entry that continues it records the sender's key, so later readers can check the
sender's signatures too. Everything here is pure: the database side is in
:mod:`crossline.evidence.ledger`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from crossline.errors import EvidenceError, IntegrityError
from crossline.share.identity import NodeIdentity, canonical_json, key_id, verify

ACTIONS = ("acquire", "access", "copy", "transfer", "export", "receive", "verify")
GENESIS = "0" * 64
HASHED = ("seq", "case", "item", "package", "action", "actor", "at", "detail", "prev_hash")
FIELDS = (*HASHED, "hash", "signature", "key_id")


@dataclass(frozen=True)
class Problem:
    """One thing verification found wrong: where (a file or an entry) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "message": self.message}


def utc_stamp(now: datetime | None = None) -> str:
    """The timestamp written into entries: ISO 8601 in UTC, microseconds."""
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of the hashed fields of ``entry``."""
    body = {k: entry.get(k) for k in HASHED}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def make_entry(
    identity: NodeIdentity,
    *,
    prev: Mapping[str, Any] | None,
    case: str,
    action: str,
    actor: str,
    item: str | None = None,
    package: str | None = None,
    detail: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The next entry after ``prev`` (None: the first of the case), hashed and signed."""
    if action not in ACTIONS:
        raise EvidenceError(
            f"unknown custody action {action!r}", expected=", ".join(ACTIONS), field="action"
        )
    entry: dict[str, Any] = {
        "seq": int(prev["seq"]) + 1 if prev else 1,
        "case": case,
        "item": item,
        "package": package,
        "action": action,
        "actor": actor,
        "at": utc_stamp(now),
        "detail": dict(detail) if detail else {},
        "prev_hash": prev["hash"] if prev else GENESIS,
    }
    entry["hash"] = entry_hash(entry)
    entry["signature"] = identity.sign(entry["hash"].encode("ascii"))
    entry["key_id"] = identity.key_id
    return entry


def introduced_keys(entries: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, int]]:
    """Keys named by ``receive`` entries: key id -> (public key, seq of the entry)."""
    out: dict[str, tuple[str, int]] = {}
    for e in entries:
        sender = (e.get("detail") or {}).get("sender") if e.get("action") == "receive" else None
        if isinstance(sender, dict) and isinstance(sender.get("public_key"), str):
            try:
                kid = key_id(sender["public_key"])
            except IntegrityError:
                continue
            out.setdefault(kid, (sender["public_key"], int(e.get("seq") or 0)))
    return out


def _signature_ok(entry: Mapping[str, Any], public_key: str) -> bool:
    try:
        verify(public_key, str(entry.get("hash", "")).encode("ascii"), str(entry["signature"]))
    except (IntegrityError, KeyError, UnicodeEncodeError):
        return False
    return True


# How an entry links to the one before it: the field, its expected value given the
# previous entry (None for the first), and what a mismatch says ({after}: "follows seq
# N" or "is first"; {before}: "seq N" or "the chain's start").
LINKS: tuple[tuple[str, Callable[[Mapping[str, Any] | None], Any], str], ...] = (
    (
        "seq",
        lambda prev: int(prev["seq"]) + 1 if prev else 1,
        "{after}: expected seq {expected} (an entry is missing, was inserted or the "
        "entries were reordered)",
    ),
    (
        "prev_hash",
        lambda prev: prev["hash"] if prev else GENESIS,
        "prev_hash does not match the hash of {before} (an entry was deleted, inserted "
        "or reordered)",
    ),
)


def link_problems(entry: Mapping[str, Any], prev: Mapping[str, Any] | None) -> list[str]:
    """How ``entry`` fails to follow ``prev`` (None: ``entry`` should be the first)."""
    after = f"follows seq {prev['seq']}" if prev else "is first"
    before = f"seq {prev['seq']}" if prev else "the chain's start"
    out = []
    for field, expect, message in LINKS:
        expected = expect(prev)
        if entry[field] != expected:
            out.append(message.format(after=after, before=before, expected=expected))
    return out


def verify_chain(
    entries: Sequence[Mapping[str, Any]],
    trusted: Mapping[str, str],
    *,
    label: str = "custody",
    head: Mapping[str, Any] | None = None,
) -> list[Problem]:
    """Every problem in one case's chain, in order; an empty list means it holds.

    ``trusted`` maps key ids to public keys whose signatures are accepted. A ``receive``
    entry signed by an accepted key vouches for the sender's key it records, so the
    sender's entries before it verify too. ``head`` (``{"seq", "hash"}``), when known,
    is the last entry the chain must reach: it catches entries cut from the end.
    """
    problems: list[Problem] = []
    prev: Mapping[str, Any] | None = None
    for e in entries:
        where = f"{label} entry seq {e.get('seq')}"
        missing = [k for k in FIELDS if k not in e]
        if missing:
            problems.append(Problem(where, f"malformed entry: missing {', '.join(missing)}"))
            prev = e
            continue
        if entry_hash(e) != e["hash"]:
            problems.append(Problem(where, "content does not match its hash (entry was edited)"))
        problems += [Problem(where, message) for message in link_problems(e, prev)]
        prev = e

    # Keys: the trusted ones, then senders vouched for by receive entries that verify.
    keys = dict(trusted)
    offered = introduced_keys(entries)
    by_seq = {e.get("seq"): e for e in entries}
    changed = True
    while changed:
        changed = False
        for kid, (public, seq) in offered.items():
            if kid in keys:
                continue
            voucher = by_seq.get(seq)
            signer = str((voucher or {}).get("key_id"))
            if voucher and signer in keys and _signature_ok(voucher, keys[signer]):
                keys[kid] = public
                changed = True
    for e in entries:
        if "signature" not in e or "key_id" not in e:
            continue
        where = f"{label} entry seq {e.get('seq')}"
        public = keys.get(str(e["key_id"]))
        if public is None:
            problems.append(
                Problem(where, f"signed by key {e['key_id']!r}, which is not a trusted key")
            )
        elif not _signature_ok(e, public):
            problems.append(
                Problem(where, f"signature does not verify with key {e['key_id']} (wrong key)")
            )

    if head is not None:
        last = entries[-1] if entries else None
        if (
            last is None
            or last.get("seq") != head.get("seq")
            or last.get("hash") != head.get("hash")
        ):
            got = f"seq {last.get('seq')}" if last else "no entries"
            problems.append(
                Problem(
                    f"{label} head",
                    f"chain ends at {got}, but the recorded head is seq {head.get('seq')} "
                    f"hash {str(head.get('hash'))[:16]}… (entries were cut from the end or "
                    "replaced)",
                )
            )
    return problems


def check_entries(entries: Sequence[Mapping[str, Any]], trusted: Mapping[str, str]) -> None:
    """Raise IntegrityError naming the first problem of a chain (for imports)."""
    problems = verify_chain(entries, trusted)
    if problems:
        raise IntegrityError(str(problems[0]), problems=[p.as_dict() for p in problems])
