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
