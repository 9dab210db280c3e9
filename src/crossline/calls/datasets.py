"""Where the shared public data sets live (read at run time, never shipped).

``CROSSLINE_SHARED_DATA`` names the ``shared`` directory (or its ``data``
sub-directory); otherwise ``../shared`` beside the repository is used.
"""

from __future__ import annotations

import os
from pathlib import Path

from crossline.errors import NotFoundError


def shared_data_dir() -> Path | None:
    """The ``shared/data`` directory, or None when it is not there."""
    env = os.environ.get("CROSSLINE_SHARED_DATA")
    base = Path(env) if env else Path(__file__).resolve().parents[3] / ".." / "shared"
    for candidate in (base / "data", base):
        if (candidate / "ftc-robocall-transcripts").is_dir() or (candidate / "README.md").is_file():
            return candidate.resolve()
    return None


def ftc_transcripts_path() -> Path:
    """``metadata.csv`` of the FTC robocall transcripts; NotFoundError when absent."""
    base = shared_data_dir()
    path = base / "ftc-robocall-transcripts" / "metadata.csv" if base else None
    if path is None or not path.is_file():
        raise NotFoundError(
            "FTC robocall transcripts not found: set CROSSLINE_SHARED_DATA to the shared data "
            "directory or pass --data PATH/metadata.csv"
        )
    return path
