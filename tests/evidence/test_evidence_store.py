"""Items in the content store and the custody log in the database (SQLite and PostgreSQL):
a changed file, an edited or removed log entry, an edited item record are each named."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import text, update

from crossline.errors import EvidenceError, IntegrityError, StoreError, ValidationError
from crossline.evidence.content import ContentStore, hash_file
from crossline.evidence.items import Evidence, add_item, custody_of, get_item, list_items
from crossline.evidence.verify import verify_store
from crossline.store.schema_evidence import evidence_items


def _drop_triggers(ev: Evidence) -> None:
    """What an attacker with full database rights would do first."""
    with ev.store.transaction() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE custody_log DISABLE TRIGGER custody_log_no_change"))
        else:
            conn.execute(text("DROP TRIGGER custody_log_no_update"))
            conn.execute(text("DROP TRIGGER custody_log_no_delete"))


@pytest.fixture
def restore_triggers(ev: Evidence):  # type: ignore[no-untyped-def]
    yield
    with ev.store.transaction() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE custody_log ENABLE TRIGGER custody_log_no_change"))


def test_content_store_streams_hashes_and_dedups(tmp_path: Path, files: dict[str, Path]) -> None:
    cs = ContentStore(tmp_path / "cs")
    a = cs.put_file(files["recording"])
    b = cs.put_stream(io.BytesIO(files["recording"].read_bytes()))
    assert a == b and a.size == files["recording"].stat().st_size
    assert a.path == tmp_path / "cs" / a.sha256[:2] / a.sha256[2:]
    assert hash_file(a.path) == (a.sha256, a.size)
    assert [p.name for p in (tmp_path / "cs").rglob("*") if p.is_file()] == [a.sha256[2:]]
    with pytest.raises(IntegrityError, match="expected 00"):
        cs.put_stream(io.BytesIO(b"x"), expect_sha256="00" * 32)
    assert not list((tmp_path / "cs").glob(".incoming-*"))  # temp file cleaned up


def test_add_item_records_metadata_links_and_acquisition(ev: Evidence, case: str) -> None:
    items = list_items(ev.store, case=case)
    assert [i["exhibit"] for i in items] == ["EX-1", "EX-2"]
    rec = get_item(ev.store, "OP-TOLL/EX-1")
    assert rec["source"] == "Victim (voicemail export)"
    assert rec["filename"] == "call_0412.wav"
    assert get_item(ev.store, rec["id"][:8])["id"] == rec["id"]
    entries = custody_of(ev.store, case)
    assert [(e["seq"], e["action"], e["item"]) for e in entries] == [
        (1, "acquire", rec["id"]),
        (2, "acquire", items[1]["id"]),
    ]
    assert entries[0]["detail"]["sha256"] == rec["sha256"]
    report = verify_store(ev)
    assert report["ok"], report["problems"]
    assert report["bytes_checked"] == sum(i["size_bytes"] for i in items)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"case": "OP TOLL"}, ValidationError, "case reference"),
        ({"exhibit": "../x"}, ValidationError, "exhibit number"),
        ({"description": " "}, ValidationError, "description"),
        ({"exhibit": "EX-1"}, EvidenceError, "already has an exhibit EX-1"),
    ],
    ids=["bad-case", "bad-exhibit", "no-description", "duplicate-exhibit"],
)
def test_bad_items_are_refused(
    ev: Evidence, case: str, files: dict[str, Path], kwargs: dict[str, str], error: type, words: str
) -> None:
    args = {"case": case, "exhibit": "EX-9", "description": "d", **kwargs}
    with pytest.raises(error, match=words):
        add_item(ev, files["statement"], acquired_by="x", actor="x", **args)


def test_the_custody_log_is_append_only(ev: Evidence, case: str) -> None:
    with pytest.raises(StoreError, match="append-only"), ev.store.transaction() as conn:
        conn.execute(text("UPDATE custody_log SET actor = 'x'"))
    with pytest.raises(StoreError, match="append-only"), ev.store.transaction() as conn:
        conn.execute(text("DELETE FROM custody_log"))


def test_a_flipped_byte_in_a_stored_file_is_named(ev: Evidence, case: str) -> None:
    item = get_item(ev.store, "OP-TOLL/EX-1")
    path = ev.content.path_of(item["sha256"])
    path.chmod(0o640)
    data = bytearray(path.read_bytes())
    data[1000] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify_store(ev)
    assert not report["ok"]
    [problem] = report["problems"]
    assert problem["where"] == "case OP-TOLL exhibit EX-1 (call_0412.wav)"
    assert str(path) in problem["message"] and f"expected {item['sha256']}" in problem["message"]


def test_an_edited_log_entry_is_named(ev: Evidence, case: str, restore_triggers: None) -> None:
    _drop_triggers(ev)
    with ev.store.transaction() as conn:
        conn.execute(text("UPDATE custody_log SET actor = 'user:mallory' WHERE seq = 2"))
    problems = verify_store(ev)["problems"]
    assert problems == [
        {
            "where": "case OP-TOLL custody entry seq 2",
            "message": "content does not match its hash (entry was edited)",
        }
    ]


def test_a_deleted_log_entry_is_named(ev: Evidence, case: str, restore_triggers: None) -> None:
    ev.log(case=case, action="access", actor="user:alvarez", detail={"purpose": "review"})
    _drop_triggers(ev)
    with ev.store.transaction() as conn:
        conn.execute(text("DELETE FROM custody_log WHERE seq = 2"))
    wheres = {p["where"] for p in verify_store(ev)["problems"]}
    assert "case OP-TOLL custody entry seq 3" in wheres
    assert "case OP-TOLL exhibit EX-2 (statement.csv)" in wheres  # lost its acquisition


def test_cutting_the_newest_entry_is_caught_by_the_signed_head(
    ev: Evidence, case: str, restore_triggers: None
) -> None:
    ev.log(case=case, action="access", actor="user:alvarez")
    _drop_triggers(ev)
    with ev.store.transaction() as conn:
        conn.execute(text("DELETE FROM custody_log WHERE seq = 3"))
    [problem] = verify_store(ev)["problems"]
    assert problem["where"] == "case OP-TOLL custody head"
    assert "ends at seq 2" in problem["message"] and "head is seq 3" in problem["message"]


def test_an_edited_item_record_is_named(ev: Evidence, case: str, files: dict[str, Path]) -> None:
    # Swap in other bytes and point the record at them: the acquisition still says otherwise.
    other = ev.content.put_stream(io.BytesIO(b"forged statement"))
    with ev.store.transaction() as conn:
        conn.execute(
            update(evidence_items)
            .where(evidence_items.c.exhibit == "EX-2")
            .values(sha256=other.sha256, size_bytes=other.size)
        )
    [problem] = verify_store(ev)["problems"]
    assert problem["where"] == "case OP-TOLL exhibit EX-2 (statement.csv)"
    assert "the record was changed" in problem["message"]


def test_verify_logs_a_verify_entry_for_sound_cases(ev: Evidence, case: str) -> None:
    assert verify_store(ev, actor="user:auditor")["ok"]
    assert custody_of(ev.store, case)[-1]["action"] == "verify"
    assert verify_store(ev)["ok"]
