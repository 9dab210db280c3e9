"""Verified API tokens kept per server process, so a busy token costs no database read.

A cached answer is used only while three things hold: it is younger than
:data:`TOKEN_TTL` seconds, the token has not expired, and the node's revocation stamp
has not moved since the answer was read from the database. Every revocation, in any
process of the node (a server process, ``crossline tokens revoke``), moves the stamp
after its commit, so the next request anywhere reads the token afresh and is refused.

The stamp is a small file in the node's home holding a counter: reading it is one
``pread`` on a descriptor kept open (a microsecond), where the token's row is a join
through the database. The time bound covers a stamp that cannot be read or written
(the home made read-only, the file removed under a running node): a cached answer then
lives :data:`TOKEN_TTL` seconds at most.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from crossline.filestamp import STAMP_TTL, TOKEN_REVOCATIONS, FileStamp
from crossline.store.repository import utcnow

if TYPE_CHECKING:
    from crossline.node.auth import Principal

log = logging.getLogger("crossline.auth")

#: Seconds a verified token is trusted without reading it again.
TOKEN_TTL = STAMP_TTL
#: Tokens kept per process; past this the cache starts again (a flood of distinct
#: tokens must not grow memory).
MAX_TOKENS = 10_000
STAMP_NAME = TOKEN_REVOCATIONS


class RevocationStamp(FileStamp):
    """A counter in a file of the node's home, moved by every revocation."""

    @classmethod
    def in_home(cls, home: Path) -> RevocationStamp:
        """The node's stamp (one per home: all its server processes and commands)."""
        return cls(Path(home) / STAMP_NAME)


@dataclass(frozen=True, slots=True)
class _Entry:
    principal: Principal
    token_id: str
    expires_at: datetime | None
    stamp: bytes
    read_at: float


class TokenCache:
    """Verified tokens by digest, valid while the stamp stands (thread-safe)."""

    def __init__(self, stamp: RevocationStamp, *, ttl: float = TOKEN_TTL) -> None:
        self.stamp = stamp
        self.ttl = ttl
        self._entries: dict[str, _Entry] = {}
        self.clock = time.monotonic

    def get(self, token_hash: str) -> tuple[Principal, str] | None:
        """The cached (principal, token id) of a digest, if it may still be trusted."""
        entry = self._entries.get(token_hash)
        if entry is None:
            return None
        if (
            self.clock() - entry.read_at >= self.ttl
            or (entry.expires_at is not None and entry.expires_at <= utcnow())
            or self.stamp.read() != entry.stamp
        ):
            self._entries.pop(token_hash, None)
            return None
        return entry.principal, entry.token_id

    def before_read(self) -> bytes | None:
        """The stamp to keep with an answer about to be read from the database (read
        first: a revocation committed meanwhile then moves it past what is kept)."""
        return self.stamp.read()

    def put(
        self,
        token_hash: str,
        principal: Principal,
        token_id: str,
        expires_at: datetime | None,
        stamp: bytes | None,
    ) -> None:
        """Keep a verified token read under ``stamp`` (nothing when the stamp is unknown)."""
        if stamp is None:
            return
        if len(self._entries) >= MAX_TOKENS:
            self._entries.clear()
        self._entries[token_hash] = _Entry(principal, token_id, expires_at, stamp, self.clock())

    def revoked(self) -> None:
        """A token was revoked here: forget every answer and tell the other processes."""
        self._entries.clear()
        self.stamp.bump()
