"""Evidence items: a file in the content store plus what a court asks about it.

What (description), from whom (source), when (acquired_at), how (method), by whom
(acquired_by), which case and exhibit number, and the reports, indicators and campaigns
it supports. Adding an item writes its ``acquire`` custody entry in the same
transaction, so an item never exists without the start of its history.
"""

from __future__ import annotations

import functools
import mimetypes
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Connection, select

from crossline.config import Settings
from crossline.domain import make_id
from crossline.errors import EvidenceError, NotFoundError, ValidationError
from crossline.evidence import ledger
from crossline.evidence.content import ContentStore, Stored
from crossline.share.identity import NodeIdentity, load_identity
from crossline.store import Store
from crossline.store.repository import as_utc
from crossline.store.schema import components, indicators, reports
from crossline.store.schema_evidence import evidence_items, evidence_links
from crossline.store.visibility import EVERYTHING, OrgView, only_visible, shared_with


@functools.cache
def label_pattern(longest: int) -> re.Pattern[str]:
    """Case references and exhibit numbers: a letter or digit, then letters, digits,
    ``.``, ``_`` or ``-``; ``longest`` characters at most (safe in file names and URLs)."""
    return re.compile(rf"^[A-Za-z0-9][A-Za-z0-9._-]{{0,{longest - 1}}}$")


CASE_LONGEST, EXHIBIT_LONGEST = 128, 64
CASE_REF = label_pattern(CASE_LONGEST)
EXHIBIT = label_pattern(EXHIBIT_LONGEST)
LINK_KINDS = {"report": reports, "indicator": indicators, "campaign": components}
# What describes an exhibit wherever it travels (a package's manifest, an answer to a
# partner's request): what it is, where it came from, who acquired it how, its file.
EXHIBIT_FIELDS = (
    "exhibit",
    "description",
    "source",
    "acquired_at",
    "method",
    "acquired_by",
    "filename",
    "media_type",
    "sha256",
)


@dataclass
class Evidence:
    """The evidence side of a node: settings, store, signing identity, content store."""

    settings: Settings
    store: Store
    identity: NodeIdentity
    content: ContentStore

    @classmethod
    def of(cls, settings: Settings, store: Store) -> Evidence:
        return cls(settings, store, load_identity(settings), ContentStore.of(settings))

    def log(self, *, case: str, action: str, actor: str, **kw: Any) -> dict[str, Any]:
        """Append one custody entry to ``case`` (own transaction)."""
        return ledger.log(
            self.store, self.settings, self.identity, case=case, action=action, actor=actor, **kw
        )

    def heads(self) -> ledger.Heads:
        return ledger.Heads(self.settings, self.identity)


def check_label(value: str, *, field: str, what: str, longest: int) -> str:
    """``value`` when it is a label of at most ``longest`` characters (see
    :func:`label_pattern`), else ValidationError naming ``field`` and ``what`` it is."""
    if not label_pattern(longest).match(value or ""):
        raise ValidationError(
            f"{what} {value!r} is not valid",
            field=field,
            expected=f"1-{longest} characters from A-Z a-z 0-9 . _ -",
        )
    return value


def check_case(case: str) -> str:
    return check_label(case, field="case", what="case reference", longest=CASE_LONGEST)


def check_exhibit(exhibit: str) -> str:
    return check_label(exhibit, field="exhibit", what="exhibit number", longest=EXHIBIT_LONGEST)


def item_id(case: str, exhibit: str) -> str:
    return make_id("evidence", case, exhibit)


def safe_filename(name: str) -> str:
    """A file name with no directory part and no characters that trouble archives."""
    base = Path(name or "file").name
    clean = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "file"
    return clean[:200]


