"""The first-set-cue rule behind the spoofing, money-lost and channel tags."""

from __future__ import annotations

import numpy as np
import pytest

from crossline.classify import tags


def _flags(*names: str) -> np.ndarray:
    row = np.zeros(len(tags._NAMES), dtype=bool)
    for name in names:
        row[tags._COL[name]] = True
    return row


@pytest.mark.parametrize(
    ("cues", "set_flags", "default", "expected"),
    [
        (tags._SPOOFING, (), "none_seen", "none_seen"),
        (tags._SPOOFING, ("neighbor",), "none_seen", "neighbor"),
        (tags._SPOOFING, ("neighbor", "gov_number"), "none_seen", "government_number"),
        (tags._LOST, (), "unknown", "unknown"),
        (tags._LOST, ("lost_yes",), "unknown", "yes"),
        (tags._LOST, ("lost_yes", "lost_no"), "unknown", "no"),
        (tags._CHANNEL_CUES, (), None, None),
        (tags._CHANNEL_CUES, ("email", "call"), None, "call"),
        (tags._CHANNEL_CUES, ("social", "robocall"), None, "robocall"),
    ],
    ids=[
        "spoof-none",
        "spoof-neighbor",
        "spoof-gov-first",
        "lost-none",
        "lost-yes",
        "lost-no-first",
        "channel-none",
        "channel-call-before-email",
        "channel-robocall-first",
    ],
)
def test_first_set_cue_wins(
    cues: tuple[tuple[str, str], ...],
    set_flags: tuple[str, ...],
    default: str | None,
    expected: str | None,
) -> None:
    assert tags.first_set(_flags(*set_flags), cues, default) == expected
