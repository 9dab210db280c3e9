"""Packages: export (directory and zip), offline verification that names what is wrong,
the CASE/UCO graph passing case_validate, and import on a partner node."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crossline.config import Settings
from crossline.errors import EvidenceError, IntegrityError
from crossline.evidence.items import Evidence, custody_of, get_item, list_items
from crossline.evidence.package import export_package, import_package, verify_package
from crossline.evidence.verify import verify_store
from crossline.share.identity import NodeIdentity

CASE_VALIDATE = Path(sys.executable).parent / "case_validate"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """SQLite only: packages are files; the store side runs on both backends elsewhere."""
    return Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path / 'pkg.db'}")


@pytest.fixture
def pkg(ev: Evidence, case: str, tmp_path: Path) -> Path:
    out = tmp_path / "pkg"
    export_package(ev, case, out, actor="user:alvarez")
    return out


def test_export_writes_every_part_and_verifies(ev: Evidence, pkg: Path) -> None:
    names = {p.relative_to(pkg).as_posix() for p in pkg.rglob("*") if p.is_file()}
    assert names == {
        "manifest.json", "manifest.sig", "signer.json", "custody.jsonl", "case.jsonld",
        "summary.html", "summary.pdf", "files/EX-1-call_0412.wav", "files/EX-2-statement.csv",
    }  # fmt: skip
    manifest = json.loads((pkg / "manifest.json").read_text())
    rec = get_item(ev.store, "OP-TOLL/EX-1")
    assert manifest["items"][0]["sha256"] == rec["sha256"]
    assert (pkg / "files/EX-1-call_0412.wav").read_bytes() == ev.content.path_of(
        rec["sha256"]
    ).read_bytes()
    entries = [json.loads(line) for line in (pkg / "custody.jsonl").read_text().splitlines()]
    assert [e["action"] for e in entries] == ["acquire", "acquire", "copy", "copy", "export"]
    assert manifest["custody"]["last_hash"] == entries[-1]["hash"]
    assert (pkg / "summary.pdf").read_bytes().startswith(b"%PDF")
    assert "Bank statement extract" in (pkg / "summary.html").read_text()
    report = verify_package(pkg, ev.identity.public_key)
    assert report["ok"], report["problems"]
    assert (report["items"], report["custody_entries"]) == (2, 5)
    assert custody_of(ev.store, "OP-TOLL")[-1]["action"] == "export"  # logged at home too


def test_zip_package_verifies_with_a_key_file(ev: Evidence, case: str, tmp_path: Path) -> None:
    out = tmp_path / "out" / "OP-TOLL.zip"
    export_package(ev, case, out, actor="user:alvarez")
    with zipfile.ZipFile(out) as zf:
        assert zf.getinfo("files/EX-1-call_0412.wav").compress_type == zipfile.ZIP_STORED
    key_file = tmp_path / "sender.pub"
    key_file.write_text(ev.identity.public_key + "\n")
    assert verify_package(out, str(key_file))["ok"]


def test_the_case_graph_passes_case_validate(pkg: Path) -> None:
    graph = json.loads((pkg / "case.jsonld").read_text())
    types = {n["@type"] for n in graph["@graph"]}
    assert {
        "case-investigation:Investigation",
        "case-investigation:InvestigativeAction",
        "case-investigation:ProvenanceRecord",
        "uco-observable:File",
    } <= types
    exhibits = {
        n["case-investigation:exhibitNumber"]
        for n in graph["@graph"]
        if n["@type"] == "case-investigation:ProvenanceRecord"
    }
    assert exhibits == {"EX-1", "EX-2"}
    run = subprocess.run(
        [str(CASE_VALIDATE), str(pkg / "case.jsonld")], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert "Conforms: True" in run.stdout and "Results" not in run.stdout


def _flip_byte(pkg: Path) -> None:
    f = pkg / "files/EX-1-call_0412.wav"
    data = bytearray(f.read_bytes())
    data[123456] ^= 0xFF
    f.write_bytes(bytes(data))


def _drop_entry(pkg: Path) -> None:
    f = pkg / "custody.jsonl"
    lines = f.read_text().splitlines(keepends=True)
    f.write_text("".join(lines[:2] + lines[3:]))


def _reorder_entries(pkg: Path) -> None:
    f = pkg / "custody.jsonl"
    lines = f.read_text().splitlines(keepends=True)
    lines[0], lines[1] = lines[1], lines[0]
    f.write_text("".join(lines))


def _swap_key(pkg: Path) -> None:
    """Re-sign the manifest and signer.json with another key."""
    mallory = NodeIdentity("mallory", "US", Ed25519PrivateKey.generate())
    signer = json.loads((pkg / "signer.json").read_text())
    signer.update(public_key=mallory.public_key, key_id=mallory.key_id)
    (pkg / "signer.json").write_text(json.dumps(signer))
    sig = json.loads((pkg / "manifest.sig").read_text())
    sig.update(key_id=mallory.key_id, signature=mallory.sign((pkg / "manifest.json").read_bytes()))
    (pkg / "manifest.sig").write_text(json.dumps(sig))


def _add_file(pkg: Path) -> None:
    (pkg / "files/EX-3-planted.txt").write_text("planted")


def _edit_manifest(pkg: Path) -> None:
    f = pkg / "manifest.json"
    f.write_text(f.read_text().replace("Bank statement extract", "Bank statement (edited)"))


TAMPERING: list[tuple[str, Callable[[Path], None], str, str]] = [
    ("flip-a-byte", _flip_byte, "files/EX-1-call_0412.wav", "SHA-256 is"),
    ("delete-entry", _drop_entry, "custody.jsonl", "SHA-256 is"),
    ("reorder-entries", _reorder_entries, "custody entry seq 2", "expected seq 1"),
    ("swap-signing-key", _swap_key, "manifest.sig", "does not verify with key"),
    ("planted-file", _add_file, "files/EX-3-planted.txt", "not listed in the manifest"),
    ("edit-manifest", _edit_manifest, "manifest.sig", "does not verify"),
]


@pytest.mark.parametrize(
    ("tamper", "where", "words"),
    [(t, w, m) for _, t, w, m in TAMPERING],
    ids=[n for n, *_ in TAMPERING],
)
def test_tampering_with_a_package_is_caught_and_named(
    ev: Evidence, pkg: Path, tamper: Callable[[Path], None], where: str, words: str
) -> None:
    tamper(pkg)
    report = verify_package(pkg, ev.identity.public_key)
    assert not report["ok"]
    named = [p for p in report["problems"] if p["where"] == where]
    assert named and any(words in p["message"] for p in named), report["problems"]


def test_a_deleted_entry_is_named_even_when_the_manifest_is_re_signed(
    ev: Evidence, pkg: Path
) -> None:
    """The sender's own key cannot hide a removed entry: the chain still breaks there."""
    _drop_entry(pkg)
    manifest = json.loads((pkg / "manifest.json").read_text())
    import hashlib

    data = (pkg / "custody.jsonl").read_bytes()
    for f in manifest["files"]:
        if f["path"] == "custody.jsonl":
            f.update(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    body = json.dumps(manifest).encode()
    (pkg / "manifest.json").write_bytes(body)
    (pkg / "manifest.sig").write_text(json.dumps({"signature": ev.identity.sign(body)}))
    problems = verify_package(pkg, ev.identity.public_key)["problems"]
    assert [p["where"] for p in problems] == ["custody entry seq 4", "custody entry seq 4"]


def test_verifying_with_the_wrong_key_names_the_signature(ev: Evidence, pkg: Path) -> None:
    other = NodeIdentity("x", "US", Ed25519PrivateKey.generate())
    wheres = {p["where"] for p in verify_package(pkg, other.public_key)["problems"]}
    assert {"manifest.sig", "signer.json", "custody entry seq 1"} <= wheres


def test_import_continues_the_chain_on_the_receiving_node(
    ev: Evidence, other: Evidence, case: str, tmp_path: Path
) -> None:
    out = tmp_path / "OP-TOLL.zip"
    export_package(ev, case, out, actor="user:alvarez")
    sent = [json.loads(x) for x in zipfile.ZipFile(out).read("custody.jsonl").splitlines()]
    result = import_package(other, out, ev.identity.public_key, actor="user:sharma")
    assert (result["items"], result["new_items"], result["receive_seq"]) == (2, 2, 6)
    chain = custody_of(other.store, case)
    assert chain[:5] == sent  # the sender's entries, signatures and all
    receive = chain[5]
    assert receive["action"] == "receive" and receive["prev_hash"] == sent[-1]["hash"]
    assert receive["key_id"] == other.identity.key_id
    assert receive["detail"]["sender"]["key_id"] == ev.identity.key_id
    assert [i["origin"] for i in list_items(other.store)] == ["crossline", "crossline"]
    assert verify_store(other)["ok"]
    # Re-exported by the receiver, the package verifies with the receiver's key alone.
    again = tmp_path / "again"
    export_package(other, case, again, actor="user:sharma")
    report = verify_package(again, other.identity.public_key)
    assert report["ok"], report["problems"]
    assert report["custody_entries"] == 9


def test_import_refuses_a_package_that_does_not_verify(
    ev: Evidence, other: Evidence, pkg: Path
) -> None:
    _flip_byte(pkg)
    with pytest.raises(IntegrityError, match="files/EX-1-call_0412.wav: SHA-256 is"):
        import_package(other, pkg, ev.identity.public_key, actor="user:sharma")
    assert list_items(other.store) == []
    assert custody_of(other.store, "OP-TOLL") == []


def test_export_of_an_unknown_case_and_into_a_full_directory_fail(ev: Evidence, pkg: Path) -> None:
    with pytest.raises(EvidenceError, match="has no evidence items"):
        export_package(ev, "NOPE", pkg.parent / "x", actor="a")
    with pytest.raises(EvidenceError, match="not empty"):
        export_package(ev, "OP-TOLL", pkg, actor="a")
