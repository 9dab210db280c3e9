"""Evidence packages: export a case, verify a package offline, import one from a partner.

A package (a directory or a ``.zip``) holds::

    manifest.json   case, items (metadata + path + SHA-256 + size), every other file's
                    SHA-256 and size, and the custody chain's length and last hash
    manifest.sig    Ed25519 signature over the exact bytes of manifest.json
    signer.json     node name, country, public key, key id
    custody.jsonl   the case's custody chain, one entry per line, export entry included
    case.jsonld     the CASE/UCO graph
    summary.html, summary.pdf   for prosecutors
    files/...       the evidence files

Verification needs only the package and the sender's public key, and names each file
or entry that is wrong. Import verifies first, then stores the files, keeps the
sender's chain as it is and continues it with a signed ``receive`` entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from crossline.domain import make_id
from crossline.errors import EvidenceError, IntegrityError
from crossline.evidence import ledger
from crossline.evidence.archive import Reader, Writer
from crossline.evidence.case_uco import case_graph
from crossline.evidence.custody import Problem, make_entry, utc_stamp, verify_chain
from crossline.evidence.items import EXHIBIT_FIELDS, Evidence, check_case, list_items
from crossline.evidence.summary import summary_html, summary_pdf
from crossline.share.identity import canonical_json, key_id, verify
from crossline.store.schema_evidence import evidence_items

FORMAT = "crossline-evidence-package/1"
ITEM_FIELDS = ("id", *EXHIBIT_FIELDS, "size", "origin", "links", "path")


def read_key(value: str) -> str:
    """A base64 Ed25519 public key given inline, or the path of a file holding one
    (bare, or a ``signer.json``-style object with ``public_key``)."""
    text = value.strip()
    path = Path(text)
    if len(text) != 44 and path.is_file():
        text = path.read_text().strip()
        if text.startswith("{"):
            text = str(json.loads(text).get("public_key", ""))
    key_id(text)  # raises IntegrityError when malformed
    return text


# -- export -------------------------------------------------------------------------------------


def export_package(ev: Evidence, case: str, out: Path, *, actor: str) -> dict[str, Any]:
    """Write ``case``'s items, custody chain, graph and summaries to ``out`` (dir or .zip)."""
    check_case(case)
    items = list_items(ev.store, case=case, limit=1_000_000)
    if not items:
        raise EvidenceError(f"case {case!r} has no evidence items", case=case)
    created = utc_stamp()
    package = make_id("package", case, created, ev.identity.key_id)
    writer = Writer(out)
    files: list[dict[str, Any]] = []
    listed: list[dict[str, Any]] = []
    try:
        for item in items:
            path = f"files/{item['exhibit']}-{item['filename']}"
            with ev.content.open(item["sha256"]) as src:
                sha, size = writer.write_stream(path, src)
            if sha != item["sha256"]:  # the stored copy changed since it was acquired
                raise IntegrityError(
                    f"stored file of exhibit {item['exhibit']} has SHA-256 {sha}, "
                    f"expected {item['sha256']}",
                    path=path,
                )
            listed.append(
                {
                    **{k: item.get(k) for k in ITEM_FIELDS},
                    "size": size,
                    "links": [f"{x['kind']}:{x['id']}" for x in item["links"]],
                    "path": path,
                }
            )
        with ev.store.transaction() as conn:
            new = [
                ledger.append(
                    conn,
                    ev.identity,
                    case=case,
                    action="copy",
                    actor=actor,
                    item=i["id"],
                    package=package,
                    detail={"to": i["path"], "sha256": i["sha256"]},
                )
                for i in listed
            ]
            new.append(
                ledger.append(
                    conn,
                    ev.identity,
                    case=case,
                    action="export",
                    actor=actor,
                    package=package,
                    detail={"package": out.name, "items": len(listed)},
                )
            )
            entries = ledger.entries_of(conn, case)
        ev.heads().record(new)

        node = {
            "name": ev.settings.node_name,
            "country": ev.settings.country,
            "key_id": ev.identity.key_id,
            "public_key": ev.identity.public_key,
        }
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "package": package,
            "case": case,
            "created_at": created,
            "node": node,
            "items": listed,
            "custody": {
                "path": "custody.jsonl",
                "entries": len(entries),
                "last_seq": entries[-1]["seq"],
                "last_hash": entries[-1]["hash"],
            },
        }
        documents = {
            "custody.jsonl": b"".join(canonical_json(e) + b"\n" for e in entries),
            "signer.json": json.dumps(node, indent=1).encode(),
            "case.jsonld": json.dumps(
                case_graph(case=case, node=node, items=listed, entries=entries), indent=1
            ).encode(),
            "summary.html": summary_html(manifest, entries),
            "summary.pdf": summary_pdf(manifest, entries),
        }
        for name, data in documents.items():
            writer.write_bytes(name, data)
            files.append(
                {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            )
        manifest["files"] = files
        manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode()
        writer.write_bytes("manifest.json", manifest_bytes)
        signature = {
            "signed": "manifest.json",
            "algorithm": "Ed25519",
            "key_id": ev.identity.key_id,
            "signature": ev.identity.sign(manifest_bytes),
        }
        writer.write_bytes("manifest.sig", json.dumps(signature, indent=1).encode())
    finally:
        writer.close()
    return {
        "package": package,
        "case": case,
        "out": str(out),
        "items": len(listed),
        "bytes": sum(i["size"] for i in listed),
        "custody_entries": len(entries),
        "key_id": ev.identity.key_id,
    }


# -- verification -------------------------------------------------------------------------------


def verify_package(path: Path, public_key: str) -> dict[str, Any]:
    """Check a package with only its sender's public key; every problem is named."""
    public_key = read_key(public_key)
    kid = key_id(public_key)
    problems: list[Problem] = []
    manifest: dict[str, Any] = {}
    entries: list[dict[str, Any]] = []
    with Reader(path) as pkg:
        names = pkg.names()
        for required in ("manifest.json", "manifest.sig"):
            if required not in names:
                problems.append(Problem(required, "missing from the package"))
        if problems:
            return _report(path, kid, manifest, entries, problems)
        manifest_bytes = pkg.read("manifest.json")
        problems += _check_signature(pkg.read("manifest.sig"), manifest_bytes, public_key)
        try:
            manifest = json.loads(manifest_bytes)
            if manifest.get("format") != FORMAT:
                raise ValueError(f"format {manifest.get('format')!r}")
        except ValueError as exc:
            problems.append(Problem("manifest.json", f"not a package manifest ({exc})"))
            return _report(path, kid, {}, entries, problems)

        listed = [*manifest.get("files", []), *manifest.get("items", [])]
        for f in listed:
            name = str(f.get("path"))
            if name not in names:
                problems.append(Problem(name, "listed in the manifest but missing"))
                continue
            sha, size = pkg.digest(name)
            if sha != f.get("sha256"):
                problems.append(
                    Problem(name, f"SHA-256 is {sha}, expected {f.get('sha256')} (file changed)")
                )
            elif size != f.get("size"):
                problems.append(Problem(name, f"size is {size}, expected {f.get('size')}"))
        for extra in sorted(
            names - {str(f.get("path")) for f in listed} - {"manifest.json", "manifest.sig"}
        ):
            problems.append(Problem(extra, "not listed in the manifest"))

        if "signer.json" in names:
            try:
                signer = json.loads(pkg.read("signer.json"))
            except ValueError:
                signer = {}
            if signer.get("public_key") != public_key:
                problems.append(
                    Problem(
                        "signer.json",
                        f"names key {signer.get('key_id')!r}, but the key given is {kid}",
                    )
                )
        if "custody.jsonl" in names:
            entries, bad = _read_entries(pkg.read("custody.jsonl"))
            problems += bad
            custody = manifest.get("custody") or {}
            problems += verify_chain(
                entries,
                {kid: public_key},
                head={"seq": custody.get("last_seq"), "hash": custody.get("last_hash")},
            )
            problems += _items_against_chain(manifest.get("items", []), entries)
    return _report(path, kid, manifest, entries, problems)


def _check_signature(sig_bytes: bytes, manifest_bytes: bytes, public_key: str) -> list[Problem]:
    try:
        sig = json.loads(sig_bytes)
        verify(public_key, manifest_bytes, str(sig["signature"]), what="manifest.json")
    except (ValueError, KeyError, TypeError):
        return [Problem("manifest.sig", "malformed signature file")]
    except IntegrityError as exc:
        return [Problem("manifest.sig", f"{exc.message} (signed by key {sig.get('key_id')!r})")]
    return []


def _read_entries(data: bytes) -> tuple[list[dict[str, Any]], list[Problem]]:
    entries, problems = [], []
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entries.append(json.loads(line))
        except ValueError:
            problems.append(Problem(f"custody.jsonl line {n}", "not a JSON entry"))
    return entries, problems


def _items_against_chain(
    items: Sequence[Mapping[str, Any]], entries: Sequence[Mapping[str, Any]]
) -> list[Problem]:
    """Each item's hash must be the one its acquisition committed to in the chain."""
    acquired = {
        e.get("item"): (e.get("detail") or {})
        for e in entries
        if e.get("action") == "acquire" and e.get("item")
    }
    problems = []
    for item in items:
        where = f"exhibit {item.get('exhibit')} ({item.get('path')})"
        detail = acquired.get(item.get("id"))
        if detail is None:
            problems.append(Problem(where, "no acquire entry in the custody chain"))
        elif detail.get("sha256") != item.get("sha256") or detail.get("size") != item.get("size"):
            problems.append(
                Problem(
                    where,
                    f"manifest says SHA-256 {item.get('sha256')}, but the custody chain "
                    f"recorded {detail.get('sha256')} when it was acquired",
                )
            )
    return problems


def _report(
    path: Path,
    kid: str,
    manifest: Mapping[str, Any],
    entries: Sequence[Mapping[str, Any]],
    problems: Sequence[Problem],
) -> dict[str, Any]:
    return {
        "package": str(path),
        "ok": not problems,
        "key_id": kid,
        "case": manifest.get("case"),
        "node": (manifest.get("node") or {}).get("name"),
        "items": len(manifest.get("items") or []),
        "custody_entries": len(entries),
        "problems": [p.as_dict() for p in problems],
    }


# -- import -------------------------------------------------------------------------------------


def import_package(ev: Evidence, path: Path, public_key: str, *, actor: str) -> dict[str, Any]:
    """Verify a received package, store its files and continue its custody chain here."""
    public_key = read_key(public_key)
    report = verify_package(path, public_key)
    if not report["ok"]:
        first = report["problems"][0]
        raise IntegrityError(
            f"package does not verify: {first['where']}: {first['message']}",
            problems=report["problems"],
        )
    with Reader(path) as pkg:
        manifest = json.loads(pkg.read("manifest.json"))
        entries, _ = _read_entries(pkg.read("custody.jsonl"))
        case = check_case(str(manifest["case"]))
        sender = manifest["node"]
        with ev.store.read() as conn:
            existing = ledger.entries_of(conn, case)
            known = set(
                conn.execute(
                    select(evidence_items.c.id).where(evidence_items.c.case_ref == case)
                ).scalars()
            )
        if existing and existing != entries[: len(existing)]:
            raise EvidenceError(
                f"case {case} already has a custody chain here that the package does not "
                "continue; it cannot be merged",
                case=case,
            )
        for item in manifest["items"]:  # bytes first: an item row never lacks its file
            with pkg.open(item["path"]) as src:
                ev.content.put_stream(src, expect_sha256=item["sha256"])
    manifest_sha = hashlib.sha256(canonical_json(manifest)).hexdigest()
    now = datetime.now(UTC)
    with ev.store.transaction() as conn:
        for e in entries[len(existing) :]:
            ledger.insert_entry(conn, e)
        for item in manifest["items"]:
            if item["id"] in known:
                continue
            conn.execute(
                evidence_items.insert().values(
                    id=item["id"],
                    case_ref=case,
                    exhibit=item["exhibit"],
                    description=item["description"],
                    source=item.get("source"),
                    acquired_at=datetime.fromisoformat(item["acquired_at"]),
                    method=item.get("method"),
                    acquired_by=item["acquired_by"],
                    filename=item["filename"],
                    media_type=item.get("media_type"),
                    sha256=item["sha256"],
                    size_bytes=item["size"],
                    origin=item.get("origin") or sender["name"],
                    created_at=now,
                )
            )
        receive = make_entry(
            ev.identity,
            prev=entries[-1],
            case=case,
            action="receive",
            actor=actor,
            package=manifest["package"],
            detail={
                "sender": {
                    "node": sender["name"],
                    "country": sender["country"],
                    "key_id": sender["key_id"],
                    "public_key": sender["public_key"],
                },
                "sender_last_hash": entries[-1]["hash"],
                "manifest_sha256": manifest_sha,
                "verified": True,
                "items": [
                    {"exhibit": i["exhibit"], "sha256": i["sha256"], "size": i["size"]}
                    for i in manifest["items"]
                ],
            },
        )
        ledger.insert_entry(conn, receive)
    ev.heads().record([*entries, receive])
    return {
        "case": case,
        "package": manifest["package"],
        "from": sender["name"],
        "items": len(manifest["items"]),
        "new_items": len([i for i in manifest["items"] if i["id"] not in known]),
        "custody_entries": len(entries) + 1,
        "receive_seq": receive["seq"],
    }
