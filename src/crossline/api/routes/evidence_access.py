"""What the evidence and legal-request routes share: permissions, id patterns, uploads
spooled to disk, and the organisation rule on items (:mod:`crossline.node.scope`; the
node's evidence store and the rule on cases and requests are in
:mod:`crossline.http.evidence`, shared with the evidence and request pages)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, File, Form, Request, UploadFile
from pydantic import Field

from crossline.errors import PayloadTooLargeError
from crossline.evidence import items
from crossline.http.deps import get_node, require
from crossline.http.evidence import check_case
from crossline.net.outbound import Outbound
from crossline.node.auth import Principal
from crossline.node.security import EVIDENCE_READ, EVIDENCE_WRITE

EvidenceRead = Annotated[Principal, Depends(require(EVIDENCE_READ))]
EvidenceWrite = Annotated[Principal, Depends(require(EVIDENCE_READ, EVIDENCE_WRITE))]
CaseRef = Annotated[str, Field(pattern=items.CASE_REF.pattern)]
ID_PATTERN = r"^[0-9a-f-]{6,36}$"
ItemId = Annotated[str, Field(pattern=ID_PATTERN)]
PackageFile = Annotated[UploadFile, File(description="a package (.zip)")]
SenderKey = Annotated[str, Form(min_length=40, max_length=64, description="sender's public key")]
ItemRef = Annotated[
    str, Field(pattern=r"^([0-9a-f-]{6,36}|[A-Za-z0-9._-]{1,128}/[A-Za-z0-9._-]{1,64})$")
]


def outbound_of(request: Request) -> Outbound:
    """How this node reaches partners (egress policy and transport; see create_app)."""
    return get_node(request).outbound


def spool(upload: UploadFile, max_bytes: int) -> Path:
    """Copy an upload to a temporary file in bounded chunks (packages can be large)."""
    tmp = Path(tempfile.mkdtemp(prefix="crossline-upload-"))
    path = tmp / items.safe_filename(upload.filename or "upload")
    size = 0
    with open(path, "wb") as out:
        while chunk := upload.file.read(1 << 20):
            size += len(chunk)
            if size > max_bytes:
                shutil.rmtree(tmp, ignore_errors=True)
                raise PayloadTooLargeError(f"upload exceeds {max_bytes:,} bytes")
            out.write(chunk)
    return path


@contextmanager
def spooled(request: Request, upload: UploadFile) -> Iterator[Path]:
    """The upload spooled to disk within the node's upload bound; removed when the block
    ends, whatever happened in it."""
    path = spool(upload, get_node(request).max_upload_bytes)
    try:
        yield path
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


# -- the organisation rule (crossline.node.scope) -----------------------------------------------


def check_item(request: Request, principal: Principal, ref: str) -> dict[str, Any]:
    """The evidence item; 404 unless the caller may see its case (:func:`check_case`)."""
    item = items.get_item(get_node(request).store, ref)
    check_case(request, principal, item["case_ref"])
    return item
