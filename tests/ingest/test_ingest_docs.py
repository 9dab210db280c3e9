"""docs/formats.md documents every format and every accepted column name."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossline.ingest import cfpb, ftc_dnc, ncrp, sentinel, transcripts
from crossline.ingest.formats import READERS

DOC = Path(__file__).resolve().parents[2] / "docs" / "formats.md"
MODULES = [ftc_dnc, sentinel, ncrp, transcripts, cfpb]


@pytest.mark.parametrize("name", sorted(READERS), ids=sorted(READERS))
def test_every_format_is_documented(name: str) -> None:
    assert f"`{name}`" in DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("module", MODULES, ids=[m.__name__.rsplit(".", 1)[1] for m in MODULES])
def test_every_column_and_alias_is_documented(module: object) -> None:
    text = DOC.read_text(encoding="utf-8")
    for column in module.COLUMNS.columns:  # type: ignore[attr-defined]
        for name in (column.key, *column.aliases):
            assert f"`{name}`" in text, name
