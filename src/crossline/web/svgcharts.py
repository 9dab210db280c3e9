"""Charts drawn on the server as SVG: weekly trends by scam type, victims by state.

Server-rendered so they show with scripts off, print, and carry their numbers for
assistive technology (each mark has a ``<title>``; every chart has a table next to
it on the page). Every string placed in the SVG is escaped.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

# Distinct at AA contrast against white (bars and the legend's swatches).
PALETTE = ("#1d4ed8", "#c2410c", "#047857", "#7e22ce", "#b91c1c", "#0e7490", "#a16207", "#475569")
# Sequential blues for the map, lightest = fewest; "no reports" is a neutral grey.
SHADES = ("#dbeafe", "#93c5fd", "#3b82f6", "#1d4ed8", "#1e3a8a")
EMPTY = "#eef1f5"

# Names the readers may store for Indian states, folded onto the map's ids.
IN_ALIASES = {
    "orissa": "or",
    "pondicherry": "py",
    "nct of delhi": "dl",
    "new delhi": "dl",
    "delhi (nct)": "dl",
    "telengana": "tg",
    "uttaranchal": "ut",
    "ladakh": "jk",  # the shipped map predates the 2019 reorganisation
    "jammu & kashmir": "jk",
    "andaman & nicobar islands": "an",
    "dadra and nagar haveli and daman and diu": "dn",  # merged in 2020
    "dadra & nagar haveli": "dn",
    "daman & diu": "dd",
    "chattisgarh": "ct",
}


def type_name(label: str) -> str:
    """A scam type as people write it ("tech_support" -> "Tech support")."""
    text = label.replace("_", " ")
    return text[:1].upper() + text[1:]


def weekly_bars(trend: dict[str, Any], *, title: str) -> Markup:
    """Stacked bars: reports per week, one colour per scam type, with a legend."""
    weeks: list[str] = trend.get("weeks") or []
    series: dict[str, list[int]] = trend.get("series") or {}
    if not weeks or not series:
        return Markup("")
    width, height, left, bottom, top = 960, 220, 36, 28, 8
    plot_w, plot_h = width - left - 8, height - bottom - top
    totals = [sum(v[k] for v in series.values()) for k in range(len(weeks))]
    peak = max(max(totals), 1)
    step = plot_w / len(weeks)
    bar = max(step * 0.78, 1.0)
    parts = [
        f'<svg class="chart-svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="trend-title" preserveAspectRatio="xMinYMin meet">',
        f'<title id="trend-title">{escape(title)}</title>',
    ]
    for frac in (0.0, 0.5, 1.0):  # gridlines with their values
        y = top + plot_h * (1 - frac)
        parts.append(
            f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" class="axis" text-anchor="end">'
            f"{round(peak * frac)}</text>"
        )
    colours = {t: PALETTE[k % len(PALETTE)] for k, t in enumerate(series)}
    for k, monday in enumerate(weeks):
        x = left + k * step + (step - bar) / 2
        base = top + plot_h
        for t, values in series.items():
            n = values[k]
            if not n:
                continue
            h = plot_h * n / peak
            base -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colours[t]}"><title>{escape(type_name(t))}, week of {monday}: '
                f"{n}</title></rect>"
            )
        if k % max(1, len(weeks) // 6) == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 10}" class="axis">{escape(monday[5:])}</text>'
            )
    parts.append("</svg>")
    legend = "".join(f"<li>{swatch(c)}{escape(type_name(t))}</li>" for t, c in colours.items())
    return Markup("".join(parts) + f'<ul class="chart-legend">{legend}</ul>')


def swatch(colour: str) -> Markup:
    """A small colour key (an SVG square: the CSP forbids inline style attributes)."""
    return Markup(
        '<svg class="swatch-svg" width="10" height="10" aria-hidden="true">'
        f'<rect width="10" height="10" fill="{colour}"/></svg>'
    )


def map_legend() -> Markup:
    """The map's shades, fewest to most victims."""
    items = [f"<li>{swatch(EMPTY)}none</li>"]
    items += [f"<li>{swatch(c)}</li>" for c in SHADES]
    return Markup(f'<ul class="chart-legend map-legend">{"".join(items)}<li>most</li></ul>')


@cache
def _map(country: str) -> dict[str, Any]:
    name = {"US": "us_states.json", "IN": "in_states.json"}[country]
    data: dict[str, Any] = json.loads(
        (resources.files("crossline.web") / "maps" / name).read_text()
    )
    return data


@cache
def _ids_by_name(country: str) -> dict[str, str]:
    out = {s["name"].lower(): sid for sid, s in _map(country)["states"].items()}
    out.update({sid.lower(): sid for sid in _map(country)["states"]})
    if country == "IN":
        out.update(IN_ALIASES)
    return out


def state_id(country: str, state: str | None) -> str | None:
    """The map's id of a stored state name or code (None when the map has no such state)."""
    if not state or country not in ("US", "IN"):
        return None
    key = " ".join(state.strip().lower().split())
    return _ids_by_name(country).get(key)


def state_counts(places: list[dict[str, Any]], country: str) -> dict[str, dict[str, int]]:
    """Reports and victims per map state (places with an unknown state are left out)."""
    out: dict[str, dict[str, int]] = {}
    for p in places:
        if (p.get("country") or "") != country:
            continue
        sid = state_id(country, p.get("state"))
        if sid is None:
            continue
        slot = out.setdefault(sid, {"reports": 0, "victims": 0})
        slot["reports"] += int(p.get("reports") or 0)
        slot["victims"] += int(p.get("victims") or 0)
    return out


def state_name(country: str, sid: str) -> str:
    return str(_map(country)["states"][sid]["name"])


def state_map(country: str, counts: dict[str, dict[str, int]], *, title: str) -> Markup:
    """A choropleth of victims per state (five shades, by share of the busiest state)."""
    geo = _map(country)
    peak = max((c["victims"] for c in counts.values()), default=0) or 1
    parts = [
        f'<svg class="map-svg" viewBox="{geo["viewBox"]}" role="img" '
        f'aria-labelledby="map-title-{country}"><title id="map-title-{country}">'
        f"{escape(title)}</title>"
    ]
    for sid, state in sorted(geo["states"].items()):
        c = counts.get(sid)
        fill = EMPTY
        label = f"{state['name']}: no reports"
        if c:
            shade = min(len(SHADES) - 1, int(len(SHADES) * c["victims"] / (peak + 1e-9)))
            fill = SHADES[shade]
            label = f"{state['name']}: {c['victims']} victims, {c['reports']} reports"
        parts.append(
            f'<path d="{state["path"]}" fill="{fill}" data-state="{escape(sid)}">'
            f"<title>{escape(label)}</title></path>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
