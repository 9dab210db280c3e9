"""The page bounds most list routes share (each route gives its own default)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

#: How many items one page holds: 1 to 1,000.
PageLimit = Annotated[int, Query(ge=1, le=1000)]
#: Where a page starts: at most a million items in.
PageOffset = Annotated[int, Query(ge=0, le=1_000_000)]
