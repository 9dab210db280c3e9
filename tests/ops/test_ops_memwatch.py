"""A soaked server process says where its memory grew (tracemalloc), only when asked."""

from __future__ import annotations

import time
import tracemalloc

from crossline.ops import memwatch

HOARD: list[bytes] = []


def test_off_unless_a_folder_is_named(monkeypatch) -> None:
    monkeypatch.delenv("CROSSLINE_TRACEMALLOC_DIR", raising=False)
    assert memwatch.start_from_env() is None


def test_growth_is_written_with_its_site(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CROSSLINE_TRACEMALLOC_DIR", str(tmp_path))
    was_tracing = tracemalloc.is_tracing()
    thread = None
    try:
        thread = memwatch.start_from_env(interval=0.2)
        assert thread is not None
        time.sleep(0.3)  # past the warm-up snapshot
        HOARD.extend(bytes(1024) + str(n).encode() for n in range(4000))  # ~4 MiB that stays
        deadline = time.monotonic() + 10
        written = list(tmp_path.glob("*.txt"))
        while not written and time.monotonic() < deadline:
            time.sleep(0.1)
            written = list(tmp_path.glob("*.txt"))
        [report] = written
        text = report.read_text()
        assert "largest growth since the warm-up" in text
        assert "test_ops_memwatch.py" in text.splitlines()[1]  # the hoard is the top site
        assert "native, MiB: " in text
    finally:
        HOARD.clear()
        if not was_tracing:
            tracemalloc.stop()
        if thread is not None:
            thread.join(5)  # it ends once tracing has stopped
