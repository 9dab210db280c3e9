"""Custom SCOs for the fraud identifiers STIX lacks, declared by extension-definitions.

Each custom type (``phone-number``, ``bank-account``, ``payment-handle``,
``cryptocurrency-wallet``) is a STIX 2.1 ``new-sco`` extension; a report's details ride
on observed-data as a ``property-extension`` (``crossline-report``). The normative
definition of each is a JSON Schema shipped in ``crossline/share/stix/schemas/``;
:func:`schema` loads it.

The extension-definitions are created by one fixed *Crossline project* identity and
carry fixed ids, so every Crossline node emits byte-identical definitions and a partner
can pin them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from crossline.share.stix.tlp import TLP2_IDS

PROJECT_IDENTITY = "identity--73a5807f-8b0d-50e4-b1d7-e468e81d8157"
DEFINED_AT = "2025-01-01T00:00:00.000Z"
VERSION = "1.0.0"


@dataclass(frozen=True)
class Extension:
    """One extension-definition: its STIX type (or name), id, kind and schema file."""

    name: str
    id: str
    extension_type: str  # "new-sco" or "property-extension"
    description: str
    contributing: tuple[str, ...] = ()  # id-contributing properties (SCOs)

    @property
    def schema_file(self) -> str:
        return f"{self.name}.json"

    def definition(self) -> dict[str, Any]:
        """The ``extension-definition`` object."""
        return {
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": self.id,
            "created_by_ref": PROJECT_IDENTITY,
            "created": DEFINED_AT,
            "modified": DEFINED_AT,
            "name": self.name,
            "description": self.description,
            "schema": (
                f"JSON Schema (draft 2020-12) {schema(self.name)['$id']}, shipped with "
                f"Crossline as crossline/share/stix/schemas/{self.schema_file}"
            ),
            "version": VERSION,
            "extension_types": [self.extension_type],
            "object_marking_refs": [TLP2_IDS["TLP:CLEAR"]],
        }

    def marker(self) -> dict[str, dict[str, str]]:
        """The ``extensions`` entry an object of a new-sco type carries."""
        return {self.id: {"extension_type": self.extension_type}}


PHONE_NUMBER = Extension(
    "phone-number",
    "extension-definition--2be2b2d0-8c66-5793-ae9a-e1b6551f69f2",
    "new-sco",
    "A telephone number used by a suspect (callback number, caller id, messaging number), "
    "in E.164 form.",
    ("value",),
)
BANK_ACCOUNT = Extension(
    "bank-account",
    "extension-definition--4b5f3b53-2585-5c5b-b19b-1e00d5708cbc",
    "new-sco",
    "A bank account that received victims' money: account number with the branch's IFSC "
    "(India), an IBAN, or an account number alone.",
    ("account_number", "ifsc", "iban"),
)
PAYMENT_HANDLE = Extension(
    "payment-handle",
    "extension-definition--a7c1654c-74c7-591f-b246-d01847415886",
    "new-sco",
    "An address in a real-time payment scheme that victims paid to, such as a UPI "
    "virtual payment address (name@bank).",
    ("scheme", "value"),
)
CRYPTO_WALLET = Extension(
    "cryptocurrency-wallet",
    "extension-definition--0b94d7cf-3919-588f-960b-678550b820b7",
    "new-sco",
    "A cryptocurrency address that victims paid to (checksum-verified), with its coin.",
    ("currency", "value"),
)
REPORT = Extension(
    "crossline-report",
    "extension-definition--46820d1e-25aa-578c-b657-6a47558237cd",
    "property-extension",
    "What a fraud complaint says beyond the identifiers it names (jurisdiction, channel, "
    "loss, scam type, coarse victim location), as far as the sharing agreement allows; "
    "carried on observed-data. Never victims' personal data.",
)

NEW_SCOS: dict[str, Extension] = {
    e.name: e for e in (PHONE_NUMBER, BANK_ACCOUNT, PAYMENT_HANDLE, CRYPTO_WALLET)
}
ALL: tuple[Extension, ...] = (*NEW_SCOS.values(), REPORT)
BY_ID: dict[str, Extension] = {e.id: e for e in ALL}


@cache
def schema(name: str) -> dict[str, Any]:
    """The shipped JSON Schema of extension ``name`` (``phone-number`` ...)."""
    path = resources.files("crossline.share.stix") / "schemas" / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def project_identity() -> dict[str, Any]:
    """The identity that defines Crossline's extensions (the same on every node)."""
    return {
        "type": "identity",
        "spec_version": "2.1",
        "id": PROJECT_IDENTITY,
        "created": DEFINED_AT,
        "modified": DEFINED_AT,
        "name": "Crossline project",
        "description": "Defines the STIX extensions Crossline nodes use for fraud identifiers.",
        "identity_class": "organization",
        "object_marking_refs": [TLP2_IDS["TLP:CLEAR"]],
    }
