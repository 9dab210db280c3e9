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
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

#: Arenas per server process (glibc's default is 8 per core).
SERVER_ARENAS = 2
#: glibc's mallopt parameter number for the arena limit (malloc.h: M_ARENA_MAX).
M_ARENA_MAX = -8


def limit_arenas(arenas: int = SERVER_ARENAS) -> bool:
    """Bound this process's malloc arenas to ``arenas``; whether the C library took it
    (False where the C library is not glibc)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, arenas))
