"""The custody chain on its own: each kind of tampering is caught and named."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crossline.errors import EvidenceError, IntegrityError
from crossline.evidence.custody import (
    GENESIS,
    check_entries,
    entry_hash,
    make_entry,
    verify_chain,
)
from crossline.share.identity import NodeIdentity

ALICE = NodeIdentity("us-ftc", "US", Ed25519PrivateKey.generate())
BOB = NodeIdentity("in-cbi", "IN", Ed25519PrivateKey.generate())
TRUST = {ALICE.key_id: ALICE.public_key}


def chain(n: int = 5, identity: NodeIdentity = ALICE) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(n):
        out.append(
            make_entry(
                identity,
                prev=out[-1] if out else None,
                case="C1",
                action="acquire" if i == 0 else "access",
                actor="user:alice",
                item="item-1",
                detail={"n": i},
            )
        )
    return out


def test_a_sound_chain_verifies() -> None:
    entries = chain()
    assert verify_chain(entries, TRUST) == []
    assert entries[0]["prev_hash"] == GENESIS
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(entries, entries[1:], strict=False))
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5]


def _edit(es: list[dict[str, Any]]) -> None:
    es[2]["actor"] = "user:mallory"


def _edit_and_rehash(es: list[dict[str, Any]]) -> None:
    es[2]["detail"] = {"n": 99}
    es[2]["hash"] = entry_hash(es[2])


def _delete(es: list[dict[str, Any]]) -> None:
    del es[2]


def _reorder(es: list[dict[str, Any]]) -> None:
    es[1], es[2] = es[2], es[1]


def _insert(es: list[dict[str, Any]]) -> None:
    forged = make_entry(ALICE, prev=es[1], case="C1", action="access", actor="x", item="item-1")
    es.insert(2, forged)


def _wrong_key(es: list[dict[str, Any]]) -> None:
    es[3]["signature"] = BOB.sign(es[3]["hash"].encode())


def _foreign_signer(es: list[dict[str, Any]]) -> None:
    resigned = make_entry(BOB, prev=es[2], case="C1", action="access", actor="x", item="item-1")
    es[3:] = [resigned]


TAMPERING: list[tuple[str, Callable[[list[dict[str, Any]]], None], int, str]] = [
    ("edit", _edit, 3, "edited"),
    ("edit-and-rehash", _edit_and_rehash, 4, "prev_hash"),
    ("delete", _delete, 4, "expected seq 3"),
    ("reorder", _reorder, 3, "expected seq 2"),
    ("insert", _insert, 3, "expected seq 4"),
    ("wrong-key", _wrong_key, 4, "wrong key"),
    ("foreign-signer", _foreign_signer, 4, "not a trusted key"),
]


@pytest.mark.parametrize(
    ("tamper", "seq", "words"),
    [(t, s, w) for _, t, s, w in TAMPERING],
    ids=[n for n, *_ in TAMPERING],
)
def test_tampering_is_caught_and_names_the_entry(
    tamper: Callable[[list[dict[str, Any]]], None], seq: int, words: str
) -> None:
    entries = chain()
    tamper(entries)
    problems = verify_chain(entries, TRUST)
    assert problems, "tampering went unnoticed"
    named = [p for p in problems if p.where == f"custody entry seq {seq}"]
    assert named, [str(p) for p in problems]
    assert any(words in p.message for p in named), [str(p) for p in problems]
    with pytest.raises(IntegrityError, match=f"seq {problems[0].where.rsplit(' ', 1)[-1]}"):
        check_entries(entries, TRUST)


def test_cutting_the_tail_is_caught_only_against_the_recorded_head() -> None:
    entries = chain()
    head = {"seq": 5, "hash": entries[-1]["hash"]}
    cut = entries[:3]
    assert verify_chain(cut, TRUST) == []  # a hash chain alone cannot see it ...
    problems = verify_chain(cut, TRUST, head=head)  # ... the signed head can
    assert [p.where for p in problems] == ["custody head"]
    assert "ends at seq 3" in problems[0].message


def test_a_receive_entry_vouches_for_the_senders_key() -> None:
    sent = chain(3, identity=BOB)
    receive = make_entry(
        ALICE,
        prev=sent[-1],
        case="C1",
        action="receive",
        actor="user:alice",
        detail={"sender": {"node": "in-cbi", "public_key": BOB.public_key}},
    )
    entries = [*sent, receive]
    assert verify_chain(entries, TRUST) == []
    # Without the receive entry, BOB's entries are not trusted by ALICE's key alone.
    assert {p.message for p in verify_chain(sent, TRUST)} == {
        f"signed by key {BOB.key_id!r}, which is not a trusted key"
    }


def test_unknown_action_is_refused() -> None:
    with pytest.raises(EvidenceError, match="unknown custody action 'shred'"):
        make_entry(ALICE, prev=None, case="C1", action="shred", actor="x")
