"""Files the two HTTP faces send as downloads (exports, tables, quarantined rows,
evidence packages)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from crossline.services.tables import Download

T = TypeVar("T")


def attachment(body: bytes | str, media_type: str, filename: str) -> Response:
    """``body`` as a file the client saves under ``filename``."""
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def send(file: Download) -> Response:
    """A table as a download."""
    return attachment(file.body, file.media_type, file.filename)


def built_file(
    build: Callable[[Path], T], filename: str, media_type: str
) -> tuple[T, FileResponse]:
    """``build(path)`` writes a file in a folder of its own; the file is sent, and the
    folder removed once it has been (or at once, when ``build`` fails)."""
    tmp = Path(tempfile.mkdtemp(prefix="crossline-download-"))
    out = tmp / filename
    try:
        result = build(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    response = FileResponse(
        out,
        media_type=media_type,
        filename=filename,
        background=BackgroundTask(shutil.rmtree, tmp, ignore_errors=True),
    )
    return result, response
