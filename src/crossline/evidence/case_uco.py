"""The package's CASE/UCO graph (``case.jsonld``): what was done to which file, by whom.

CASE 1.x / UCO 1.x JSON-LD, checked with ``case_validate`` (case-utils) in the tests:

- one ``case-investigation:Investigation`` for the case, holding everything below;
- a ``uco-observable:File`` per item, with a ``FileFacet`` (name, size) and a
  ``ContentDataFacet`` carrying its SHA-256 ``uco-types:Hash``;
- a ``case-investigation:ProvenanceRecord`` per item with its exhibit number;
- a ``case-investigation:InvestigativeAction`` per custody entry, with its performer (an
  identity per actor), instrument (this software), object (the files) and result (the
  provenance record an acquisition or receipt produced); each action is informed by the
  one before it, as the custody chain is.

Ids are deterministic (``kb:`` + uuid5), so the same package always gives the same graph.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from crossline.domain import make_id

CONTEXT = {
    "kb": "urn:crossline:kb:",
    "case-investigation": "https://ontology.caseontology.org/case/investigation/",
    "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
    "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
    "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
    "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
    "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
    "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
    "uco-vocabulary": "https://ontology.unifiedcyberontology.org/uco/vocabulary/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

VERBS = {
    "acquire": "Acquired",
    "access": "Accessed",
    "copy": "Copied",
    "transfer": "Transferred",
    "export": "Exported",
    "receive": "Received",
    "verify": "Verified",
}


def _id(kind: str, *parts: str) -> str:
    return f"kb:{kind}-{make_id('case-uco', kind, *parts)}"


def _ref(node_id: str) -> dict[str, str]:
    return {"@id": node_id}


def _time(value: str) -> dict[str, str]:
    return {"@type": "xsd:dateTime", "@value": value}


def _int(value: int) -> dict[str, str]:
    return {"@type": "xsd:integer", "@value": str(int(value))}


def case_graph(
    *,
    case: str,
    node: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
    entries: Sequence[Mapping[str, Any]],
    software_version: str = "0.1.0",
) -> dict[str, Any]:
    """The JSON-LD document for a package of ``items`` with custody ``entries``."""
    graph: list[dict[str, Any]] = []
    tool_id = _id("tool", "crossline", software_version)
    graph.append(
        {
            "@id": tool_id,
            "@type": "uco-tool:Tool",
            "uco-core:name": "Crossline",
            "uco-tool:version": software_version,
        }
    )
    org_id = _id("organization", str(node.get("key_id")))
    graph.append(
        {
            "@id": org_id,
            "@type": "uco-identity:Organization",
            "uco-core:name": f"{node.get('name')} ({node.get('country')})",
            "uco-core:description": f"Crossline node, signing key id {node.get('key_id')}",
        }
    )

    files: dict[str, str] = {}
    records: dict[str, str] = {}
    for item in items:
        iid = str(item["id"])
        file_id = _id("file", iid, str(item["sha256"]))
        files[iid] = file_id
        graph.append(
            {
                "@id": file_id,
                "@type": "uco-observable:File",
                "uco-core:name": str(item["filename"]),
                "uco-core:hasFacet": [
                    {
                        "@id": _id("file-facet", iid),
                        "@type": "uco-observable:FileFacet",
                        "uco-observable:fileName": str(item["filename"]),
                        "uco-observable:sizeInBytes": _int(item["size"]),
                    },
                    {
                        "@id": _id("content-data-facet", iid),
                        "@type": "uco-observable:ContentDataFacet",
                        "uco-observable:sizeInBytes": _int(item["size"]),
                        "uco-observable:mimeType": str(
                            item.get("media_type") or "application/octet-stream"
                        ),
                        "uco-observable:hash": [
                            {
                                "@id": _id("hash", iid, str(item["sha256"])),
                                "@type": "uco-types:Hash",
                                "uco-types:hashMethod": "SHA256",
                                "uco-types:hashValue": {
                                    "@type": "xsd:hexBinary",
                                    "@value": str(item["sha256"]),
                                },
                            }
                        ],
                    },
                ],
            }
        )
        record_id = _id("provenance-record", iid)
        records[iid] = record_id
        graph.append(
            {
                "@id": record_id,
                "@type": "case-investigation:ProvenanceRecord",
                "case-investigation:exhibitNumber": str(item["exhibit"]),
                "case-investigation:rootExhibitNumber": str(item["exhibit"]),
                "uco-core:description": str(item.get("description") or ""),
                "uco-core:object": [_ref(file_id)],
            }
        )

    actors: dict[str, str] = {}
    actions: list[str] = []
    prev_action: str | None = None
    for e in entries:
        actor = str(e.get("actor") or "unknown")
        if actor not in actors:
            actors[actor] = _id("identity", actor)
            graph.append(
                {"@id": actors[actor], "@type": "uco-identity:Identity", "uco-core:name": actor}
            )
        action_id = _id("action", str(e["case"]), str(e["seq"]), str(e["hash"]))
        actions.append(action_id)
        item = e.get("item")
        objects = [files[item]] if item in files else list(files.values())
        node_action: dict[str, Any] = {
            "@id": action_id,
            "@type": "case-investigation:InvestigativeAction",
            "uco-core:name": f"{e['action']} (custody seq {e['seq']})",
            "uco-core:description": (
                f"{VERBS.get(str(e['action']), str(e['action']))} by {actor}; custody entry "
                f"seq {e['seq']}, hash {e['hash']}, signed by key {e.get('key_id')}"
            ),
            "uco-action:startTime": _time(str(e["at"])),
            "uco-action:endTime": _time(str(e["at"])),
            "uco-action:performer": _ref(actors[actor]),
            "uco-action:instrument": [_ref(tool_id)],
        }
        if objects:
            node_action["uco-action:object"] = [_ref(o) for o in objects]
        if e["action"] in ("acquire", "receive") and item in records:
            node_action["uco-action:result"] = [_ref(records[item])]
        elif e["action"] == "receive":
            node_action["uco-action:result"] = [_ref(records[i]) for i in records]
        if prev_action:
            node_action["case-investigation:wasInformedBy"] = [_ref(prev_action)]
        prev_action = action_id
        graph.append(node_action)

    investigation = {
        "@id": _id("investigation", case, str(node.get("key_id"))),
        "@type": "case-investigation:Investigation",
        "uco-core:name": case,
        "case-investigation:investigationForm": "case",
        "case-investigation:focus": "cyber-enabled financial fraud",
        "uco-core:object": [
            _ref(org_id),
            *(_ref(f) for f in files.values()),
            *(_ref(r) for r in records.values()),
            *(_ref(a) for a in actions),
        ],
    }
    return {"@context": CONTEXT, "@graph": [investigation, *graph]}
