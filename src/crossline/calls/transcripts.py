"""Transcript campaigns: script similarity plus callback numbers, and how to measure them.

:func:`transcript_campaigns` joins two link types over robocall transcripts:
``content`` (near-duplicate scripts, :mod:`crossline.calls.content`) and
``callback`` (the same callback number spoken in both, digits normalised here; the
public phone extraction lives in :mod:`crossline.indicators`). Each link keeps its
method and score, so an analyst sees why two calls are one campaign.

:func:`evaluate_ftc` measures the clustering on the FTC robocall transcripts
(``../shared/data/ftc-robocall-transcripts``) with what is available without the
held-back labels: cluster sizes against the "largest cluster <= 1/10" bound, pair
agreement with two independent near-duplicate tests (cut-off substring, word
3-gram Jaccard) and with the FTC campaign tags embedded in some file names.
"""

from __future__ import annotations

import csv
import itertools
import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from crossline.calls.content import (
    ContentLink,
    ContentParams,
    content_clusters,
    normalize_transcript,
)
from crossline.calls.graph import capped_single_linkage
from crossline.errors import IngestError, UnreadableFileError

# a NANP number once spoken digits are joined: optional 1, NPA, NXX, line
_CALLBACK = re.compile(r"(?<![0-9])1?([2-9][0-9]{2}[2-9][0-9]{6})(?![0-9])")
_TAG = re.compile(r"Robocall__(.+?)\.wav$")


def callback_numbers(text: str) -> list[str]:
    """NANP callback numbers spoken or written in a transcript, as +1 E.164 strings."""
    return sorted({f"+1{m}" for m in _CALLBACK.findall(normalize_transcript(text))})


@dataclass(frozen=True, slots=True)
class TranscriptCampaigns:
    """Clusters over transcripts: a label per item and the links that hold each together."""

    ids: tuple[str, ...]
    labels: np.ndarray
    links: list[ContentLink]

    def groups(self) -> list[list[str]]:
        by: dict[int, list[str]] = defaultdict(list)
        for item_id, label in zip(self.ids, self.labels.tolist(), strict=True):
            by[label].append(item_id)
        return sorted((sorted(g) for g in by.values() if len(g) > 1), key=lambda g: (-len(g), g))


def transcript_campaigns(
    items: Sequence[tuple[str, str]],
    params: ContentParams | None = None,
    *,
    callbacks: bool = True,
) -> TranscriptCampaigns:
    """Cluster transcripts by script and (optionally) by shared callback numbers.

    A callback link counts as strong as an exact script match (score 1.0): the same
    staffed number is the same operation. The size cap of the content clustering
    applies to the union as well.
    """
    params = params or ContentParams()
    content = content_clusters(items, params)
    ids = tuple(i for i, _ in items)
    pos = {item_id: k for k, item_id in enumerate(ids)}
    a = [pos[link.a] for link in content.links]
    b = [pos[link.b] for link in content.links]
    score = [link.score for link in content.links]
    methods = [link.method for link in content.links]
    if callbacks:
        by_number: dict[str, list[int]] = defaultdict(list)
        for k, (_, text) in enumerate(items):
            for number in callback_numbers(text or ""):
                by_number[number].append(k)
        for number, members in sorted(by_number.items()):
            for x, y in itertools.pairwise(members):  # a chain is enough to connect them
                a.append(x)
                b.append(y)
                score.append(1.0)
                methods.append(f"callback:{number}")
    forest = capped_single_linkage(
        len(ids),
        np.array(a, dtype=np.int64),
        np.array(b, dtype=np.int64),
        np.array(score, dtype=np.float64),
        params.cap(len(ids)),
    )
    links = []
    for e in forest.kept.tolist():
        left, right = sorted((ids[a[e]], ids[b[e]]))
        links.append(ContentLink(left, right, float(score[e]), methods[e]))
    links.sort(key=lambda link: (link.a, link.b))
    return TranscriptCampaigns(ids, forest.labels, links)


def read_transcripts(
    path: Path, id_column: str | None = None, text_column: str | None = None
) -> list[tuple[str, str]]:
    """(id, transcript) pairs from a CSV; columns default to the FTC metadata layout."""
    if not path.is_file():
        raise UnreadableFileError(f"{path}: no such file")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        names = reader.fieldnames or []
        idc = id_column or next((n for n in ("file_name", "id", "report_id") if n in names), None)
        txt = text_column or next((n for n in ("transcript", "text") if n in names), None)
        if idc is None or txt is None:
            raise IngestError(
                f"{path}: need an id column and a transcript column; header has {', '.join(names)}"
            )
        return [(row[idc], row[txt] or "") for row in reader]


def weak_tag(file_name: str) -> str | None:
    """FTC campaign tag embedded in some file names (``..._Robocall__SSA-Suspended.wav``).

    Part suffixes (``-P1``) and the ``__GovtImpers_`` marker are dropped, so the parts
    of one recording share a tag.
    """
    m = _TAG.search(file_name)
    if not m:
        return None
    tag = re.sub(r"__GovtImpers_$", "", m.group(1))
    return re.sub(r"-P\d+$", "", tag)


