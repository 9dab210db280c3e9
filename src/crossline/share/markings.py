"""Markings: TLP 2.0 and PAP, how they are spelled, ranked and defaulted per source.

Every report carries a TLP 2.0 marking (``reports.marking``); PAP (Permissible Actions
Protocol) is optional. Markings are stored in their canonical spelling ("TLP:AMBER",
"PAP:GREEN"); :func:`parse_tlp` / :func:`parse_pap` accept what people type ("amber",
"tlp:amber", and TLP 1.0's "WHITE", which TLP 2.0 renamed CLEAR).

The STIX 2.1 marking-definition objects for TLP 2.0 are the ones OASIS published with
the TLP 2.0 extension (``extension-definition--60a3c5c5-...``); their ids are fixed, so
every node and every partner tool recognises them without receiving the definitions.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from crossline.errors import ValidationError

TLP_CLEAR = "TLP:CLEAR"
TLP_GREEN = "TLP:GREEN"
TLP_AMBER = "TLP:AMBER"
TLP_AMBER_STRICT = "TLP:AMBER+STRICT"
TLP_RED = "TLP:RED"

# Least to most restrictive; the index is the rank.
TLP_LEVELS: tuple[str, ...] = (TLP_CLEAR, TLP_GREEN, TLP_AMBER, TLP_AMBER_STRICT, TLP_RED)
PAP_LEVELS: tuple[str, ...] = ("PAP:CLEAR", "PAP:GREEN", "PAP:AMBER", "PAP:RED")

# TLP 1.0 spellings still found in partner data.
_TLP_ALIASES = {"WHITE": "CLEAR", "AMBER-STRICT": "AMBER+STRICT", "AMBER STRICT": "AMBER+STRICT"}
_PAP_ALIASES = {"WHITE": "CLEAR"}

# The TLP 2.0 marking definitions published by OASIS (STIX 2.1, extension below).
TLP2_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2_CREATED = "2022-10-01T00:00:00.000Z"
TLP2_STIX_IDS: dict[str, str] = {
    TLP_CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    TLP_GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    TLP_AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    TLP_AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    TLP_RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
TLP_BY_STIX_ID: dict[str, str] = {v: k for k, v in TLP2_STIX_IDS.items()}

# Default marking per source (the ``reports.source`` names the readers use).
# Public releases are CLEAR; complaints from victims are AMBER; data received from a
# partner keeps the marking it came with (see :func:`default_marking`).
SOURCE_DEFAULTS: dict[str, str] = {
    "ftc_dnc": TLP_CLEAR,  # FTC Do Not Call complaints: published open data
    "ftc_robocall": TLP_CLEAR,  # FTC robocall recordings: published
    "cfpb": TLP_CLEAR,  # CFPB complaint database: published with consent
    "sentinel": TLP_AMBER,  # FTC Consumer Sentinel: law-enforcement only
    "ncrp": TLP_AMBER,  # India's cybercrime portal: complaints from victims
    "api": TLP_AMBER,  # posted by an agency's own systems
}
FALLBACK_MARKING = TLP_AMBER  # unknown sources: victims' complaints unless told otherwise
ENV_DEFAULTS = "CROSSLINE_MARKING_DEFAULTS"  # "source=TLP:GREEN,other=amber"


def _parse(text: Any, prefix: str, levels: tuple[str, ...], aliases: Mapping[str, str]) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(
            f"{prefix} marking {text!r} is not valid",
            field="marking",
            expected=", ".join(levels),
        )
    word = text.strip().upper()
    if word.startswith(prefix + ":"):
        word = word[len(prefix) + 1 :].strip()
    word = aliases.get(word, word)
    canonical = f"{prefix}:{word}"
    if canonical not in levels:
        raise ValidationError(
            f"{prefix} marking {text!r} is not valid",
            field="marking",
            expected=", ".join(levels),
        )
    return canonical


_TLP_RANKS = {m: i for i, m in enumerate(TLP_LEVELS)}


def parse_tlp(text: Any) -> str:
    """The canonical TLP 2.0 marking for ``text`` ("amber", "tlp:white" -> "TLP:CLEAR").

    Raises ValidationError naming the accepted values otherwise.
    """
    if text in _TLP_RANKS:  # stored markings are canonical: the common case, kept cheap
        return str(text)
    return _parse(text, "TLP", TLP_LEVELS, _TLP_ALIASES)


def parse_pap(text: Any) -> str:
    """The canonical PAP marking for ``text`` ("green" -> "PAP:GREEN")."""
    return _parse(text, "PAP", PAP_LEVELS, _PAP_ALIASES)


def tlp_rank(marking: str) -> int:
    """Restrictiveness of a TLP marking: CLEAR 0 ... RED 4 (accepts loose spellings)."""
    rank = _TLP_RANKS.get(marking)
    return rank if rank is not None else _TLP_RANKS[parse_tlp(marking)]


def pap_rank(marking: str) -> int:
    """Restrictiveness of a PAP marking: CLEAR 0 ... RED 3."""
    return PAP_LEVELS.index(parse_pap(marking))


def markings_up_to(max_marking: str) -> tuple[str, ...]:
    """Every TLP marking at or below ``max_marking`` (for ``marking IN (...)`` queries)."""
    return TLP_LEVELS[: tlp_rank(max_marking) + 1]


def stix_marking_id(marking: str) -> str:
    """The OASIS TLP 2.0 marking-definition id of ``marking``."""
    return TLP2_STIX_IDS[parse_tlp(marking)]


def tlp_from_stix_id(marking_ref: str) -> str | None:
    """The TLP marking of a STIX marking-definition id, None when it is not a TLP 2.0 one."""
    return TLP_BY_STIX_ID.get(marking_ref)


def stix_marking_definition(marking: str) -> dict[str, Any]:
    """The STIX 2.1 marking-definition object of a TLP 2.0 marking, as OASIS published it."""
    level = parse_tlp(marking)
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2_STIX_IDS[level],
        "created": TLP2_CREATED,
        "name": level,
        "extensions": {
            TLP2_EXTENSION_ID: {
                "extension_type": "property-extension",
                "tlp_2_0": level.split(":", 1)[1].lower(),
            }
        },
    }


def source_defaults(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The per-source default markings: built-ins, then ``CROSSLINE_MARKING_DEFAULTS``,
    then ``overrides`` (values are parsed, so "green" works)."""
    table = dict(SOURCE_DEFAULTS)
    env = os.environ.get(ENV_DEFAULTS, "").strip()
    if env:
        for item in env.split(","):
            source, sep, value = item.partition("=")
            if not sep or not source.strip():
                raise ValidationError(
                    f"{ENV_DEFAULTS} item {item!r} is not valid",
                    field=ENV_DEFAULTS,
                    expected="source=TLP:LEVEL[,source=TLP:LEVEL...]",
                )
            table[source.strip()] = parse_tlp(value)
    for source, value in (overrides or {}).items():
        table[source] = parse_tlp(value)
    return table


def default_marking(
    source: str, *, received: str | None = None, overrides: Mapping[str, str] | None = None
) -> str:
    """The marking a report from ``source`` gets when nobody set one.

    Partner data (source ``partner:NAME`` or any record that came with a marking,
    ``received``) keeps the marking it was shared under; otherwise the per-source table
    (:func:`source_defaults`), else AMBER.
    """
    if received:
        return parse_tlp(received)
    table = source_defaults(overrides)
    if source in table:
        return table[source]
    if source.startswith("partner:"):
        # A partner record without a marking: treat it as the partner's own AMBER.
        return TLP_AMBER
    return FALLBACK_MARKING
