"""Sync with partner nodes: pull what they share, push what this node publishes.

* **Pull**: page through the partner's TAXII collection for this node, oldest first,
  importing each page (as partner reports, through the import pipeline, so they link and
  raise alerts) before its cursor is saved. A restart resumes from the saved cursor,
  re-reading the last instant's objects (``added_after`` one microsecond before it):
  imports are idempotent, so this costs a few duplicates counted and never a loss.
* **Push**: materialise what the agreement allows into its collection (publish), then
  POST the published objects the partner has not had yet, in signed envelopes, keeping a
  cursor on the local ``seq``. Objects the partner rejects are counted and logged, not
  retried forever.
* Failures that may pass (partner down, 5xx, 429) are retried with exponential backoff;
  a run that still fails records the error and the next run starts where it stopped.

Only one page of objects is held in memory at a time.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select

from crossline import metrics
from crossline.config import Settings
from crossline.errors import CrosslineError, EgressRefusedError, TransportError
from crossline.ingest.pipeline import Hooks
from crossline.net.outbound import Outbound
from crossline.share import records
from crossline.share.agreements import get_agreement
from crossline.share.identity import NodeIdentity, load_identity
from crossline.share.partner_client import PartnerClient
from crossline.share.partners import Partner, get_partner, list_partners
from crossline.share.stix.ingest import import_objects, inbox_collection
from crossline.share.stix.mapping import node_identity
from crossline.share.stix.objects_store import Provenance
from crossline.share.taxii.collections import collection_id
from crossline.share.taxii.publish import publish
from crossline.share.taxii_client import PartnerTaxii
from crossline.store import Store
from crossline.store.schema_stix import stix_objects
from crossline.store.schema_sync import sync_state

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter: attempt n waits up to base * 2**n, capped."""

    attempts: int = 4
    base: float = 0.5
    cap: float = 30.0

    def delays(self, rng: random.Random | None = None) -> Iterator[float]:
        rng = rng or random.Random()
        for n in range(self.attempts - 1):
            yield rng.uniform(0, min(self.cap, self.base * 2**n))


def with_retries(
    fn: Callable[[], T],
    backoff: Backoff,
    *,
    sleep: Callable[[float], None] = time.sleep,
    what: str = "request",
) -> T:
    """``fn()``, retried after a TransportError (a 429 is one) as ``backoff`` says; the last
    error is raised. A destination the egress guard refuses is not retried."""
    delays = backoff.delays()
    while True:
        try:
            return fn()
        except EgressRefusedError:
            raise
        except TransportError as exc:
            delay = next(delays, None)
            if delay is None:
                raise
            log.info("%s failed (%s); retrying in %.2f s", what, exc.message, delay)
            sleep(delay)


@dataclass(frozen=True)
class SyncResult:
    """What one run with one partner in one direction did."""

    partner: str
    direction: str
    ok: bool
    objects: int = 0
    rejected: int = 0
    error: str | None = None
    skipped: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(ts: str) -> datetime:
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def resume_point(cursor: str | None) -> str | None:
    """``added_after`` for a resumed pull: just before the cursor, so nothing at it is missed."""
    if not cursor:
        return None
    return _iso(_parse(cursor) - timedelta(microseconds=1))


def sync_states(store: Store) -> list[dict[str, Any]]:
    """Where sync stands with each partner and direction: cursor, objects moved, failures,
    last error, times in ISO 8601 (by partner, then direction)."""
    with store.read() as conn:
        rows = conn.execute(
            select(sync_state).order_by(sync_state.c.partner, sync_state.c.direction)
        )
        states = [dict(r._mapping) for r in rows]
    for state in states:
        for key in ("last_attempt_at", "last_success_at"):
            state[key] = state[key].isoformat() if state[key] else None
    return states


@dataclass(frozen=True)
class SyncOptions:
    """How a :class:`Syncer` reaches partners; None takes the node's own (its identity,
    its egress guard from the settings)."""

    identity: NodeIdentity | None = None
    outbound: Outbound | None = None
    backoff: Backoff = field(default_factory=Backoff)
    page_size: int = 500  # objects per page pulled or pushed
    sleep: Callable[[float], None] = time.sleep


