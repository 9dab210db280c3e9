"""Whether the calls store holds a table: results exist only once they are computed."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossline.calls.store import CallsStore, has_table


@pytest.mark.parametrize(
    ("created", "asked", "expected"),
    [
        ((), "campaigns", False),
        (("campaigns",), "campaigns", True),
        (("campaign_cells",), "campaigns", False),
        (("campaigns", "traceback_hops"), "traceback_hops", True),
    ],
    ids=["empty", "present", "similar-name", "among-others"],
)
def test_has_table(tmp_path: Path, created: tuple[str, ...], asked: str, expected: bool) -> None:
    con = CallsStore(tmp_path / "calls").connect()
    try:
        for name in created:
            con.execute(f"CREATE TABLE {name} (x INTEGER)")
        assert has_table(con, asked) is expected
    finally:
        con.close()
