"""Human names for script clusters, from the phrases that set each cluster apart.

A script cluster's id (``script-03e6d001-3da9``) tells an analyst nothing. Its name is
built from the n-grams (1-3 words) its transcripts share and the other clusters do not:
TF-IDF with the clusters as documents, the term frequency being the share of a cluster's
transcripts that say the phrase (a phrase one caller repeats ten times is not the
script). Stopwords are dropped at the edges of a phrase; brands and agencies are kept
and come first, because they are what an analyst recognises ("Amazon iPhone 11 order
authorisation"). The result is deterministic: ties break on the phrase itself.

:func:`refresh_script_names` stores each name in the script indicator's ``meta``
(``name``); the id stays the value, so links and lookups are unchanged.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, or_, select

from crossline.store.repository import Store
from crossline.store.schema import indicators, reports, sightings

MAX_WORDS = 4
MAX_NGRAM = 3
MIN_SHARE = 0.3  # a phrase fewer than 30% of a cluster's transcripts say is not its script

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]|[0-9]+")

# Function words and robocall boilerplate: they name no campaign.
_STOPWORD_TEXT = """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our
    ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself hello hi hey
    call calling called press one two please thank thanks today now get got going know
    like also may might must let us okay ok im i'm it's you're we're that's don't dont
    this is regarding number phone back again information message immediately soon
    possible as well just give hear line speak talk reach receive received kind feel
    finally really great awesome otherwise following carefully details ahead go want
    need make sure able would've there's we've you've going gonna yes yeah sir madam
    dear customer
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

JOINERS = frozenset({"of", "and", "for"})

# Brands and agencies fraudsters impersonate: kept even where short or common, and named
# first, each with the casing analysts know.
_BRAND_TEXT = """
    Amazon Apple iPhone iPad Microsoft Windows Google PayPal Walmart Visa Mastercard
    Netflix eBay Costco Target Verizon AT&T Comcast Xfinity Spectrum DirecTV IRS SSA FBI
    DEA FTC DHS ICE USCIS Medicare Medicaid Treasury Marshals RBI SBI HDFC ICICI Paytm
    PhonePe UIDAI Aadhaar TRAI CBI FedEx DHL UPS USPS Publishers Clearing Bitcoin
    Coinbase Chase Wells Fargo Citibank Discover Marriott Navient SEDEX AirPods MacBook
    DirectTV Xfinity COVID-19
"""
BRANDS = {w.lower(): w for w in _BRAND_TEXT.split()}
# Agencies spelled out: recognised as one brand phrase.
BRAND_PHRASES = ("social security", "customs and border", "federal trade commission")


def _tokens(text: str) -> list[str]:
    return [w.replace("’", "'") for w in WORD.findall(text or "")]


def _phrases(words: list[str]) -> set[tuple[str, ...]]:
    """Lower-cased n-grams of a transcript that may name it.

    No stopword at either edge and only a joining word ("of", "and") inside; no
    number on its own ("11" names nothing, "iPhone 11" does).
    """
    low = [w.lower() for w in words]
    out: set[tuple[str, ...]] = set()
    for n in range(1, MAX_NGRAM + 1):
        for i in range(len(low) - n + 1):
            gram = tuple(low[i : i + n])
            if any(_stop(w) for w in (gram[0], gram[-1])):
                continue
            if any(_stop(w) and w not in JOINERS for w in gram[1:-1]):
                continue
            if gram[0].isdigit() or any(
                w.isdigit() and (prev.isdigit() or _stop(prev))
                for prev, w in zip(gram, gram[1:], strict=False)
            ):
                continue
            if n == 1 and len(gram[0]) < 3 and gram[0] not in BRANDS:
                continue
            out.add(gram)
    return out


def _stop(word: str) -> bool:
    return word in STOPWORDS and word not in BRANDS


def _surface(
    docs: Sequence[str],
) -> dict[str, str]:
    """The casing each word most often has in the cluster (ties: the first in sort order)."""
    forms: dict[str, Counter[str]] = {}
    for text in docs:
        for w in _tokens(text):
            forms.setdefault(w.lower(), Counter())[w] += 1
    return {
        low: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for low, c in forms.items()
    }


