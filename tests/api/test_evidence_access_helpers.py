"""The evidence routes' shared steps: an upload spooled for one block, an item checked."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import UploadFile

from crossline.api.routes import evidence_access
from crossline.errors import PayloadTooLargeError


def _request(max_bytes: int) -> Any:
    node = SimpleNamespace(max_upload_bytes=max_bytes)
    return SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(node=node)))


@pytest.mark.parametrize(
    ("data", "fails"),
    [(b"", False), (b"x" * 10, False), (b"y" * (3 << 20), False), (b"z" * ((3 << 20) + 1), True)],
    ids=["empty", "small", "at-bound", "over-bound"],
)
@pytest.mark.parametrize("raises", [False, True], ids=["block-ok", "block-raises"])
def test_spooled_holds_the_upload_for_the_block_then_removes_it(
    data: bytes, fails: bool, raises: bool
) -> None:
    upload = UploadFile(io.BytesIO(data), filename="../pkg.zip")
    seen: list[Any] = []
    if fails:
        with (
            pytest.raises(PayloadTooLargeError),
            evidence_access.spooled(_request(3 << 20), upload),
        ):
            pass  # pragma: no cover
        return
    try:
        with evidence_access.spooled(_request(3 << 20), upload) as path:
            seen.append((path, path.read_bytes()))
            if raises:
                raise RuntimeError("the block failed")
    except RuntimeError:
        assert raises
    [(path, content)] = seen
    assert content == data and path.name == "pkg.zip"
    assert not path.parent.exists()


@pytest.mark.parametrize("visible", [True, False], ids=["visible", "hidden"])
def test_check_item_checks_the_items_own_case(
    monkeypatch: pytest.MonkeyPatch, visible: bool
) -> None:
    item = {"id": "i-1", "case_ref": "CASE-7"}
    checked: list[str] = []
    monkeypatch.setattr(evidence_access.items, "get_item", lambda store, ref: dict(item, ref=ref))

    def check_case(request: Any, principal: Any, case: str) -> None:
        checked.append(case)
        if not visible:
            raise LookupError(case)

    monkeypatch.setattr(evidence_access, "check_case", check_case)
    request = SimpleNamespace(
        app=SimpleNamespace(state=SimpleNamespace(node=SimpleNamespace(store=None)))
    )
    if visible:
        assert evidence_access.check_item(request, None, "i-1") == dict(item, ref="i-1")  # type: ignore[arg-type]
    else:
        with pytest.raises(LookupError):
            evidence_access.check_item(request, None, "i-1")  # type: ignore[arg-type]
    assert checked == ["CASE-7"]
