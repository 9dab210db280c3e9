"""The arena bound a server process sets on itself reaches the C library."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from crossline.ops import malloc


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="mallopt's arena limit is glibc's",
)
def test_arena_limit_is_taken_by_glibc() -> None:
    # In a child process: the limit stays for the life of the process that sets it.
    code = "from crossline.ops import malloc; print(malloc.limit_arenas(2))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_no_limit_where_there_is_no_glibc(monkeypatch) -> None:
    monkeypatch.setattr(malloc.sys, "platform", "darwin")
    assert malloc.limit_arenas(2) is False


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_freed_memory_goes_back_to_the_system() -> None:
    """A peak freed in many small blocks stays resident until trimmed."""
    code = (
        "import re\n"
        "from crossline.ops import malloc\n"
        "def rss():\n"
        "    text = open('/proc/self/status').read()\n"
        "    return int(re.search(r'VmRSS:\\s+(\\d+)', text).group(1))\n"
        "malloc.limit_arenas(1)\n"
        "peak = [bytearray(3000) for _ in range(100_000)]\n"  # ~300 MB in small blocks
        "keep = peak[::1000]\n"  # a few survivors pin the top of the heap
        "del peak\n"
        "before = rss()\n"
        "given = malloc.release_free_memory()\n"
        "print(given, before - rss())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    given, freed_kib = out.stdout.split()
    assert given == "True"
    assert int(freed_kib) > 100_000  # most of the ~300 MB peak left the process


def test_nothing_to_release_where_there_is_no_glibc(monkeypatch) -> None:
    monkeypatch.setattr(malloc.sys, "platform", "darwin")
    assert malloc.release_free_memory() is False
