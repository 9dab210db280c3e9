"""The C allocator's arenas: a bound on a threaded server's memory.

glibc's malloc gives each thread that contends for the heap an arena of its own, up to
eight per core, and an arena's free pages are seldom returned to the system. A server
process runs its requests on dozens of threads (the route thread pool, the workers of
the node), so its resident memory climbs with the arenas for a long while after start.
A few arenas cost little speed in a Python process, where the interpreter lock already
serialises most allocations.

``MALLOC_ARENA_MAX`` in a process's environment bounds them from its start (what
``crossline serve`` gives its server processes); :func:`limit_arenas` bounds them in a
running process, for arenas created after the call: call it before threads start.
:func:`release_free_memory` returns freed pages (the server's cache trimmer calls it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from typing import Any

#: Arenas per server process (glibc's default is 8 per core).
SERVER_ARENAS = 2
#: glibc's mallopt parameter number for the arena limit (malloc.h: M_ARENA_MAX).
M_ARENA_MAX = -8


def _glibc(function: str) -> Any:
    """A function of glibc, or None where the C library is another (or lacks it)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), function)
    except (OSError, AttributeError):
        return None


def limit_arenas(arenas: int = SERVER_ARENAS) -> bool:
    """Bound this process's malloc arenas to ``arenas``; whether the C library took it
    (False where the C library is not glibc)."""
    mallopt = _glibc("mallopt")
    if mallopt is None:
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, arenas))


def release_free_memory() -> bool:
    """Give the free pages of every arena back to the system (glibc's ``malloc_trim``):
    a peak (a large import batch, a campaign merge) otherwise stays resident after it is
    freed, and each new peak raises the process's memory a step. Whether any was given."""
    malloc_trim = _glibc("malloc_trim")
    if malloc_trim is None:
        return False
    malloc_trim.argtypes = [ctypes.c_size_t]
    malloc_trim.restype = ctypes.c_int
    return bool(malloc_trim(0))
