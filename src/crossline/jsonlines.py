"""JSON Lines read by people's tools (classifier input, evaluation sets): one value a line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from crossline.errors import ValidationError


def numbered_values(lines: Iterable[str], *, where: str = "line") -> Iterator[tuple[int, Any]]:
    """Each non-blank line parsed as JSON, with its 1-based number; a line that is not JSON
    raises ValidationError naming it (``"<where> 3: not JSON (...)"``)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"{where} {number}: not JSON ({exc.msg})", line=number) from exc
