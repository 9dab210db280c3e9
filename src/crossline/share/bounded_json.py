"""JSON bodies from other machines, parsed within bounds.

A body nested thousands of levels deep makes Python's parser (and anything that walks
the result: signatures over canonical JSON, validation) hit the recursion limit, which
would surface as a server error. :func:`loads` refuses such a body before parsing it,
and a body over its size limit before reading further: the caller answers 400 or 413 in
its own error shape.
"""

from __future__ import annotations

import json
from itertools import accumulate
from typing import Any

from crossline.errors import BodyTooDeepError, PayloadTooLargeError, ValidationError

MAX_DEPTH = 64  # STIX bundles and envelopes nest well under 20 levels
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")


def depth(data: bytes) -> int:
    """How deep the arrays and objects of the JSON text ``data`` nest (strings skipped).

    Byte operations only (no Python loop over characters): escaped backslashes, then
    escaped quotes are dropped, so the remaining quotes delimit strings; what is outside
    them is kept, and of that only the brackets.
    """
    unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.split(b'"')[0::2])
    brackets = outside.translate(None, _NOT_BRACKET)
    if not brackets:
        return 0
    steps = (1 if b in (0x5B, 0x7B) else -1 for b in brackets)
    return max(accumulate(steps))


def loads(data: bytes, *, max_bytes: int, max_depth: int = MAX_DEPTH, what: str = "body") -> Any:
    """``json.loads(data)`` once it is known to be within ``max_bytes`` and ``max_depth``.

    PayloadTooLargeError (413), BodyTooDeepError (400), or ValidationError when it is not
    JSON.
    """
    if len(data) > max_bytes:
        raise PayloadTooLargeError(
            f"the {what} is {len(data):,} bytes; at most {max_bytes:,} are accepted",
            limit=max_bytes,
        )
    found = depth(data)
    if found > max_depth:
        raise BodyTooDeepError(
            f"the {what} nests {found} levels deep; at most {max_depth} are accepted",
            limit=max_depth,
        )
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ValidationError(f"the {what} is not JSON", field="body") from exc
