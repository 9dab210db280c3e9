"""The organisation rule as SQL: which rows of an owned table a caller may see.

:mod:`crossline.node.scope` decides *who* sees what and hands the stores an
:class:`OrgView`; this module turns it into a WHERE clause. A row is visible when the
view sees everything (node admins, the operator), when the caller's organisation owns
it, when it has no owner and the caller is of the home organisation, or when it was
shared with the caller's organisation (``org_shares``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, and_, false, or_, select
from sqlalchemy.sql.elements import ColumnElement

from crossline.store.schema_auth import org_shares

Q = TypeVar("Q", bound=Select[Any])

SHARE_KINDS = ("evidence_case", "legal_request", "import_job", "alert")


@dataclass(frozen=True, slots=True)
class OrgView:
    """What a caller's queries may return (built by :func:`crossline.node.scope.view`)."""

    org_id: str | None
    home: bool
    everything: bool


#: The operator's view (command line): everything.
EVERYTHING = OrgView(org_id=None, home=True, everything=True)


def visible(view: OrgView, owner: Any, kind: str, key: Any) -> ColumnElement[bool] | None:
    """A WHERE clause for rows whose owner column is ``owner`` and share key ``key``;
    None when the view sees everything."""
    if view.everything:
        return None
    shared = select(org_shares.c.object_id).where(
        org_shares.c.kind == kind, org_shares.c.org_id == view.org_id
    )
    conds = [owner == view.org_id, key.in_(shared)]
    if view.home:
        conds.append(owner.is_(None))
    return or_(*conds) if view.org_id else false()


def only_visible(q: Q, view: OrgView, owner: Any, kind: str, key: Any) -> Q:
    """``q`` narrowed to the rows :func:`visible` lets ``view`` see (unchanged when it
    sees everything)."""
    rule = visible(view, owner, kind, key)
    return q if rule is None else q.where(rule)


def shared_with(conn: Connection, kind: str, object_id: str) -> list[str]:
    """The organisations a record was shared with."""
    rows = conn.execute(
        select(org_shares.c.org_id).where(
            and_(org_shares.c.kind == kind, org_shares.c.object_id == object_id)
        )
    )
    return sorted(str(r) for r in rows.scalars())


def share(conn: Connection, kind: str, object_id: str, org_id: str, *, by: str) -> bool:
    """Share a record with an organisation; False when it already was."""
    if org_id in shared_with(conn, kind, object_id):
        return False
    conn.execute(
        org_shares.insert().values(
            kind=kind, object_id=object_id, org_id=org_id, shared_by=by[:160],
            shared_at=datetime.now(UTC),
        )
    )  # fmt: skip
    return True


def report_org(conn: Connection, report_id: str | None) -> str | None:
    """The organisation that imported a report (upload or API), None for the home one."""
    from crossline.store.schema import reports
    from crossline.store.schema_auth import import_jobs, organisations

    if not report_id:
        return None
    row = conn.execute(
        select(organisations.c.id, organisations.c.is_home)
        .select_from(reports)
        .join(import_jobs, import_jobs.c.import_id == reports.c.import_id)
        .join(organisations, organisations.c.id == import_jobs.c.org_id)
        .where(reports.c.id == report_id)
        .limit(1)
    ).first()
    return None if row is None or row.is_home else str(row.id)
