"""The helpers that show and locate invalid bytes kept by "surrogateescape" decoding."""

from __future__ import annotations

import pytest

from crossline.ingest.encodings import describe_kept_byte, visible


def _decoded(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (b"plain text", "plain text"),
        (b"caf\xc3\xa9", "café"),
        (b"bad \xff byte", "bad \\xff byte"),
        (b"\x93quoted\x94", "\\x93quoted\\x94"),
    ],
    ids=["ascii", "valid-utf8", "one-bad", "two-bad"],
)
def test_visible_shows_kept_bytes_as_escapes(data: bytes, shown: str) -> None:
    assert visible(_decoded(data)) == shown


@pytest.mark.parametrize(
    ("data", "line", "offset", "window", "expected"),
    [
        (b"all good", 1, 0, (0, None), None),
        (b"ab\xffcd", 3, 0, (0, None), "line 3: byte 0xFF at byte offset 2"),
        (b"ab\xffcd", 3, 10, (0, None), "line 3: byte 0xFF at byte offset 12"),
        # multi-byte characters before the bad byte count as their bytes, not characters
        (b"\xc3\xa9\xc3\xa9\x80", 7, 0, (0, None), "line 7: byte 0x80 at byte offset 4"),
        # only the window is searched, but the offset still counts from the text's start
        (b"\xffab\xfe", 2, 3, (1, None), "line 2: byte 0xFE at byte offset 6"),
        (b"\xffab\xfe", 2, 0, (1, 3), None),
    ],
    ids=["clean", "at-2", "file-offset", "multibyte-prefix", "window-skips-first", "window-clean"],
)
def test_describe_kept_byte_points_at_the_byte(
    data: bytes, line: int, offset: int, window: tuple[int, int | None], expected: str | None
) -> None:
    start, end = window
    got = describe_kept_byte(_decoded(data), line, offset, start, end)
    if expected is None:
        assert got is None
    else:
        assert got == f"{expected} is not valid UTF-8; expected UTF-8 text"