class Syncer:
    """Runs pulls and pushes with partners for one node."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        hooks: Hooks,
        options: SyncOptions | None = None,
    ) -> None:
        options = options or SyncOptions()
        self.store = store
        self.settings = settings
        # What an import of pulled reports runs (classifier, freeze requests, alerts).
        self.hooks = hooks
        self.identity = options.identity or load_identity(settings)
        self.outbound = options.outbound or Outbound.of(settings)
        self.backoff = options.backoff
        self.page_size = options.page_size
        self.sleep = options.sleep
        self.own_identity_id = node_identity(settings.node_name, settings.country)["id"]
        self._clients: dict[str, PartnerTaxii] = {}

    # -- state ---------------------------------------------------------------------

    def state(self, partner: str, direction: str) -> dict[str, Any]:
        with self.store.read() as conn:
            row = conn.execute(
                select(sync_state).where(
                    sync_state.c.partner == partner, sync_state.c.direction == direction
                )
            ).first()
        return dict(row._mapping) if row else {"partner": partner, "direction": direction}

    def _save(self, partner: str, direction: str, **values: Any) -> None:
        key = {"partner": partner, "direction": direction}
        with self.store.transaction() as conn:
            records.save(conn, sync_state, key, values, new={"objects": 0, "failures": 0})

    def _succeeded(self, partner: str, direction: str, **values: Any) -> datetime:
        """Record a run that reached the partner: failures reset, attempt and success
        stamped now, ``last_error`` cleared unless given; returns that now."""
        now = datetime.now(UTC)
        done = {"failures": 0, "last_attempt_at": now, "last_success_at": now}
        self._save(partner, direction, **{"last_error": None, **done, **values})
        return now

    def _client(self, partner: Partner) -> PartnerTaxii:
        """A client per partner, kept between runs (keep-alive, discovery done once) as
        long as the partner's registration is unchanged."""
        cached = self._clients.get(partner.name)
        if cached is not None and cached.partner == partner:
            return cached
        if cached is not None:
            cached.close()
        client = PartnerTaxii(PartnerClient(partner, self.identity, self.outbound))
        self._clients[partner.name] = client
        return client

    def _forget(self, partner: str) -> None:
        client = self._clients.pop(partner, None)
        if client is not None:
            client.close()

    def close(self) -> None:
        """Close the HTTP clients kept for partners."""
        for name in list(self._clients):
            self._forget(name)

    def _retry(self, fn: Callable[[], T], what: str) -> T:
        return with_retries(fn, self.backoff, sleep=self.sleep, what=what)

    # -- runs ----------------------------------------------------------------------

    def run(
        self, partner: str | None = None, *, pull: bool = True, push: bool = True
    ) -> list[SyncResult]:
        """Sync with one partner (or every active partner with an address)."""
        partners = [get_partner(self.store, partner)] if partner else list_partners(self.store)
        out: list[SyncResult] = []
        for p in partners:
            if not p.active or not p.base_url:
                continue
            if push:
                out.append(self._guarded(p, "push", self.push))
            if pull:
                out.append(self._guarded(p, "pull", self.pull))
        return out

    def _guarded(
        self, partner: Partner, direction: str, fn: Callable[[Partner], SyncResult]
    ) -> SyncResult:
        now = datetime.now(UTC)
        try:
            result = fn(partner)
        except CrosslineError as exc:
            self._forget(partner.name)  # rediscover next time: the partner may have changed
            state = self.state(partner.name, direction)
            self._save(
                partner.name,
                direction,
                last_attempt_at=now,
                failures=int(state.get("failures") or 0) + 1,
                last_error=exc.message,
            )
            metrics.SYNC_RUNS.labels(
                partner=metrics.label(partner.name), direction=direction, outcome="failed"
            ).inc()
            log.warning("sync %s with %s failed: %s", direction, partner.name, exc.message)
            return SyncResult(partner.name, direction, ok=False, error=exc.message)
        metrics.SYNC_RUNS.labels(
            partner=metrics.label(partner.name), direction=direction, outcome="ok"
        ).inc()
        return result

    def pull(self, partner: Partner) -> SyncResult:
        """Import every object the partner added since the last pull."""
        client = self._client(partner)
        remote = self._retry(client.collection_id, "collection discovery")
        state = self.state(partner.name, "pull")
        cursor = state.get("cursor") if state.get("collection_id") == remote else None
        after = resume_point(cursor)
        agreement = get_agreement(self.store, partner.name)
        moved = 0
        total = int(state.get("objects") or 0) if cursor else 0
        token: str | None = None
        advanced = False
        while True:
            page = self._retry(
                lambda t=token: client.objects(  # type: ignore[misc]
                    remote, added_after=after, next_token=t, limit=self.page_size
                ),
                "object page",
            )
            theirs = [o for o in page.objects if not self._own(o)]
            if theirs:
                prov = Provenance(
                    partner=partner.name,
                    country=partner.country,
                    agreement=agreement.id if agreement else None,
                    received_at=datetime.now(UTC),
                    signer_key_id=partner.key_id,
                )
                import_objects(
                    self.store,
                    self.settings,
                    theirs,
                    prov,
                    collection_id=inbox_collection(partner.name),
                    hooks=self.hooks,
                )
                moved += len(theirs)
                metrics.SHARED_RECORDS.labels(
                    partner=metrics.label(partner.name), direction="received"
                ).inc(len(theirs))
            if page.added_last:
                advanced = True
                total += len(theirs)
                now = self._succeeded(
                    partner.name,
                    "pull",
                    collection_id=remote,
                    cursor=page.added_last,
                    objects=total,
                )
                lag = (now - _parse(page.added_last)).total_seconds()
                metrics.SYNC_LAG_SECONDS.labels(partner=metrics.label(partner.name)).set(
                    max(lag, 0.0)
                )
            if not (page.more and page.next):
                break
            token = page.next
        if not advanced:  # nothing new: record the successful run, keep the cursor
            self._succeeded(partner.name, "pull", collection_id=remote, cursor=cursor)
        return SyncResult(partner.name, "pull", ok=True, objects=moved)

    def _own(self, obj: dict[str, Any]) -> bool:
        """Objects this node pushed come back in the partner's collection: skip them."""
        return obj.get("created_by_ref") == self.own_identity_id or obj.get("id") == (
            self.own_identity_id
        )

    def push(self, partner: Partner) -> SyncResult:
        """Publish for the partner's agreement, then send what it has not had yet."""
        agreement = get_agreement(self.store, partner.name)
        if agreement is None:
            return SyncResult(partner.name, "push", ok=True, skipped="no agreement in force")
        publish(self.store, self.settings, agreement)
        local = collection_id(agreement.id)
        client = self._client(partner)
        remote = self._retry(client.collection_id, "collection discovery")
        state = self.state(partner.name, "push")
        last = int(state.get("cursor") or 0)
        total = int(state.get("objects") or 0)
        sent = rejected = 0
        errors: list[str] = []
        while True:
            rows = self._published_after(local, last)
            if not rows:
                break
            objects = [json.loads(r.body) for r in rows]
            status = self._retry(lambda o=objects: client.add_objects(remote, o), "push")
            failed = int(status.get("failure_count") or 0)
            rejected += failed
            sent += len(objects) - failed
            errors += [str(f.get("message")) for f in status.get("failures") or []][:3]
            last = rows[-1].seq
            total += len(objects)
            self._succeeded(
                partner.name,
                "push",
                collection_id=remote,
                cursor=str(last),
                objects=total,
                last_error="; ".join(errors) or None,
            )
        label = metrics.label(partner.name)
        if sent:
            metrics.SHARED_RECORDS.labels(partner=label, direction="sent").inc(sent)
        if rejected:
            metrics.SHARED_RECORDS.labels(partner=label, direction="rejected").inc(rejected)
        if not state.get("collection_id"):
            self._save(partner.name, "push", collection_id=remote, cursor=str(last))
        return SyncResult(partner.name, "push", ok=True, objects=sent, rejected=rejected)

    def _published_after(self, collection: str, seq: int) -> list[Any]:
        with self.store.read() as conn:
            return list(
                conn.execute(
                    select(stix_objects.c.seq, stix_objects.c.body)
                    .where(
                        stix_objects.c.collection_id == collection,
                        stix_objects.c.direction == "out",
                        stix_objects.c.is_latest.is_(True),
                        stix_objects.c.seq > seq,
                    )
                    .order_by(stix_objects.c.seq)
                    .limit(self.page_size)
                ).all()
            )
