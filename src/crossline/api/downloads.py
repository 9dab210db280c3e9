"""Files the API sends as downloads (exports, tables, quarantined rows)."""

from __future__ import annotations

from fastapi.responses import Response

from crossline.services.tables import Download


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
