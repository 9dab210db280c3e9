"""Rate limits of the citizens' site: per address and for everyone, sliding windows.

Kept in the serving process (each worker enforces its own share); an address that
goes over gets a 429 with ``Retry-After``, a global flood slows everyone before it
can slow the analysts' side of the node.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``per_address`` hits per address and ``overall`` hits in ``window`` s."""

    per_address: int
    overall: int
    window: float = 60.0


class SlidingWindow:
    """Counts hits per address over the last ``window`` seconds."""

    def __init__(self, limit: Limit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.clock = clock
        self._by_address: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()
        self._lock = threading.Lock()
        self._pruned = clock()

    def hit(self, address: str) -> float | None:
        """Record a hit; None when allowed, else the seconds until one would be."""
        now = self.clock()
        edge = now - self.limit.window
        with self._lock:
            if now - self._pruned > self.limit.window:
                self._prune(edge)
                self._pruned = now
            mine = self._by_address.setdefault(address, deque())
            for q in (mine, self._all):
                while q and q[0] <= edge:
                    q.popleft()
            if len(mine) >= self.limit.per_address:
                return max(1.0, mine[0] - edge)
            if len(self._all) >= self.limit.overall:
                return max(1.0, self._all[0] - edge)
            mine.append(now)
            self._all.append(now)
            return None

    def _prune(self, edge: float) -> None:
        # Addresses seen once and never again must not pile up.
        for address in [a for a, q in self._by_address.items() if not q or q[-1] <= edge]:
            del self._by_address[address]
