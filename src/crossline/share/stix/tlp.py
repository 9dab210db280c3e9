"""TLP 2.0 marking-definitions as OASIS publishes them (extension-definition
``60a3c5c5-...``), and the mapping between Crossline markings and their ids.

Every object a node exports carries one of these in ``object_marking_refs``; on import
the marking of a partner's object is read back from it (objects marked with the older
TLP 1.0 definitions are understood too: WHITE is CLEAR).
"""

from __future__ import annotations

from typing import Any

from crossline.domain import TLP_MARKINGS

TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

TLP2_IDS: dict[str, str] = {
    "TLP:CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "TLP:GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "TLP:AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "TLP:AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "TLP:RED": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
# STIX 2.1's built-in TLP 1.0 definitions, accepted on input.
TLP1_IDS: dict[str, str] = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "TLP:CLEAR",
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "TLP:GREEN",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "TLP:AMBER",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "TLP:RED",
}
MARKING_OF_ID: dict[str, str] = {**{v: k for k, v in TLP2_IDS.items()}, **TLP1_IDS}
RANK = {m: i for i, m in enumerate(TLP_MARKINGS)}


def marking_definition(marking: str) -> dict[str, Any]:
    """The TLP 2.0 marking-definition object of ``marking`` (``TLP:AMBER`` ...)."""
    level = marking.removeprefix("TLP:").lower()
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2_IDS[marking],
        "created": "2022-10-01T00:00:00.000Z",
        "name": marking,
        "extensions": {TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level}},
    }


def strictest(markings: Any) -> str:
    """The most restrictive of ``markings`` (AMBER when none is given)."""
    known = [m for m in markings if m in RANK]
    return max(known, key=RANK.__getitem__) if known else "TLP:AMBER"


def marking_of(obj: dict[str, Any]) -> str | None:
    """The TLP marking named in an object's ``object_marking_refs`` (strictest), or None."""
    found = [MARKING_OF_ID[r] for r in obj.get("object_marking_refs") or () if r in MARKING_OF_ID]
    return strictest(found) if found else None