def resolve_links(conn: Connection, links: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Check each (kind, id) exists; campaigns may be given by an unambiguous prefix."""
    from crossline.store.read.campaigns import resolve_campaign_id

    out = []
    for kind, ref in links:
        table = LINK_KINDS.get(kind)
        if table is None:
            raise ValidationError(
                f"cannot link evidence to a {kind!r}",
                field="links",
                expected="report, indicator or campaign",
            )
        if kind == "campaign":
            ref = resolve_campaign_id(conn, ref)
        elif conn.execute(select(table.c.id).where(table.c.id == ref)).first() is None:
            raise NotFoundError(f"no {kind} with id {ref!r}", field="links")
        out.append((kind, ref))
    return sorted(set(out))


def add_item(
    ev: Evidence,
    src: BinaryIO | Path,
    *,
    case: str,
    exhibit: str,
    description: str,
    acquired_by: str,
    actor: str,
    filename: str | None = None,
    source: str | None = None,
    acquired_at: datetime | None = None,
    method: str | None = None,
    media_type: str | None = None,
    links: Sequence[tuple[str, str]] = (),
    org_id: str | None = None,
) -> dict[str, Any]:
    """Store a file (streamed) as exhibit ``exhibit`` of ``case`` and log its acquisition.

    ``org_id`` owns the case (None: the home organisation); a case already owned by
    another organisation takes no exhibit from this one."""
    check_case(case)
    check_exhibit(exhibit)
    if not (description or "").strip():
        raise ValidationError("an evidence item needs a description", field="description")
    if not (acquired_by or "").strip():
        raise ValidationError("say who acquired the item", field="acquired_by")
    if isinstance(src, Path):
        filename = filename or src.name
    name = safe_filename(filename or "file")
    iid = item_id(case, exhibit)
    with ev.store.read() as conn:
        if conn.execute(select(evidence_items.c.id).where(evidence_items.c.id == iid)).first():
            raise EvidenceError(
                f"case {case} already has an exhibit {exhibit}", field="exhibit", item=iid
            )
        owners = case_owners(conn, case)
        if owners and owners != {org_id}:
            raise EvidenceError(
                f"case {case} belongs to another organisation", field="case", case=case
            )
        resolved = resolve_links(conn, links)
    stored: Stored = (
        ev.content.put_file(src) if isinstance(src, Path) else ev.content.put_stream(src)
    )
    now = datetime.now(UTC)
    when = as_utc(acquired_at) or now
    row = {
        "id": iid,
        "case_ref": case,
        "exhibit": exhibit,
        "description": description.strip(),
        "source": source,
        "acquired_at": when,
        "method": method,
        "acquired_by": acquired_by.strip(),
        "filename": name,
        "media_type": media_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
        "sha256": stored.sha256,
        "size_bytes": stored.size,
        "origin": None,
        "created_at": now,
        "org_id": org_id,
    }
    detail = acquire_detail(row, resolved)
    with ev.store.transaction() as conn:
        entry = store_item(
            conn, ev, row, action="acquire", actor=actor, detail=detail, links=resolved
        )
    ev.heads().record([entry])
    return get_item(ev.store, iid)


def store_item(
    conn: Connection,
    ev: Evidence,
    row: dict[str, Any],
    *,
    action: str,
    actor: str,
    detail: dict[str, Any],
    links: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """Insert the item ``row`` (with its ``links``) and the custody entry that starts its
    history, in the caller's transaction: an item never exists without that entry.
    Returns the entry, whose head the caller records once the transaction commits."""
    conn.execute(evidence_items.insert().values(**row))
    if links:
        conn.execute(
            evidence_links.insert(),
            [{"item_id": row["id"], "kind": k, "target_id": t} for k, t in links],
        )
    return ledger.append(
        conn, ev.identity, case=row["case_ref"], action=action, actor=actor, item=row["id"],
        detail=detail,
    )  # fmt: skip


def acquire_detail(row: dict[str, Any], links: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """What the acquire entry commits to: everything that identifies the item."""
    return {
        "exhibit": row["exhibit"],
        "filename": row["filename"],
        "sha256": row["sha256"],
        "size": row["size_bytes"],
        "description": row["description"],
        "source": row["source"],
        "acquired_at": as_utc(row["acquired_at"]).isoformat(),  # type: ignore[union-attr]
        "method": row["method"],
        "acquired_by": row["acquired_by"],
        "links": [f"{k}:{t}" for k, t in links],
    }


def item_dict(row: Any, links: list[dict[str, str]] | None = None) -> dict[str, Any]:
    m = row._mapping
    out = dict(m)
    for k in ("acquired_at", "created_at"):
        v = as_utc(out[k])
        out[k] = v.isoformat() if v else None
    out["links"] = links or []
    return out


def _links(conn: Connection, ids: Sequence[str]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {i: [] for i in ids}
    if ids:
        q = select(evidence_links).where(evidence_links.c.item_id.in_(list(ids)))
        for r in conn.execute(q.order_by(evidence_links.c.kind, evidence_links.c.target_id)):
            out[r.item_id].append({"kind": r.kind, "id": r.target_id})
    return out


def list_items(
    store: Store,
    *,
    case: str | None = None,
    linked: tuple[str, str] | None = None,
    limit: int = 1000,
    offset: int = 0,
    view: OrgView = EVERYTHING,
) -> list[dict[str, Any]]:
    """Items, by case and exhibit; optionally of one case or linked to one record.

    Only the cases ``view`` may see (the owning organisation's, or shared with it)."""
    q = select(evidence_items)
    q = only_visible(q, view, evidence_items.c.org_id, "evidence_case", evidence_items.c.case_ref)
    if case:
        q = q.where(evidence_items.c.case_ref == case)
    if linked:
        q = q.where(
            evidence_items.c.id.in_(
                select(evidence_links.c.item_id).where(
                    evidence_links.c.kind == linked[0], evidence_links.c.target_id == linked[1]
                )
            )
        )
    q = q.order_by(evidence_items.c.case_ref, evidence_items.c.exhibit).limit(limit).offset(offset)
    with store.read() as conn:
        rows = list(conn.execute(q))
        links = _links(conn, [r.id for r in rows])
    return [item_dict(r, links[r.id]) for r in rows]


def get_item(store: Store, ref: str) -> dict[str, Any]:
    """One item by id, unambiguous id prefix (6+), or ``CASE/EXHIBIT``."""
    with store.read() as conn:
        if "/" in ref:
            case, _, exhibit = ref.partition("/")
            rows = list(
                conn.execute(
                    select(evidence_items).where(
                        evidence_items.c.case_ref == case, evidence_items.c.exhibit == exhibit
                    )
                )
            )
        elif len(ref) >= 6 and re.fullmatch(r"[0-9a-f-]+", ref):
            rows = list(
                conn.execute(
                    select(evidence_items).where(evidence_items.c.id.like(f"{ref}%")).limit(2)
                )
            )
        else:
            rows = []
        if len(rows) != 1:
            raise NotFoundError(
                f"no single evidence item {ref!r} (found {len(rows)})",
                expected="item id, 6+ character prefix, or CASE/EXHIBIT",
            )
        links = _links(conn, [rows[0].id])
    return item_dict(rows[0], links[rows[0].id])


def case_owners(conn: Connection, case: str) -> set[str | None]:
    """The organisations owning a case's items (one, or none for an unknown case)."""
    rows = conn.execute(
        select(evidence_items.c.org_id).where(evidence_items.c.case_ref == case).distinct()
    )
    return set(rows.scalars())


def case_access(store: Store, case: str) -> tuple[str | None, list[str]]:
    """(owning organisation, organisations it was shared with) of a case."""
    with store.read() as conn:
        owners = case_owners(conn, case)
        shares = shared_with(conn, "evidence_case", case)
    return (next(iter(owners)) if len(owners) == 1 else None), shares


def custody_of(store: Store, case: str, item: str | None = None) -> list[dict[str, Any]]:
    """A case's chain, or the entries that name one item."""
    with store.read() as conn:
        entries = ledger.entries_of(conn, case)
    return [e for e in entries if item is None or e["item"] == item]


def open_content(ev: Evidence, item: dict[str, Any], *, actor: str, purpose: str) -> BinaryIO:
    """The item's bytes for reading; the access is logged in its custody chain first."""
    stream = ev.content.open(item["sha256"])
    ev.log(
        case=item["case_ref"],
        action="access",
        actor=actor,
        item=item["id"],
        detail={"purpose": purpose, "sha256": item["sha256"]},
    )
    return stream
