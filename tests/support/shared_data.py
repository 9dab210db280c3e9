"""Where the shared public data sets are (``CROSSLINE_SHARED_DATA``, else ``../shared``
next to the repository); tests that need one skip when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

SHARED = Path(
    os.environ.get("CROSSLINE_SHARED_DATA") or Path(__file__).resolve().parents[2] / ".." / "shared"
)
FTC_METADATA = next(
    (
        p
        for p in (
            SHARED / "data" / "ftc-robocall-transcripts" / "metadata.csv",
            SHARED / "ftc-robocall-transcripts" / "metadata.csv",
        )
        if p.is_file()
    ),
    None,
)
