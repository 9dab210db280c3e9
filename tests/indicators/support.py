"""Helpers shared by the indicator tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crossline.indicators import Found, extract

REPO = Path(__file__).resolve().parents[2]
EVAL_FILE = REPO / "tests" / "data" / "extract_eval" / "eval.jsonl"


def shared_data() -> Path | None:
    """``../shared/data`` beside the clone (or $CROSSLINE_SHARED_DATA), if present."""
    env = os.environ.get("CROSSLINE_SHARED_DATA")
    root = Path(env) if env else REPO / ".." / "shared" / "data"
    return root if root.is_dir() else None


def kinds_values(text: str, region: str | None = None, **kw: object) -> set[tuple[str, str]]:
    """(kind, value) pairs found in ``text``."""
    return {(f.kind, f.value) for f in extract(text, region, **kw)}  # type: ignore[arg-type]


def only(found: list[Found], kind: str) -> list[Found]:
    return [f for f in found if f.kind == kind]


def require_data(*parts: str) -> Path:
    """A path under the shared data folder; skips the test when it is not there."""
    root = shared_data()
    path = root.joinpath(*parts) if root is not None else None
    if path is None or not path.exists():
        pytest.skip(f"{'/'.join(parts)} not found beside this clone (../shared/data)")
    return path
