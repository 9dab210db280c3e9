"""TLP markings on STIX objects: the OASIS TLP 2.0 marking-definitions (from
:mod:`crossline.share.markings`), reading a marking back from ``object_marking_refs``,
and the strictest of several.

Objects marked with STIX 2.1's built-in TLP 1.0 definitions are understood on input
too (WHITE is CLEAR).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crossline.share.markings import TLP2_STIX_IDS, TLP_LEVELS, stix_marking_definition

TLP2_IDS: dict[str, str] = dict(TLP2_STIX_IDS)
# STIX 2.1's built-in TLP 1.0 definitions, accepted on input.
TLP1_IDS: dict[str, str] = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "TLP:CLEAR",
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "TLP:GREEN",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "TLP:AMBER",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "TLP:RED",
}
MARKING_OF_ID: dict[str, str] = {**{v: k for k, v in TLP2_IDS.items()}, **TLP1_IDS}
RANK = {m: i for i, m in enumerate(TLP_LEVELS)}


def marking_definition(marking: str) -> dict[str, Any]:
    """The TLP 2.0 marking-definition object of ``marking`` (``TLP:AMBER`` ...)."""
    return stix_marking_definition(marking)


def strictest(markings: Iterable[str]) -> str:
    """The most restrictive of ``markings`` (AMBER when none is given)."""
    known = [m for m in markings if m in RANK]
    return max(known, key=RANK.__getitem__) if known else "TLP:AMBER"


def marking_of(obj: dict[str, Any]) -> str | None:
    """The TLP marking named in an object's ``object_marking_refs`` (strictest), or None."""
    found = [MARKING_OF_ID[r] for r in obj.get("object_marking_refs") or () if r in MARKING_OF_ID]
    return strictest(found) if found else None
