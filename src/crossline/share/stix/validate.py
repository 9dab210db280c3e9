"""Structural checks of incoming STIX objects, with errors that name the object and field.

Not a full STIX validator (the OASIS ``stix2-validator`` is used for that in tests and by
``crossline stix validate``): just what an import relies on, checked before anything is
stored, so a bad bundle is refused whole with a message such as
``objects[12] (indicator--...): pattern: missing ']' at '<EOF>'``.
"""

from __future__ import annotations

import re
from typing import Any

from stix2patterns.validator import run_validator

from crossline.errors import ValidationError

TYPE = re.compile(r"^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
SCO_TYPES_WITHOUT_DATES = frozenset(
    {"phone-number", "bank-account", "payment-handle", "cryptocurrency-wallet", "email-addr",
     "url", "domain-name", "ipv4-addr", "ipv6-addr", "user-account", "marking-definition",
     "extension-definition"}
)  # fmt: skip
MAX_PROBLEMS = 20


def object_problem(obj: Any) -> tuple[str, str] | None:
    """(field, what is wrong) for one object, or None when it is usable."""
    if not isinstance(obj, dict):
        return "object", f"expected a JSON object, found {type(obj).__name__}"
    t = obj.get("type")
    if not isinstance(t, str) or not TYPE.match(t):
        return "type", f"found {t!r}, expected a STIX type name (lowercase, digits, hyphens)"
    oid = obj.get("id")
    if (
        not isinstance(oid, str)
        or not oid.startswith(t + "--")
        or not UUID.match(oid[len(t) + 2 :])
    ):
        return "id", f"found {oid!r}, expected '{t}--<uuid>'"
    spec = obj.get("spec_version", "2.1")
    if spec != "2.1":
        return "spec_version", f"found {spec!r}, expected '2.1'"
    if t not in SCO_TYPES_WITHOUT_DATES and "sighting_of_ref" not in obj:
        for name in ("created", "modified"):
            if not isinstance(obj.get(name), str):
                return name, "missing or not a timestamp"
    if t == "indicator":
        pattern = obj.get("pattern")
        if not isinstance(pattern, str) or not pattern.strip():
            return "pattern", "missing"
        if obj.get("pattern_type", "stix") == "stix":
            errors = run_validator(pattern, stix_version="2.1")
            if errors:
                return "pattern", str(errors[0]).removeprefix("FAIL: ")
    if t == "observed-data":
        refs = obj.get("object_refs")
        if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
            return "object_refs", "expected a non-empty list of SCO ids"
    if t == "relationship":
        for name in ("relationship_type", "source_ref", "target_ref"):
            if not isinstance(obj.get(name), str):
                return name, "missing"
    return None


def check_objects(objects: Any, where: str = "objects") -> list[dict[str, Any]]:
    """The objects when every one is usable; else ValidationError naming each bad one."""
    if not isinstance(objects, list):
        raise ValidationError(f"{where}: expected a list of STIX objects", field=where)
    problems = []
    seen: set[tuple[str, str]] = set()
    for i, obj in enumerate(objects):
        problem = object_problem(obj)
        if problem is None:
            key = (obj["id"], str(obj.get("modified") or obj.get("created") or ""))
            if key in seen:
                problem = ("id", "the same object (id and version) appears twice")
            seen.add(key)
        if problem is not None:
            oid = obj.get("id") if isinstance(obj, dict) else None
            problems.append({"index": i, "id": oid, "field": problem[0], "problem": problem[1]})
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        first = problems[0]
        label = f"{where}[{first['index']}]" + (f" ({first['id']})" if first["id"] else "")
        raise ValidationError(
            f"{label}: {first['field']}: {first['problem']}"
            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
            field=f"{where}[{first['index']}].{first['field']}",
            problems=problems,
        )
    return objects


def check_bundle(data: Any) -> list[dict[str, Any]]:
    """The objects of a STIX bundle, checked (ValidationError naming what is wrong)."""
    if not isinstance(data, dict):
        raise ValidationError("not a STIX bundle: expected a JSON object", field="bundle")
    if data.get("type") != "bundle":
        raise ValidationError(
            f"not a STIX bundle: type is {data.get('type')!r}, expected 'bundle'", field="type"
        )
    bid = data.get("id")
    if not isinstance(bid, str) or not bid.startswith("bundle--") or not UUID.match(bid[8:]):
        raise ValidationError(f"bundle id {bid!r} is not 'bundle--<uuid>'", field="id")
    return check_objects(data.get("objects", []))
