"""Seeded synthetic call records with planted robocall campaigns and their ground truth.

The records are those a transit carrier would hand over: calls arriving from many
upstream carriers (``orig_carrier``/``orig_trunk``) bound for terminating carriers.
Around the campaigns runs the traffic that makes detection hard:

- subscribers calling their contacts (and, ~8% of the time, a neighbour in their own
  exchange - so neighbour matches alone prove nothing);
- businesses placing notifications at high volume from stable, A-attested numbers;
- legitimate international calls entering through gateway carriers (attestation C),
  on the very trunks some campaigns use, plus domestic subscribers roaming abroad;
- withheld caller ids and misconfigured PBXs sending invalid numbers.

Each planted campaign enters through one to three (carrier, trunk) entry points
chosen per call by its dialer, works through lists of numbers (sequential sweeps of
exchanges or a leaked list) in its active hours, and presents caller ids by one
tactic: neighbour spoofing, a rotating pool of numbers, spoofed government/bank
numbers, invalid numbers, or one-ring (wangiri) calls from premium foreign ranges.
No two campaigns share a trunk: from call records alone such campaigns could not be
told apart (their scripts can, see :mod:`crossline.calls.content`).

Campaign calls draw their randomness from a counter-based hash of (campaign, call
number), background traffic from a generator seeded per chunk: the same seed and
chunk size always give the same rows.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from crossline.calls.synthetic_chunk import (
    _Chunk,
)
from crossline.calls.synthetic_world import (
    Entry,
    GroundTruth,
    PlantedCampaign,
    SyntheticConfig,
    _World,
)
from crossline.errors import ValidationError

__all__ = ["GroundTruth", "PlantedCampaign", "SyntheticConfig", "generate", "generate_into_store"]


def generate(config: SyntheticConfig, out_dir: Path, import_id: str = "synthetic") -> GroundTruth:
    """Write synthetic CDR parts, the truth file and ``campaigns.json`` under ``out_dir``.

    Returns where everything went. Files: ``cdr-NNNN.parquet`` (stored schema),
    ``truth.parquet`` (``call_id``, ``campaign`` for every planted call).
    """
    world = _World(config)
    out_dir.mkdir(parents=True, exist_ok=True)
    chunks = max(1, math.ceil(config.rows / config.chunk_rows))
    planted = sum(c.calls for c in world.campaigns)
    if planted >= config.rows:
        raise ValidationError(f"{planted} planted calls do not fit in {config.rows} rows")
    background = config.rows - planted
    shares = {
        "subscribers": 0.855,
        "business": 0.09,
        "international": 0.035,
        "roaming": 0.004,
        "withheld": 0.015,
        "pbx": 0.001,
    }
    files: list[Path] = []
    truth_path = out_dir / "truth.parquet"
    first_row = 0
    with pq.ParquetWriter(
        truth_path, pa.schema([("call_id", pa.string()), ("campaign", pa.string())])
    ) as truth_writer:
        for ci in range(chunks):
            rng = np.random.default_rng([config.seed, ci])
            chunk = _Chunk(world, rng)
            lo_bg = background * ci // chunks
            hi_bg = background * (ci + 1) // chunks
            m = hi_bg - lo_bg
            counts = {k: int(m * v) for k, v in shares.items()}
            counts["subscribers"] += m - sum(counts.values())
            chunk.subscribers(counts["subscribers"])
            chunk.subscribers(counts["withheld"], withheld=True)
            chunk.businesses(counts["business"])
            chunk.businesses(counts["pbx"], invalid_pbx=True)
            chunk.international(counts["international"])
            chunk.roaming(counts["roaming"])
            for k, c in enumerate(world.campaigns):
                chunk.campaign(k, c.calls * ci // chunks, c.calls * (ci + 1) // chunks)
            table, truth = chunk.table(first_row, import_id)
            first_row += table.num_rows
            path = out_dir / f"cdr-{ci:04d}.parquet"
            pq.write_table(table, path, compression="zstd", row_group_size=1_000_000)
            truth_writer.write_table(truth)
            files.append(path)
    (out_dir / "campaigns.json").write_text(
        json.dumps([c.to_dict() for c in world.campaigns], indent=1, default=str)
    )
    return GroundTruth(tuple(files), truth_path, tuple(world.campaigns), first_row)


def generate_into_store(store: object, config: SyntheticConfig) -> GroundTruth:
    """Generate into a calls store: CDR parts join ``cdr/``, truth stays in ``synthetic/``.

    The import manifest records the run as ``kind = 'synthetic'`` so nobody mistakes
    it for real traffic; generating the same seed and size twice is a no-op.
    """
    from crossline.calls.store import CallsStore
    from crossline.domain import make_id

    assert isinstance(store, CallsStore)
    key = f"{config.seed}:{config.rows}:{config.days}:{config.campaign_count()}"
    import_id = make_id("synthetic-cdr", key)
    out = store.root / "synthetic" / import_id
    con = store.connect()
    try:
        if store.find_import(con, "synthetic", key):
            campaigns = json.loads((out / "campaigns.json").read_text())
            return GroundTruth(
                tuple(sorted(store.cdr_dir.glob(f"{import_id}-*.parquet"))),
                out / "truth.parquet",
                tuple(
                    PlantedCampaign(
                        **{
                            **c,
                            "entries": tuple(Entry(**e) for e in c["entries"]),
                            "target_prefixes": tuple(c["target_prefixes"]),
                            "caller_numbers": tuple(c["caller_numbers"]),
                        }
                    )
                    for c in campaigns
                ),
                config.rows,
            )
        truth = generate(config, out, import_id=import_id)
        store.cdr_dir.mkdir(parents=True, exist_ok=True)
        moved = []
        for part in truth.cdr_files:
            target = store.cdr_dir / f"{import_id}-{part.name}"
            part.replace(target)
            moved.append(target)
        store.record_import(
            con,
            {
                "import_id": import_id,
                "kind": "synthetic",
                "source": f"synthetic-{config.seed}",
                "path": str(out),
                "sha256": key,
                "rows_in": truth.rows,
                "stored": truth.rows,
                "quarantined": 0,
                "duplicates": 0,
                "imported_at": datetime.now(UTC),
                "details": {
                    "config": {**asdict(config), "start": config.start.isoformat()},
                    "campaigns": len(truth.campaigns),
                },
            },
        )
        return GroundTruth(tuple(moved), truth.truth_file, truth.campaigns, truth.rows)
    finally:
        con.close()
