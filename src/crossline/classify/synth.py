"""Seeded generator of Indian-scenario messages in Hindi, Hinglish and Indian English.

The public corpora are mostly US/UK English. Indian fraud reaches victims in Hindi
(Devanagari), Hinglish (Hindi in Latin letters) and Indian English, with schemes
the US data barely has (digital arrest, KYC expiry, electricity-bill disconnection,
part-time "task" jobs, loan apps, KBC lottery). These templates, modelled on the
public advisories of CERT-In, I4C and the RBI, give every label examples in those
languages, plus a few English ones for labels the public data lacks (family
emergency, romance, jobs, investment).

Every template has an id; a template's renderings stay in one split so that
evaluation never sees a template it was trained on. Same seed, same output.
"""

from __future__ import annotations

import random
import re

from crossline.classify.sources import Example
from crossline.classify.synth_templates import FILLERS as _F
from crossline.classify.synth_templates import TEMPLATES as _T

_SLOT = re.compile(r"\{(\w+)\}")
_CHOICE = re.compile(r"\[\[(.+?)\]\]")
# Light noise so renderings of one template differ the way real messages do.
_PREFIX = ("", "", "", "Dear Customer, ", "URGENT: ", "Alert! ", "Namaste, ")


def _render(rng: random.Random, text: str) -> str:
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), text)
    text = _SLOT.sub(lambda m: rng.choice(_F[m.group(1)]), text)
    if rng.random() < 0.3:
        text = rng.choice(_PREFIX) + text
    if rng.random() < 0.2:
        text = text.lower()
    if rng.random() < 0.15:
        text = text.upper()
    if rng.random() < 0.2:  # truncated message, as in screenshots and ASR
        words = text.split()
        text = " ".join(words[: max(6, int(len(words) * rng.uniform(0.5, 0.9)))])
    return text


def generate(seed: int = 20240401, per_template: int = 12) -> list[Example]:
    """``per_template`` renderings of every template, deterministic for a given seed."""
    rng = random.Random(seed)
    out: list[Example] = []
    for tid, label, text in _T:
        seen: set[str] = set()
        for k in range(per_template * 3):
            if len(seen) >= per_template:
                break
            rendered = _render(rng, text)
            if rendered in seen:
                continue
            seen.add(rendered)
            out.append(
                Example(
                    rendered, label, "synthetic", True, f"{tid}#{k}", template=tid, hint="synthetic"
                )
            )
    return out


def template_ids() -> tuple[str, ...]:
    """Every template id, in order."""
    return tuple(t[0] for t in _T)