def _substring_pairs(norm: Sequence[str], min_chars: int = 40) -> set[tuple[int, int]]:
    """Pairs where one transcript, minus its first and last word, lies inside the other."""
    pairs = set()
    for i, s in enumerate(norm):
        words = s.split(" ")
        core = " ".join(words[1:-1]) if len(words) > 4 else ""
        if len(core) < min_chars:
            continue
        for j, other in enumerate(norm):
            if i != j and core in other:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _word_jaccard_pairs(norm: Sequence[str], threshold: float = 0.6) -> set[tuple[int, int]]:
    grams = [set(zip(w, w[1:], w[2:], strict=False)) for w in (s.split() for s in norm)]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for k, g in enumerate(grams):
        for gram in g:
            index[gram].append(k)
    shared: Counter[tuple[int, int]] = Counter()
    for members in index.values():
        if len(members) <= 300:  # boilerplate trigrams say nothing about the script
            for pair in itertools.combinations(members, 2):
                shared[pair] += 1
    return {
        (a, b)
        for (a, b), n in shared.items()
        if n / (len(grams[a]) + len(grams[b]) - n) >= threshold
    }


@dataclass(frozen=True, slots=True)
class TranscriptEval:
    """What can be measured on real transcripts without the held-back clusters."""

    transcripts: int
    clusters: int
    singletons: int
    largest: int
    largest_allowed: int
    pairs_in_clusters: int
    proxy_recall: dict[str, float]
    tag_pairs: dict[str, int]
    links_by_method: dict[str, int]
    samples: list[list[str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def evaluate_ftc(
    items: Sequence[tuple[str, str]],
    params: ContentParams | None = None,
    *,
    callbacks: bool = True,
    samples: int = 5,
    seed: int = 5,
) -> TranscriptEval:
    """Cluster ``items`` and measure the result (see the module docstring)."""
    result = transcript_campaigns(items, params, callbacks=callbacks)
    labels = result.labels
    sizes = np.bincount(labels) if len(labels) else np.zeros(0, dtype=np.int64)
    norm = [normalize_transcript(t or "") for _, t in items]
    proxies = {
        "cut_off_substring": _substring_pairs(norm),
        "word3_jaccard": _word_jaccard_pairs(norm),
    }
    proxy_recall = {
        name: round(sum(labels[a] == labels[b] for a, b in pairs) / len(pairs), 4) if pairs else 1.0
        for name, pairs in proxies.items()
    }
    tags = [weak_tag(i) for i, _ in items]
    tagged = [k for k, t in enumerate(tags) if t]
    same_tag_together = same_tag_apart = other_tag_together = 0
    for x, y in itertools.combinations(tagged, 2):
        together = labels[x] == labels[y]
        if tags[x] == tags[y]:
            same_tag_together += int(together)
            same_tag_apart += int(not together)
        else:
            other_tag_together += int(together)
    methods = Counter(link.method.split(":")[0] for link in result.links)
    rng = random.Random(seed)
    groups = result.groups()
    picked = rng.sample(groups, min(samples, len(groups)))
    sample_text = [
        [dict(items)[member][:90] for member in rng.sample(g, min(3, len(g)))] for g in picked
    ]
    n = len(items)
    return TranscriptEval(
        transcripts=n,
        clusters=int((sizes > 1).sum()),
        singletons=int((sizes == 1).sum()),
        largest=int(sizes.max()) if len(sizes) else 0,
        largest_allowed=n // 10,
        pairs_in_clusters=int((sizes * (sizes - 1) // 2).sum()),
        proxy_recall=proxy_recall,
        tag_pairs={
            "same_tag_together": same_tag_together,
            "same_tag_apart": same_tag_apart,
            "different_tags_together": other_tag_together,
        },
        links_by_method=dict(sorted(methods.items())),
        samples=sample_text,
    )


def read_dnc_numbers(folder: Path) -> Counter[str]:
    """Complaint counts per number in the FTC Do-Not-Call reported-calls files (``*.json``).

    Each file is a JSON array of 10-digit NANP numbers, one element per complaint.
    """
    import json

    counts: Counter[str] = Counter()
    files = sorted(folder.glob("*.json"))
    if not files:
        raise UnreadableFileError(f"{folder}: no *.json files of DNC reported numbers")
    for path in files:
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise UnreadableFileError(f"{path}: not JSON ({exc})") from exc
        if not isinstance(values, list):
            raise UnreadableFileError(f"{path}: expected a JSON array of numbers")
        for value in values:
            digits = re.sub(r"[^0-9]", "", str(value))
            if len(digits) == 10:
                counts[f"+1{digits}"] += 1
            elif len(digits) == 11 and digits.startswith("1"):
                counts[f"+{digits}"] += 1
    return counts


def complaint_matches(
    items: Sequence[tuple[str, str]], result: TranscriptCampaigns, complaints: Counter[str]
) -> list[dict[str, Any]]:
    """Transcript campaigns whose spoken callback numbers were also complained about.

    Each row is one (campaign, number) join: how many transcripts of the campaign speak
    the number and how many complaints name it. This is the join the campaign graph
    makes between robocall content and complaint data.
    """
    label_of = dict(zip(result.ids, result.labels.tolist(), strict=True))
    members: dict[int, list[str]] = defaultdict(list)
    for item_id, label in label_of.items():
        members[label].append(item_id)
    spoken: dict[tuple[int, str], int] = Counter()
    for item_id, text in items:
        for number in callback_numbers(text or ""):
            spoken[(label_of[item_id], number)] += 1
    rows = [
        {
            "campaign_size": len(members[label]),
            "example": sorted(members[label])[0],
            "number": number,
            "transcripts_speaking_it": n,
            "complaints": complaints[number],
        }
        for (label, number), n in spoken.items()
        if complaints.get(number)
    ]
    return sorted(rows, key=lambda r: (-r["complaints"], r["number"]))
