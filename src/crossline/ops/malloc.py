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
:func:`native_heap` says what the C heap and SQLite hold (the soak's memory watch).
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


class _MallInfo2(ctypes.Structure):
    # glibc's struct mallinfo2 (malloc.h, glibc 2.33 and later): every field a size_t.
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd",
            "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost",
        )
    ]  # fmt: skip


def native_heap() -> dict[str, int]:
    """Bytes the C heap holds, by what they are, and what SQLite allocated in this process.

    ``malloc_in_use``: blocks allocated and not freed; ``malloc_free``: freed blocks the
    arenas keep (fragmentation: resident until trimmed); ``malloc_mmapped``: large blocks
    mapped on their own; ``sqlite``: SQLite's own count of its allocations (page caches,
    schemas, statements) in every connection of the process. A figure the platform cannot
    give is left out.
    """
    out: dict[str, int] = {}
    mallinfo2 = _glibc("mallinfo2")
    if mallinfo2 is not None:
        mallinfo2.restype = _MallInfo2
        info = mallinfo2()
        out["malloc_in_use"] = info.uordblks
        out["malloc_free"] = info.fordblks
        out["malloc_mmapped"] = info.hblkhd
    used = _sqlite("sqlite3_memory_used")
    if used is not None:
        used.restype = ctypes.c_int64
        out["sqlite"] = int(used())
    return out


def _sqlite(function: str) -> Any:
    """A function of the SQLite library Python's sqlite3 module runs on, or None."""
    import sqlite3  # noqa: F401 - loads the library whose counters are read

    name = ctypes.util.find_library("sqlite3")
    if name is None:
        return None
    try:
        return getattr(ctypes.CDLL(name), function)
    except (OSError, AttributeError):
        return None
