"""The value every detector returns: one indicator found in one text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Found:
    """One indicator occurrence.

    ``value`` is the normal form (E.164 for phones, lower-case e-mails, refanged URLs ...);
    ``raw`` is the text as written, ``text[start:end]`` of the *original* text, except for
    payment cards, whose ``raw`` is the masked form so a full card number never leaves the
    extractor. ``flags`` record how the value was validated or recovered (``checksum_ok``,
    ``spoken``, ``defanged``, ``vanity`` ...); ``meta`` carries facts about the value
    (``phone_type``, ``region``, ``bank``, ``masked`` ...).
    """

    kind: str
    value: str
    raw: str
    start: int
    end: int
    flags: frozenset[str] = frozenset()
    meta: Mapping[str, str] = field(default_factory=lambda: _EMPTY, hash=False)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (used by the CLI and the API)."""
        # Every field as it is, but for the two that JSON cannot hold as they are.
        plain = {f.name: getattr(self, f.name) for f in fields(self)}
        return plain | {"flags": sorted(self.flags), "meta": dict(self.meta)}


def frozen_meta(meta: Mapping[str, str] | None) -> Mapping[str, str]:
    """An immutable copy of ``meta`` (shared empty mapping when there is none)."""
    if not meta:
        return _EMPTY
    return MappingProxyType(dict(meta))
