"""Re-label every stored report after a model update, and refresh campaign labels."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import bindparam, select, update

from crossline.classify.classifier import classify_many
from crossline.classify.model import DEFAULT_PATH, load_model
from crossline.link.summary import refresh_summaries
from crossline.store.repository import Store
from crossline.store.schema import components, reports

BATCH = 5_000


def model_version(path: Path = DEFAULT_PATH) -> str:
    """The artefact's identity: the first 12 hex digits of its SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def reclassify(store: Store, *, model_path: Path | None = None) -> dict[str, object]:
    """Classify every report again with the (new) model; returns counts.

    Each report's tags record the model version that labelled it. Campaign
    summaries are refreshed so their labels follow.
    """
    path = model_path or DEFAULT_PATH
    model = load_model(path)
    version = model_version(path)
    r = reports.c
    with store.read() as conn:
        ids = list(conn.execute(select(r.id).order_by(r.id)).scalars())
    changed = 0
    stmt = (
        update(reports)
        .where(r.id == bindparam("rid"))
        .values(
            label=bindparam("label"),
            label_confidence=bindparam("conf"),
            label_evidence=bindparam("evidence"),
            tags=bindparam("tags"),
            needs_review=bindparam("review"),
        )
    )
    for start in range(0, len(ids), BATCH):
        part = ids[start : start + BATCH]
        with store.read() as conn:
            rows = list(
                conn.execute(
                    select(r.id, r.text, r.channel, r.category, r.source, r.label).where(
                        r.id.in_(part)
                    )
                )
            )
        results = classify_many(
            [row.text or "" for row in rows],
            channels=[row.channel for row in rows],
            source_categories=[row.category for row in rows],
            sources=[row.source for row in rows],
            model=model,
        )
        params = []
        for row, res in zip(rows, results, strict=True):
            changed += row.label != res.label
            params.append(
                {
                    "rid": row.id,
                    "label": res.label,
                    "conf": round(float(res.confidence), 4),
                    "evidence": list(res.evidence),
                    "tags": {**dict(res.tags), "model": version},
                    "review": bool(res.needs_review),
                }
            )
        with store.transaction() as conn:
            conn.execute(stmt, params)
    with store.transaction() as conn:
        cids = list(conn.execute(select(components.c.id)).scalars())
        for start in range(0, len(cids), BATCH):
            refresh_summaries(conn, store, cids[start : start + BATCH])
    return {"reports": len(ids), "changed": changed, "model": version}
