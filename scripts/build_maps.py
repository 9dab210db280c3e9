"""Build the offline state maps of the web app from their npm packages.

    npm pack us-atlas@3.0.1 @svg-maps/india@2.0.0
    python scripts/build_maps.py us-atlas-3.0.1.tgz svg-maps-india-2.0.0.tgz

Writes ``src/crossline/web/maps/{us,in}_states.json``: one absolute SVG path per state
(coordinates rounded to whole px, points closer than MIN_STEP px to the last kept one
dropped), with each package's licence next to them. Run at build time only; the node
never fetches a map.
"""

from __future__ import annotations

import json
import re
import sys
import tarfile
from pathlib import Path
from typing import Any

from crossline.ingest.values import US_STATES

OUT = Path(__file__).resolve().parents[1] / "src" / "crossline" / "web" / "maps"
MIN_STEP = 2.0


def _ring_path(points: list[tuple[float, float]]) -> str:
    kept: list[tuple[float, float]] = []
    for x, y in points:
        if kept and abs(x - kept[-1][0]) + abs(y - kept[-1][1]) < MIN_STEP:
            continue
        kept.append((x, y))
    if len(kept) < 3:
        return ""
    head, *rest = kept
    return f"M{head[0]:.0f} {head[1]:.0f}" + "".join(f"L{x:.0f} {y:.0f}" for x, y in rest) + "Z"


def us_states(topo: dict[str, Any]) -> dict[str, Any]:
    """TopoJSON (pre-projected Albers, 975x610) -> {fips: {name, path}}."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for k in indices:
            pts = arcs[k] if k >= 0 else list(reversed(arcs[~k]))
            out.extend(pts[1:] if out else pts)
        return out

    states = {}
    for geom in topo["objects"]["states"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        path = "".join(_ring_path(ring(r)) for poly in polys for r in poly)
        name = geom["properties"]["name"]
        # Keyed by USPS code: what the readers store as the victim's state.
        states[US_STATES[name.lower()]] = {"name": name, "fips": geom["id"], "path": path}
    return {"viewBox": "0 0 975 610", "states": states}


TOKEN = re.compile(r"[MmLlZz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")


def _absolute_rings(d: str) -> list[list[tuple[float, float]]]:
    """SVG path data using only M/m, L/l, Z/z -> absolute rings."""
    rings: list[list[tuple[float, float]]] = []
    cmd, x, y, start = "M", 0.0, 0.0, (0.0, 0.0)
    nums: list[float] = []
    for tok in TOKEN.findall(d):
        if tok in "MmLlZz":
            cmd = tok
            if tok in "Zz":
                x, y = start
            continue
        nums.append(float(tok))
        if len(nums) < 2:
            continue
        dx, dy = nums
        nums = []
        if cmd in "Mm":
            x, y = (x + dx, y + dy) if cmd == "m" else (dx, dy)
            start = (x, y)
            rings.append([(x, y)])
            cmd = "l" if cmd == "m" else "L"  # later pairs are line-tos
        else:
            x, y = (x + dx, y + dy) if cmd == "l" else (dx, dy)
            rings[-1].append((x, y))
    return rings


def in_states(svg: str) -> dict[str, Any]:
    """@svg-maps/india's SVG -> {id: {name, path}}."""
    states = {}
    for sid, name, d in re.findall(
        r'<path\s+id="([^"]+)"\s+aria-label="([^"]+)"\s+d="([^"]+)"', svg
    ):
        states[sid] = {"name": name, "path": "".join(_ring_path(r) for r in _absolute_rings(d))}
    box = re.search(r'viewBox="([^"]+)"', svg)
    return {"viewBox": box.group(1) if box else "0 0 612 696", "states": states}


def main(us_tgz: str, in_tgz: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tarfile.open(us_tgz) as tar:
        topo = json.load(tar.extractfile("package/states-albers-10m.json"))  # type: ignore[arg-type]
        (OUT / "us-atlas.LICENSE.txt").write_bytes(tar.extractfile("package/LICENSE").read())  # type: ignore[union-attr]
    with tarfile.open(in_tgz) as tar:
        svg = tar.extractfile("package/india.svg").read().decode()  # type: ignore[union-attr]
        (OUT / "svg-maps-india.LICENSE.md").write_bytes(
            tar.extractfile("package/LICENSE.md").read()  # type: ignore[union-attr]
        )
    for name, data in (("us_states.json", us_states(topo)), ("in_states.json", in_states(svg))):
        (OUT / name).write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
        print(name, len(data["states"]), "states", (OUT / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main(*sys.argv[1:3])
