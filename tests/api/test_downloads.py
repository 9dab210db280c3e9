"""Downloads the API sends: the body as given, its media type, and the file name."""

from __future__ import annotations

import pytest

from crossline.http.downloads import attachment, send
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


def _folders() -> set[str]:
    import tempfile
    from pathlib import Path

    return {p.name for p in Path(tempfile.gettempdir()).glob("crossline-download-*")}


def test_a_built_file_is_sent_then_its_folder_removed() -> None:
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from crossline.http.downloads import built_file

    before = _folders()
    result, response = built_file(
        lambda out: out.write_bytes(b"PK\x03\x04") and {"package": out.name},
        "case-1.zip",
        "application/zip",
    )
    assert result == {"package": "case-1.zip"}
    assert response.media_type == "application/zip"
    assert 'filename="case-1.zip"' in response.headers["content-disposition"]
    assert len(_folders() - before) == 1  # kept until it has been sent
    assert response.background is not None
    # In a thread of its own: asyncio.run refuses a thread with a running loop, and the
    # browser tests' Playwright keeps one in the main thread of their worker process.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, response.background()).result()
    assert _folders() == before


def test_a_failed_build_leaves_no_folder() -> None:
    from crossline.http.downloads import built_file

    before = _folders()

    def fail(_out: object) -> None:
        raise ValueError("no such case")

    with pytest.raises(ValueError, match="no such case"):
        built_file(fail, "case-2.zip", "application/zip")
    assert _folders() == before
