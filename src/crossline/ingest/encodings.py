"""A file's encoding: byte-order marks, binary signatures, declared and guessed encodings.

See ``textio`` for the rules; this module looks at a file's first bytes only.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from crossline.errors import UnreadableFileError

# How much of a file is looked at to decide its encoding, whether it is binary and
# which format it is. Large enough for any real header line.
HEAD_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark starts with UTF-16's.
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook?): export the sheet as CSV UTF-8"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.xls?): export the sheet as CSV UTF-8"),
    (b"\x1f\x8b", "gzip-compressed: decompress it first"),
    (b"BZh", "bzip2-compressed: decompress it first"),
    (b"\xfd7zXZ\x00", "xz-compressed: decompress it first"),
    (b"%PDF", "a PDF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PAR1", "a Parquet file"),
)

# Control characters other than tab, line feed, vertical tab, form feed, carriage
# return and escape. A text file has (almost) none.
_CONTROL = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
#: An invalid UTF-8 byte as the "surrogateescape" error handler keeps it in decoded text.
KEPT_BYTE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class Inspected:
    """What the first bytes of a file say about it."""

    path: Path
    encoding: str  # "utf-8", "utf-16-le", "cp1252" ...
    bom: int  # length of the byte-order mark to skip
    head: bytes  # the first HEAD_BYTES bytes, as read
    text: str  # the head decoded (invalid bytes replaced), without the mark
    guessed: str | None = None  # why the encoding was guessed (a warning), if it was
    declared: bool = False  # given by the user: no per-line fallback

    @property
    def single_byte(self) -> bool:
        """UTF-8 and single-byte encodings are read line by line from the bytes."""
        return self.encoding == "utf-8" or _single_byte(self.encoding)

    @property
    def first_line(self) -> str:
        """The first non-blank line of the head, without its line ending."""
        for line in self.text.splitlines():
            if line.strip():
                return line
        return ""


def _single_byte(encoding: str) -> bool:
    try:
        return len("\n".encode(encoding)) == 1 and not encoding.startswith("utf")
    except LookupError:
        return False


def _codec(path: Path, encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError as exc:
        raise UnreadableFileError(
            f"{path}: unknown encoding {encoding!r}; expected e.g. utf-8, utf-16, cp1252, latin-1",
            path=str(path),
        ) from exc
    return {"utf-8-sig": "utf-8", "windows-1252": "cp1252"}.get(name, name)


def _declared(path: Path, head: bytes, encoding: str) -> Inspected:
    """What the head says under an encoding the user gave."""
    name = _codec(path, encoding)
    bom = 0
    if name == "utf-16":  # the byte-order mark says which; without one, little-endian
        name = "utf-16-be" if head.startswith(b"\xfe\xff") else "utf-16-le"
    for mark, mark_name in _BOMS:
        if head.startswith(mark) and mark_name == name:
            bom = len(mark)
    body = head[bom:]
    if not body.strip(b" \t\r\n\x00"):
        raise UnreadableFileError(f"{path}: the file is empty", path=str(path))
    unit = 4 if name.startswith("utf-32") else 2 if name.startswith("utf-16") else 1
    text = body[: len(body) - len(body) % unit].decode(name, "replace")
    return Inspected(path, name, bom, head, text, declared=True)


def _utf16_without_mark(body: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte of an ASCII-ish head is NUL."""
    sample = body[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _cp1252_guess(body: bytes) -> bool:
    """The head is not UTF-8 but is valid Windows-1252 text."""
    try:
        body.decode("utf-8")
        return False
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(body):
            return False  # a character cut by the head's end
    try:
        body.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def inspect(path: Path, encoding: str | None = None) -> Inspected:
    """Read the head of ``path`` and refuse it if it cannot be a text file.

    ``encoding``: the file's encoding as the user gave it; None to detect it.

    Raises :class:`UnreadableFileError` for a missing or unreadable path, an empty
    file, a known binary signature, NUL or control bytes near the start, or a first
    line that is not valid in the detected encoding.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except FileNotFoundError as exc:
        raise UnreadableFileError(f"{path}: no such file", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise UnreadableFileError(f"{path}: is a directory, not a file", path=str(path)) from exc
    except OSError as exc:
        raise UnreadableFileError(
            f"{path}: cannot be read ({exc.strerror})", path=str(path)
        ) from exc

    if encoding:
        return _declared(path, head, encoding)
    encoding, bom = "utf-8", 0
    for mark, name in _BOMS:
        if head.startswith(mark):
            encoding, bom = name, len(mark)
            break
    body = head[bom:]
    if not body.strip(b" \t\r\n\x00"):
        raise UnreadableFileError(f"{path}: the file is empty", path=str(path))
    for signature, what in _SIGNATURES:
        if body.startswith(signature):
            raise UnreadableFileError(f"{path}: this is {what}, not a text file", path=str(path))
    if encoding == "utf-8" and (wide := _utf16_without_mark(body)):
        text = body[: len(body) - len(body) % 2].decode(wide, "replace")
        note = (
            f"no byte-order mark; every other byte is NUL: read as {wide.upper()} (guessed; "
            "give --encoding to be sure)"
        )
        return Inspected(path, wide, 0, head, text, guessed=note)
    if encoding == "utf-8" and _cp1252_guess(body):
        note = (
            "not valid UTF-8 and no byte-order mark: read as Windows-1252 (guessed; give "
            "--encoding to be sure)"
        )
        return Inspected(path, "cp1252", 0, head, body.decode("cp1252"), guessed=note)
    if encoding == "utf-8":
        # A stray NUL in a long text file costs one row; many NULs, or one in the header
        # line, mean the file is not text at all (or UTF-16 without its mark).
        nul = body.find(b"\x00")
        first_end = body.find(b"\n")
        if nul >= 0 and (
            body.count(b"\x00") > len(body) // 1000 or first_end < 0 or nul < first_end
        ):
            raise UnreadableFileError(
                f"{path}: binary data (NUL byte at byte offset {bom + nul}); expected a text "
                "file in UTF-8 (a UTF-16 file must start with its byte-order mark)",
                path=str(path),
            )
        controls = len(_CONTROL.findall(body))
        if controls > max(8, len(body) // 100):
            raise UnreadableFileError(
                f"{path}: binary data ({controls} control bytes in the first {len(body)} "
                "bytes); expected a text file",
                path=str(path),
            )
        text = _decode_head_utf8(path, body, bom)
    else:
        # Cut to whole code units so a partial character at the end is not an error.
        unit = 4 if encoding.startswith("utf-32") else 2
        text = body[: len(body) - len(body) % unit].decode(encoding, "replace")
    return Inspected(path=path, encoding=encoding, bom=bom, head=head, text=text)


def _decode_head_utf8(path: Path, body: bytes, bom: int) -> str:
    end = body.find(b"\n")
    first = body if end < 0 else body[:end]
    try:
        first.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A character cut by the HEAD_BYTES boundary is not an error.
        if end >= 0 or exc.end < len(first) or exc.reason != "unexpected end of data":
            raise UnreadableFileError(
                f"{path}: line 1 is not valid UTF-8 (byte 0x{first[exc.start]:02X} at byte "
                f"offset {bom + exc.start}); save the file as UTF-8 (or UTF-16 with its "
                "byte-order mark)",
                path=str(path),
            ) from exc
    return body.decode("utf-8", "replace")


def describe_bad_utf8(raw: bytes, line: int, offset: int) -> str | None:
    """Why a physical line cannot be read as UTF-8 text, or None when it can.

    ``offset`` is the byte offset of the line in the file, so the message points at
    the exact byte.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (
            f"line {line}: byte 0x{raw[exc.start]:02X} at byte offset {offset + exc.start} "
            f"(column {exc.start + 1} of the line) is not valid UTF-8; expected UTF-8 text "
            "(was the file saved as Windows-1252 / Latin-1?)"
        )
    nul = text.find("\x00")
    if nul >= 0:
        byte = offset + len(text[:nul].encode("utf-8"))
        return f"line {line}: NUL byte at byte offset {byte}; expected text, found binary data"
    return None


def visible(text: str) -> str:
    """``text`` with the invalid bytes kept by "surrogateescape" shown as ``\\xNN``."""
    if KEPT_BYTE.search(text) is None:
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def describe_kept_byte(
    text: str, line: int, offset: int, start: int = 0, end: int | None = None
) -> str | None:
    """Describe the first invalid byte kept in ``text[start:end]``, or None when there is none.

    ``text`` was decoded with "surrogateescape"; ``offset`` is the byte offset of its first
    character in the file, so the message points at the exact byte.
    """
    match = KEPT_BYTE.search(text, start, len(text) if end is None else end)
    if match is None:
        return None
    prefix = text[: match.start()].encode("utf-8", "surrogateescape")
    byte = ord(match.group()) - 0xDC00
    return (
        f"line {line}: byte 0x{byte:02X} at byte offset {offset + len(prefix)} "
        "is not valid UTF-8; expected UTF-8 text"
    )
