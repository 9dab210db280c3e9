"""Keep the node's file system out of what it tells callers.

Error messages raised deep in the node name files by their full path (an upload's place
under the home, a temporary file, a backup), which helps an operator reading the log and
helps an attacker mapping the server. Whatever leaves the node (an error response, an
import job's recorded error) goes through :func:`scrub`: every absolute path is cut down
to its last component, the name the caller gave or can recognise. The node's own URL
paths (``/api/...``, ``/taxii2/...``) are left as they are.
"""

from __future__ import annotations

import re
from typing import Any

_POSIX = re.compile(r"(?<![\w.:/~-])/(?:[^\s/'\"`(),;<>\[\]{}]+/)+([^\s/'\"`(),;<>\[\]{}]*)")
_WINDOWS = re.compile(r"\b[A-Za-z]:\\(?:[^\s\\'\"`<>]+\\)+([^\s\\'\"`<>]*)")
#: URL paths of the node itself: naming them is not a leak.
URL_PREFIXES = ("/api/", "/taxii2/", "/public/", "/static/")


def _basename(match: re.Match[str]) -> str:
    if match.group(0).startswith(URL_PREFIXES):
        return match.group(0)
    return match.group(1) or "(a directory)"


def scrub_text(text: str) -> str:
    """``text`` with every absolute file path replaced by its last component."""
    if "/" not in text and "\\" not in text:
        return text
    return _WINDOWS.sub(_basename, _POSIX.sub(_basename, text))


def scrub(value: Any) -> Any:
    """``value`` (a string, or lists and dicts of them) with file paths scrubbed."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value
