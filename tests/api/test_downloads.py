"""Downloads the API sends: the body as given, its media type, and the file name."""

from __future__ import annotations

import pytest

from crossline.api.downloads import attachment, send
from crossline.services.tables import Download

CASES = [
    ("csv text", "a,b\n1,2\n", "text/csv", "quarantine.csv"),
    ("json bytes", b'{"id": 1}', "application/json", "campaign-1234abcd.json"),
    ("xlsx", b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "results.xlsx"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "media", "filename"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_attachment_and_send_make_the_same_download(
    body: bytes | str, media: str, filename: str
) -> None:
    raw = body.encode() if isinstance(body, str) else body
    for response in (attachment(body, media, filename), send(Download(raw, media, filename))):
        assert response.body == raw
        assert response.media_type == media
        assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