def _display(gram: tuple[str, ...], surface: Mapping[str, str]) -> str:
    words = []
    for w in gram:
        if w in BRANDS:
            words.append(BRANDS[w])
            continue
        form = surface.get(w, w)
        # Keep a word's own mixed or upper case (acronyms, "iPhone"); else lower case.
        words.append(
            form if (form.isupper() and len(form) > 1) or form[1:] != form[1:].lower() else w
        )
    return " ".join(words)


def _is_brand(gram: tuple[str, ...]) -> bool:
    return any(w in BRANDS for w in gram) or " ".join(gram) in BRAND_PHRASES


def name_clusters(clusters: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """A human name for each cluster (id -> its transcripts), distinct against the others.

    Returns ``""`` for a cluster with nothing distinctive to say (callers keep the id).
    """
    shares: dict[str, dict[tuple[str, ...], float]] = {}
    df: Counter[tuple[str, ...]] = Counter()
    for cid, docs in clusters.items():
        counts: Counter[tuple[str, ...]] = Counter()
        for text in docs:
            counts.update(_phrases(_tokens(text)))
        total = max(1, len(docs))
        shares[cid] = {g: n / total for g, n in counts.items()}
        df.update(counts.keys())
    n_docs = len(clusters)
    names: dict[str, str] = {}
    for cid, docs in sorted(clusters.items()):
        scored = []
        for gram, share in shares[cid].items():
            if share < MIN_SHARE and not (_is_brand(gram) and share > 0):
                continue
            if n_docs > 1 and df[gram] == n_docs:
                continue  # every cluster says it: it sets none apart
            idf = math.log((1 + n_docs) / (1 + df[gram])) + 1.0
            weight = share * idf * (1 + 0.35 * (len(gram) - 1))
            if _is_brand(gram):
                weight *= 1.6
            scored.append((-weight, gram))
        scored.sort()
        chosen: list[tuple[str, ...]] = []
        used: set[str] = set()
        words = 0
        for _w, gram in scored:
            if words >= MAX_WORDS:
                break
            if any(w in used for w in gram) or words + len(gram) > MAX_WORDS:
                continue
            chosen.append(gram)
            used.update(gram)
            words += len(gram)
        # Brands lead (what the caller pretends to be), then the rest by weight.
        chosen.sort(key=lambda g: 0 if _is_brand(g) else 1)
        surface = _surface(docs)
        name = " ".join(_display(g, surface) for g in chosen)
        names[cid] = name[:1].upper() + name[1:] if name else ""
    return names


def refresh_script_names(store: Store, kind: str = "script") -> int:
    """Name every script cluster from its members' transcripts; return how many changed.

    Names depend on the other clusters (TF-IDF), so all of them are recomputed together.
    First/last seen are set from the members' dates on the way.
    """
    s, i, r = sightings.c, indicators.c, reports.c
    q = (
        select(i.id, i.meta, r.text)
        .join(sightings, s.indicator_id == i.id)
        .join(reports, r.id == s.report_id)
        .where(i.kind == kind)
        .order_by(i.id, r.id)
    )
    docs: dict[str, list[str]] = {}
    metas: dict[str, dict[str, Any]] = {}
    with store.read() as conn:
        for iid, meta, text in conn.execute(q):
            docs.setdefault(iid, []).append(text or "")
            metas[iid] = dict(meta or {})
    names = name_clusters(docs)
    changed = 0
    with store.transaction() as conn:
        for iid, name in sorted(names.items()):
            if metas[iid].get("name") == (name or None):
                continue
            meta = {**metas[iid], "name": name or None}
            conn.execute(indicators.update().where(i.id == iid).values(meta=meta))
            changed += 1
        _data_time(conn, kind)
    return changed


def _data_time(conn: Any, kind: str) -> None:
    """First/last seen of every script from its reports' own dates (None when none is
    dated): a store written before scripts were dated this way carried import times."""
    s, i, r = sightings.c, indicators.c, reports.c
    spans = (
        select(
            s.indicator_id.label("iid"),
            func.min(r.seen_at).label("first"),
            func.max(r.seen_at).label("last"),
        )
        .join(reports, r.id == s.report_id)
        .join(indicators, i.id == s.indicator_id)
    )
    spans = spans.where(i.kind == kind).group_by(s.indicator_id)
    for iid, first, last in conn.execute(spans).all():
        conn.execute(
            indicators.update()
            .where(i.id == iid)
            .where(
                or_(
                    i.first_seen.is_distinct_from(first),
                    i.last_seen.is_distinct_from(last),
                )
            )
            .values(first_seen=first, last_seen=last)
        )
