"""Indicator kinds <-> STIX Cyber-observable Objects and STIX patterns.

One table says, for each Crossline indicator kind, which SCO type carries it and how
its normalized value is split into properties; the reverse direction reads a partner's
SCO (or a simple pattern) back into a (kind, value) the import pipeline normalizes.
Kinds with no faithful STIX form are not exported: cards (stored masked and keyed by
this node's secret, meaningless elsewhere), bare IFSC/SWIFT bank codes (a branch, not
an account) and detected victim PII.
"""

from __future__ import annotations

import re
from typing import Any

from crossline.indicators.kinds import CRYPTO_KINDS
from crossline.share.stix.extensions import (
    BANK_ACCOUNT,
    CRYPTO_WALLET,
    NEW_SCOS,
    PAYMENT_HANDLE,
    PHONE_NUMBER,
)
from crossline.share.stix.ids import sco_id

# STIX's own SCO types and their id-contributing properties (STIX 2.1 section 6).
STANDARD_CONTRIBUTING: dict[str, tuple[str, ...]] = {
    "email-addr": ("value",),
    "url": ("value",),
    "domain-name": ("value",),
    "ipv4-addr": ("value",),
    "ipv6-addr": ("value",),
    "user-account": ("account_type", "user_id", "account_login"),
}
SIMPLE = {
    "email": "email-addr",
    "url": "url",
    "domain": "domain-name",
    "ipv4": "ipv4-addr",
    "ipv6": "ipv6-addr",
}
EXPORTED_KINDS = frozenset(
    {*SIMPLE, "phone", "upi", "bank_account", "iban", "social", *CRYPTO_KINDS}
)
IFSC = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def url_with_scheme(value: str) -> str:
    """A URL as an absolute URI: ``www.fema.gov/x`` -> ``http://www.fema.gov/x``.

    Values found in text often lack a scheme; STIX's ``url:value`` must be a URI. A link
    typed without a scheme is opened over http by browsers, so that is the one added.
    """
    return value if _SCHEME.match(value) else "http://" + value.lstrip("/")


def sco_properties(kind: str, value: str) -> tuple[str, dict[str, Any]] | None:
    """(SCO type, its properties) for an indicator, or None when the kind is not exported."""
    if kind == "url":
        return "url", {"value": url_with_scheme(value)}
    if kind in SIMPLE:
        return SIMPLE[kind], {"value": value}
    if kind == "phone":
        return PHONE_NUMBER.name, {"value": value}
    if kind == "upi":
        provider = value.rsplit("@", 1)[-1] if "@" in value else None
        props = {"value": value, "scheme": "upi"}
        return PAYMENT_HANDLE.name, {**props, "provider": provider} if provider else props
    if kind == "bank_account":
        ifsc, sep, number = value.partition(":")
        if sep and IFSC.match(ifsc):
            return BANK_ACCOUNT.name, {"account_number": number, "ifsc": ifsc, "country": "IN"}
        return BANK_ACCOUNT.name, {"account_number": value}
    if kind == "iban":
        return BANK_ACCOUNT.name, {"iban": value, "country": value[:2]}
    if kind in CRYPTO_KINDS:
        return CRYPTO_WALLET.name, {"value": value, "currency": kind}
    if kind == "social":
        platform, sep, login = value.partition(":")
        if not sep:
            return None
        return "user-account", {"user_id": value, "account_login": login, "display_name": value}
    return None


def sco(kind: str, value: str, marking_ref: str | None = None) -> dict[str, Any] | None:
    """The SCO of an indicator, with its deterministic id (None: kind not exported)."""
    found = sco_properties(kind, value)
    if found is None:
        return None
    stix_type, props = found
    ext = NEW_SCOS.get(stix_type)
    contributing = ext.contributing if ext else STANDARD_CONTRIBUTING[stix_type]
    obj: dict[str, Any] = {
        "type": stix_type,
        "spec_version": "2.1",
        "id": sco_id(stix_type, props, contributing),
        **props,
    }
    if marking_ref:
        obj["object_marking_refs"] = [marking_ref]
    if ext:
        obj["extensions"] = ext.marker()
    return obj


def _literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def pattern(kind: str, value: str) -> str | None:
    """The STIX pattern matching an indicator, e.g. ``[phone-number:value = '+1833...']``."""
    found = sco_properties(kind, value)
    if found is None:
        return None
    stix_type, props = found
    keys: list[str]
    if stix_type == BANK_ACCOUNT.name:
        keys = [k for k in ("iban", "ifsc", "account_number") if k in props]
    elif stix_type == "user-account":
        keys = ["user_id"]
    elif stix_type == CRYPTO_WALLET.name:
        keys = ["value", "currency"]
    elif stix_type == PAYMENT_HANDLE.name:
        keys = ["value", "scheme"]
    else:
        keys = ["value"]
    terms = " AND ".join(f"{stix_type}:{k} = {_literal(str(props[k]))}" for k in keys)
    return f"[{terms}]"


def suspects_of(obj: dict[str, Any]) -> list[tuple[str | None, str]]:
    """(suspect kind, raw value) pairs an SCO contributes to an imported report.

    The kind is the canonical reader's (``phone``, ``upi``, ``bank_account`` ...) or None
    for values the import pipeline should recognise itself (IBANs, less common coins).
    """
    t = obj.get("type")
    value = obj.get("value")
    if t in ("email-addr", "url", "domain-name") and isinstance(value, str):
        return [({"email-addr": "email", "url": "url", "domain-name": "domain"}[t], value)]
    if t in ("ipv4-addr", "ipv6-addr") and isinstance(value, str):
        return [(None, value)]
    if t == PHONE_NUMBER.name and isinstance(value, str):
        return [("phone", value)]
    if t == PAYMENT_HANDLE.name and isinstance(value, str):
        upi = obj.get("scheme", "upi" if "@" in value else None) == "upi"
        return [("upi" if upi else None, value)]
    if t == CRYPTO_WALLET.name and isinstance(value, str):
        cur = obj.get("currency")
        return [(cur if cur in ("btc", "eth") else None, value)]
    if t == BANK_ACCOUNT.name:
        out: list[tuple[str | None, str]] = []
        if obj.get("iban"):
            out.append((None, str(obj["iban"])))
        number, ifsc = obj.get("account_number"), obj.get("ifsc")
        if number and ifsc:
            # "IFSC:number" keys the account by its branch; the IFSC goes without a kind
            # so the pipeline does not pair it with other accounts of the same report
            out.append((None, str(ifsc)))
            out.append(("bank_account", f"{ifsc}:{number}"))
        elif number:
            out.append(("bank_account", str(number)))
        return out
    if t == "user-account":
        uid = obj.get("user_id") or obj.get("account_login")
        return [("social", str(uid))] if uid else []
    return []
