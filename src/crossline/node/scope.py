"""Organisations on one node: who may see and manage what. The one rule, in one place.

A node runs for one agency, its *home organisation*; other organisations (another
domestic agency, a partner's liaison office, a bank) may hold accounts on it too.

* **Node admins** are the admins of the home organisation. They manage every
  organisation, user and token, and see every organisation's records.
* **Organisation admins** (admins of any other organisation) manage only their own
  organisation's users and tokens, never grant a role above their own, and do not see
  other organisations' users, tokens or audit entries: to them those do not exist
  (``404``, as for an unknown id).
* **Records with an owner** (evidence items and their custody chains, legal requests,
  import jobs, alerts, audit entries) are visible to their owning organisation, to
  node admins, and to any organisation they were explicitly shared with on this node.
  A record without an owner predates owners and belongs to the home organisation.

Every face (API, web pages, CLI) asks this module; the stores receive the answer as
an :class:`OrgView` and turn it into SQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from crossline.errors import NotFoundError, PermissionDeniedError
from crossline.node.auth import Principal
from crossline.node.security import ROLE_RANK
from crossline.store.repository import Store
from crossline.store.visibility import EVERYTHING, OrgView, shared_with

#: The view of the node's operator on its own command line: everything.
OPERATOR = EVERYTHING


def owner_for(p: Principal | None) -> str | None:
    """The owner written on a record ``p`` creates (None: the home organisation)."""
    if p is None or p.home_org:
        return None
    return p.org_id


def is_node_admin(p: Principal | None) -> bool:
    """An admin of the home organisation (``None``: the operator on the command line)."""
    return p is None or (p.home_org and p.role == "admin")


def view(p: Principal | None) -> OrgView:
    """The records ``p`` may see, for the stores' queries."""
    if is_node_admin(p):
        return OPERATOR
    assert p is not None
    return OrgView(org_id=p.org_id, home=p.home_org, everything=False)


def can_see(p: Principal | None, owner_org: str | None, shared_with: Iterable[str] = ()) -> bool:
    """Whether ``p`` may see a record owned by ``owner_org`` and shared with ``shared_with``."""
    if is_node_admin(p):
        return True
    assert p is not None
    if owner_org is None and p.home_org:
        return True
    return owner_org == p.org_id or p.org_id in set(shared_with)


def check_visible(
    p: Principal | None,
    owner_org: str | None,
    what: str,
    ident: str,
    shared_with: Iterable[str] = (),
) -> None:
    """NotFoundError unless ``p`` may see the record (its existence is not confirmed)."""
    if not can_see(p, owner_org, shared_with):
        raise NotFoundError(f"no {what} with id {ident!r}")


def owns(p: Principal | None, owner_org: str | None) -> bool:
    """Whether ``p`` acts for the owner of a record (node admins act for every owner)."""
    if is_node_admin(p):
        return True
    assert p is not None
    return p.role == "admin" and (owner_org == p.org_id or (owner_org is None and p.home_org))


def may_manage(p: Principal | None, org_id: str) -> bool:
    """Whether ``p`` may manage ``org_id``'s users and tokens."""
    if is_node_admin(p):
        return True
    assert p is not None
    return p.role == "admin" and p.org_id == org_id


def check_manage(p: Principal | None, org_id: str) -> None:
    """PermissionDeniedError unless ``p`` manages the accounts of ``org_id``."""
    if not may_manage(p, org_id):
        raise PermissionDeniedError(
            "an organisation's admin manages only its own organisation's users and tokens",
            field="org_id",
        )


def check_grant(p: Principal | None, role: str) -> None:
    """PermissionDeniedError when ``role`` ranks above ``p``'s own role."""
    if p is not None and ROLE_RANK.get(role, 99) > ROLE_RANK.get(p.role, -1):
        raise PermissionDeniedError(f"a {p.role} cannot grant the role {role}", field="role")


def check_node_admin(p: Principal | None, what: str) -> None:
    """PermissionDeniedError unless ``p`` is a node admin."""
    if not is_node_admin(p):
        raise PermissionDeniedError(f"only the home organisation's admins may {what}")


def check_home(p: Principal | None, what: str) -> None:
    """PermissionDeniedError unless ``p`` belongs to the home organisation (the agency
    that runs the node), whatever its role's permissions."""
    if p is not None and not p.home_org:
        raise PermissionDeniedError(f"only the home organisation may {what}")


def check_record(
    store: Store, p: Principal | None, kind: str, object_id: str, owner_org: str | None
) -> None:
    """NotFoundError unless ``p`` may see the record ``kind``/``object_id`` (shares read
    from the store); the kinds are those of :data:`crossline.store.visibility.SHARE_KINDS`."""
    if is_node_admin(p) or can_see(p, owner_org):
        return
    with store.read() as conn:
        shares = shared_with(conn, kind, object_id)
    check_visible(p, owner_org, kind.replace("_", " "), object_id, shares)
