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
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from crossline.calls import numbering
from crossline.calls.schema import ARROW_SCHEMA
from crossline.calls.spoofing import load_protected
from crossline.errors import ValidationError

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
SUBSCRIBER_CARRIERS = (
    "NorthStar Mobile",
    "Lakeside Telecom",
    "Prairie Bell",
    "Summit Wireless",
    "Harbor Fiber",
    "Redwood Tel",
    "Granite Mobile",
    "Bayview Communications",
)
ENTERPRISE_CARRIERS = ("CloudVox", "TrunkWorks", "DialStream", "VoIPly")
GATEWAYS = ("Meridian Gateway", "Oceanic Transit", "Globe Interconnect", "Atlas Wholesale")
SMALL_VOIP = (
    "QuickDial VoIP",
    "Apex Route",
    "BlueLine SIP",
    "NexaCall",
    "Vantage Voice",
    "Pinnacle IP",
)
CAMPAIGN_ORIGINS = ("IN", "PH", "PK", "BD", "DO", "NG", "GB", "MX")
FOREIGN_CALLER_CC = {"GB": 44, "IN": 91, "MX": 52, "PH": 63, "CN": 86, "DE": 49}
# country codes often seen in one-ring (wangiri) fraud: Mauritania, Tunisia, Belarus,
# Latvia, Serbia, Somalia, and the international networks range
WANGIRI_CC = (222, 216, 375, 371, 381, 252, 882)
TACTICS = ("neighbour", "pool", "neighbour+pool", "protected", "invalid", "one_ring")
_TACTIC_WEIGHTS = (0.34, 0.26, 0.12, 0.1, 0.1, 0.08)
ATTESTATIONS = ("A", "B", "C", "none")
# hourly weights of domestic traffic by UTC hour (US daytime peaks 14:00-02:00 UTC)
_DIURNAL = np.array(
    [5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 11, 11, 11, 11, 10, 10, 9, 8, 6],
    dtype=np.float64,
)
TRUNKS_PER_GATEWAY = 50
TRUNKS_PER_VOIP = 40


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a counter-based hash giving independent-looking uint64s."""
    z = (x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)) & _MASK64
    z = ((z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & _MASK64
    z = ((z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & _MASK64
    return z ^ (z >> np.uint64(31))


def _uniform(idx: np.ndarray, salt: int) -> np.ndarray:
    """Uniform [0, 1) per index, reproducible from (index, salt)."""
    h = _mix(idx.astype(np.uint64) * np.uint64(0x100000001B3) ^ np.uint64(salt & 0xFFFFFFFF))
    return (h >> np.uint64(11)).astype(np.float64) / float(1 << 53)


@dataclass(frozen=True, slots=True)
class SyntheticConfig:
    """Size and shape of a synthetic data set. ``campaigns`` None scales with ``rows``."""

    rows: int = 200_000
    days: int = 3
    seed: int = 7
    campaigns: int | None = None
    campaign_share: float = 0.05
    start: datetime = datetime(2024, 3, 4, tzinfo=UTC)
    chunk_rows: int = 2_000_000

    def campaign_count(self) -> int:
        if self.campaigns is not None:
            return self.campaigns
        return int(min(40, max(6, self.rows // 2_500_000)))


@dataclass(frozen=True, slots=True)
class Entry:
    """Where a planted campaign enters: a carrier's trunk, its attestation and origin."""

    carrier: str
    trunk: str
    attestation: str
    ingress_country: str
    signer: str | None
    origid: str | None


@dataclass(frozen=True, slots=True)
class PlantedCampaign:
    """Ground truth of one planted campaign."""

    id: str
    tactic: str
    calls: int
    start: str
    end: str
    entries: tuple[Entry, ...]
    sweep: bool
    target_prefixes: tuple[int, ...]
    caller_numbers: tuple[int, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["caller_numbers"] = list(self.caller_numbers[:50])
        return d


@dataclass(frozen=True, slots=True)
class GroundTruth:
    """What was generated: the CDR parts, the truth file (call_id -> campaign) and campaigns."""

    cdr_files: tuple[Path, ...]
    truth_file: Path
    campaigns: tuple[PlantedCampaign, ...]
    rows: int


def _valid_prefixes(rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` distinct valid NANP NPA-NXX prefixes (as 1NPANXX), per libphonenumber."""
    found: list[np.ndarray] = []
    have = 0
    while have < count:
        npa = rng.integers(201, 990, 8 * count)
        nxx = rng.integers(200, 1000, 8 * count)
        pre = 1_000_000 + npa * 1000 + nxx
        pre = pre[(nxx % 100 != 11) & (npa % 100 != 11)]
        ok = numbering.valid_numbers(pre * 10_000 + 1234) & numbering.valid_numbers(
            pre * 10_000 + 8765
        )
        found.append(pre[ok])
        have = len(np.unique(np.concatenate(found)))
    uniq = np.unique(np.concatenate(found))
    return rng.permutation(uniq)[:count]


class _World:
    """Everything fixed before rows are drawn: numbers, carriers, trunks, campaigns."""

    def __init__(self, config: SyntheticConfig) -> None:
        if config.rows < 1000:
            raise ValidationError(f"rows must be at least 1000, got {config.rows}")
        if config.days < 1:
            raise ValidationError(f"days must be at least 1, got {config.days}")
        self.config = config
        rng = np.random.default_rng(config.seed)
        self.subscribers = max(2_000, config.rows // 20)
        n_prefix = max(50, math.ceil(self.subscribers / 4_000))
        prefixes = _valid_prefixes(rng, n_prefix + 3_000)
        self.sub_prefixes = prefixes[:n_prefix]
        # exchanges outside the subscriber base: businesses' numbers and rotating pools
        self.pool_prefixes = prefixes[n_prefix:]
        weights = rng.lognormal(0.0, 1.0, self.subscribers)
        self.activity_cdf = np.cumsum(weights) / weights.sum()
        self.sub_carrier = (_mix(np.arange(self.subscribers)) % np.uint64(8)).astype(np.int64)
        self.businesses = max(50, config.rows // 30_000)
        # businesses own numbers in exchanges of their own (the first 100 spare prefixes)
        biz = np.arange(self.businesses)
        self.business_numbers = self.pool_prefixes[biz % 100] * 10_000 + (biz // 100) % 10_000
        self._strings: dict[str, list[str]] = {}
        self.carriers = list(SUBSCRIBER_CARRIERS + ENTERPRISE_CARRIERS + GATEWAYS + SMALL_VOIP)
        self.trunks: list[str] = []
        for c in SUBSCRIBER_CARRIERS:
            self.trunks += [f"{self._code(c)}-core-{k}" for k in range(1, 5)]
        for c in ENTERPRISE_CARRIERS:
            self.trunks += [f"{self._code(c)}-ent-{k:02d}" for k in range(1, 21)]
        for c in GATEWAYS:
            self.trunks += [f"{self._code(c)}-gw-{k:02d}" for k in range(1, TRUNKS_PER_GATEWAY + 1)]
        for c in SMALL_VOIP:
            self.trunks += [f"{self._code(c)}-cust-{k:02d}" for k in range(1, TRUNKS_PER_VOIP + 1)]
        self.trunk_index = {t: i for i, t in enumerate(self.trunks)}
        self.countries = ["US", *sorted(set(CAMPAIGN_ORIGINS) | set(FOREIGN_CALLER_CC))]
        self.protected_us = np.array(
            [p.number for p in load_protected() if p.region == "US" and p.category != "company"],
            dtype=np.int64,
        )
        self.campaigns = self._plan_campaigns(rng)

    @staticmethod
    def _code(carrier: str) -> str:
        return "".join(w[0] for w in carrier.split()).lower() + carrier.split()[0][1:3].lower()

    def number_of(self, ids: np.ndarray) -> np.ndarray:
        """Phone number (E.164 int) of subscriber ids."""
        n_prefix = len(self.sub_prefixes)
        line = ((ids // n_prefix) * 7919) % 10_000
        return self.sub_prefixes[ids % n_prefix] * 10_000 + line

    def _plan_campaigns(self, rng: np.random.Generator) -> list[PlantedCampaign]:
        cfg = self.config
        k = cfg.campaign_count()
        total = int(cfg.rows * cfg.campaign_share)
        ranks = np.arange(1, k + 1, dtype=np.float64)
        sizes = ranks**-0.8
        sizes = np.maximum((sizes / sizes.sum() * total).astype(np.int64), 300)
        gw_trunks = [t for t in self.trunks if "-gw-" in t]
        voip_trunks = [t for t in self.trunks if "-cust-" in t]
        rng.shuffle(gw_trunks)
        rng.shuffle(voip_trunks)
        # like trunks, spoofed agency numbers are not shared between campaigns: on the same
        # day two campaigns presenting the same number could not be told apart from CDRs
        spoofable = list(rng.permutation(self.protected_us))
        out: list[PlantedCampaign] = []
        for i in range(k):
            tactic = str(rng.choice(TACTICS, p=_TACTIC_WEIGHTS))
            n_entries = int(rng.choice([1, 2, 3], p=[0.5, 0.3, 0.2]))
            origin = str(rng.choice(CAMPAIGN_ORIGINS))
            entries = []
            for e in range(n_entries):
                via_gateway = tactic == "one_ring" or rng.random() < 0.6
                trunk = gw_trunks.pop() if via_gateway else voip_trunks.pop()
                carrier = self._carrier_of(trunk)
                if via_gateway:
                    att = "C" if rng.random() < 0.75 else "none"
                    country = origin
                else:
                    att = "B" if rng.random() < 0.75 else "A"
                    country = "US"
                origid = f"{_mix(np.array([cfg.seed * 1000 + i * 10 + e]))[0]:016x}"
                entries.append(
                    Entry(
                        carrier,
                        trunk,
                        att,
                        country,
                        None if att == "none" else carrier,
                        None if att == "none" else origid,
                    )
                )
            span_days = int(rng.integers(1, cfg.days + 1))
            start_day = int(rng.integers(0, cfg.days - span_days + 1))
            start = cfg.start + timedelta(days=start_day)
            end = start + timedelta(days=span_days)
            n_targets = max(1, int(sizes[i]) // 6_000 + 1)
            targets = tuple(int(p) for p in rng.choice(self.sub_prefixes, n_targets, replace=False))
            callers: tuple[int, ...] = ()
            if tactic == "protected" and len(spoofable) < 2:
                tactic = "neighbour"
            if tactic == "protected":
                callers = (int(spoofable.pop()), int(spoofable.pop()))
            elif tactic == "one_ring":
                # wangiri operators bait call-backs to a few hundred premium numbers of
                # their own in one country
                cc = WANGIRI_CC[i % len(WANGIRI_CC)]
                pool = int(rng.integers(50, 400))
                callers = tuple(
                    int(x) for x in cc * 100_000_000 + rng.integers(10_000_000, 99_999_999, pool)
                )
            elif tactic in ("pool", "neighbour+pool"):
                pool = max(20, int(sizes[i]) // int(rng.integers(30, 120)))
                pre = rng.choice(self.pool_prefixes[100:], pool)
                callers = tuple(int(x) for x in pre * 10_000 + rng.integers(0, 10_000, pool))
            out.append(
                PlantedCampaign(
                    id=f"P{i + 1:02d}",
                    tactic=tactic,
                    calls=int(sizes[i]),
                    start=start.isoformat(),
                    end=end.isoformat(),
                    entries=tuple(entries),
                    sweep=bool(rng.random() < 0.7),
                    target_prefixes=targets,
                    caller_numbers=callers,
                )
            )
        return out

    def _carrier_of(self, trunk: str) -> str:
        code = trunk.split("-")[0]
        for c in self.carriers:
            if self._code(c) == code:
                return c
        raise AssertionError(trunk)  # pragma: no cover - trunks are built from carriers


class _Columns:
    """Column buffers for one chunk, with helpers to append a block of calls."""

    def __init__(self) -> None:
        self.parts: dict[str, list[np.ndarray]] = {}

    def add(self, **cols: np.ndarray) -> None:
        n = len(next(iter(cols.values())))
        for name, values in cols.items():
            arr = np.asarray(values)
            if arr.ndim == 0:
                arr = np.full(n, arr)
            self.parts.setdefault(name, []).append(arr)

    def take(self, name: str) -> np.ndarray:
        return np.concatenate(self.parts[name])


_DICT_COLUMNS = (
    "caller_raw",
    "orig_carrier",
    "orig_trunk",
    "next_carrier",
    "ingress_country",
    "attestation",
    "signer",
    "origid",
    "source",
    "import_id",
)
WRITE_SCHEMA = pa.schema(
    [
        pa.field(f.name, pa.dictionary(pa.int32(), pa.string()), nullable=True)
        if f.name in _DICT_COLUMNS
        else f
        for f in ARROW_SCHEMA
    ]
)


class _Chunk:
    """Draws one chunk of rows: background traffic from ``rng``, campaigns by call number."""

    def __init__(self, world: _World, rng: np.random.Generator) -> None:
        self.w = world
        self.rng = rng
        self.cols = _Columns()
        self.origids = [f"{int(h):016x}" for h in _mix(np.arange(len(world.trunks)) + 991)]
        self.entry_origids: list[str] = []

    # -- helpers -------------------------------------------------------------------------
    def _times(self, m: int, hours: np.ndarray | None = None) -> np.ndarray:
        rng, cfg = self.rng, self.w.config
        day = rng.integers(0, cfg.days, m)
        p = _DIURNAL if hours is None else hours
        hour = rng.choice(24, m, p=p / p.sum())
        sec = day * 86_400 + hour * 3_600 + rng.integers(0, 3_600, m)
        return sec * 1_000_000 + rng.integers(0, 1_000_000, m)

    def _talk(self, m: int, answer_rate: np.ndarray | float) -> tuple[np.ndarray, ...]:
        rng = self.rng
        answered = rng.random(m) < answer_rate
        duration = np.where(answered, np.clip(rng.lognormal(4.3, 1.0, m), 1, 7_200), 0)
        ring = np.where(answered, rng.integers(2, 20, m), rng.integers(12, 40, m))
        return answered, duration.astype(np.int32), ring.astype(np.int16)

    def _attest(self, m: int, p_a: float, p_b: float) -> np.ndarray:
        r = self.rng.random(m)
        return np.where(r < p_a, 0, np.where(r < p_a + p_b, 1, 3))

    def _emit(self, **cols: np.ndarray | int) -> None:
        n = len(np.asarray(cols["start"]))
        cols.setdefault("raw", 0)
        cols.setdefault("truth", -1)
        cols.setdefault("origid", -1)
        full = {k: (np.full(n, v) if np.ndim(v) == 0 else np.asarray(v)) for k, v in cols.items()}
        self.cols.add(**full)

    # -- background traffic -------------------------------------------------------------
    def subscribers(self, m: int, withheld: bool = False) -> None:
        w, rng = self.w, self.rng
        caller_id = np.searchsorted(w.activity_cdf, rng.random(m))
        caller_id = np.minimum(caller_id, w.subscribers - 1)
        r = rng.random(m)
        contact = (_mix(caller_id * 8 + rng.integers(0, 8, m)) % np.uint64(w.subscribers)).astype(
            np.int64
        )
        n_prefix = len(w.sub_prefixes)
        local = (caller_id % n_prefix) + n_prefix * rng.integers(0, w.subscribers // n_prefix, m)
        anyone = rng.integers(0, w.subscribers, m)
        callee_id = np.where(r < 0.6, contact, np.where(r < 0.68, local, anyone))
        carrier = w.sub_carrier[caller_id]
        answered, duration, ring = self._talk(m, 0.7)
        att = self._attest(m, 0.92, 0.05) if not withheld else np.full(m, 3)
        self._emit(
            start=self._times(m),
            caller=0 if withheld else w.number_of(caller_id),
            raw=1 if withheld else 0,
            callee=w.number_of(callee_id),
            duration=duration,
            answered=answered,
            ring=ring,
            carrier=carrier,
            trunk=carrier * 4 + rng.integers(0, 4, m),
            ingress=0,
            att=att,
            signer=np.where(att == 3, -1, carrier),
            origid=np.where(att == 3, -1, carrier * 4),
        )

    def businesses(self, m: int, invalid_pbx: bool = False) -> None:
        w, rng = self.w, self.rng
        biz = np.minimum((rng.pareto(1.2, m) * 3).astype(np.int64), w.businesses - 1)
        answer_rate = 0.4 + 0.35 * _uniform(biz, 11)
        answered = rng.random(m) < answer_rate
        duration = np.where(answered, rng.integers(15, 90, m), 0).astype(np.int32)
        ring = rng.integers(5, 25, m).astype(np.int16)
        ent = len(SUBSCRIBER_CARRIERS) + biz % len(ENTERPRISE_CARRIERS)
        trunk_base = len(SUBSCRIBER_CARRIERS) * 4
        trunk = trunk_base + (biz % len(ENTERPRISE_CARRIERS)) * 20 + (biz // 4) % 20
        caller = w.business_numbers[biz]
        raw = 0
        if invalid_pbx:
            ext = rng.integers(1000, 10_000, m)
            caller = 10_000 + ext  # an extension sent as if it were a number: +1 1000 ...
            raw = 2
        att = self._attest(m, 0.9, 0.1)
        hours = np.zeros(24)
        hours[13:23] = 1.0
        self._emit(
            start=self._times(m, hours),
            caller=caller,
            raw=raw,
            callee=w.number_of(rng.integers(0, w.subscribers, m)),
            duration=duration,
            answered=answered,
            ring=ring,
            carrier=ent,
            trunk=trunk,
            ingress=0,
            att=att,
            signer=ent,
            origid=trunk,
        )

    def _gateway_trunk(self, m: int) -> tuple[np.ndarray, np.ndarray]:
        g = self.rng.integers(0, len(GATEWAYS), m)
        first = len(SUBSCRIBER_CARRIERS) * 4 + len(ENTERPRISE_CARRIERS) * 20
        trunk = first + g * TRUNKS_PER_GATEWAY + self.rng.integers(0, TRUNKS_PER_GATEWAY, m)
        return len(SUBSCRIBER_CARRIERS) + len(ENTERPRISE_CARRIERS) + g, trunk

    def international(self, m: int) -> None:
        w, rng = self.w, self.rng
        regions = sorted(FOREIGN_CALLER_CC)
        reg = rng.integers(0, len(regions), m)
        bases = np.array([_example_mobile(r) for r in regions], dtype=np.int64)
        caller = bases[reg] // 10_000 * 10_000 + rng.integers(0, 10_000, m)
        carrier, trunk = self._gateway_trunk(m)
        answered, duration, ring = self._talk(m, 0.65)
        att = np.where(rng.random(m) < 0.8, 2, 3)
        country_idx = np.array([w.countries.index(r) for r in regions])[reg]
        self._emit(
            start=self._times(m),
            caller=caller,
            callee=w.number_of(rng.integers(0, w.subscribers, m)),
            duration=duration,
            answered=answered,
            ring=ring,
            carrier=carrier,
            trunk=trunk,
            ingress=country_idx,
            att=att,
            signer=np.where(att == 3, -1, carrier),
            origid=np.where(att == 3, -1, trunk),
        )

    def roaming(self, m: int) -> None:
        w, rng = self.w, self.rng
        caller_id = rng.integers(0, w.subscribers, m)
        callee_id = (_mix(caller_id * 8 + rng.integers(0, 8, m)) % np.uint64(w.subscribers)).astype(
            np.int64
        )
        carrier, trunk = self._gateway_trunk(m)
        answered, duration, ring = self._talk(m, 0.7)
        self._emit(
            start=self._times(m),
            caller=w.number_of(caller_id),
            callee=w.number_of(callee_id),
            duration=duration,
            answered=answered,
            ring=ring,
            carrier=carrier,
            trunk=trunk,
            ingress=rng.integers(1, len(w.countries), m),
            att=2,
            signer=carrier,
            origid=trunk,
        )

    # -- planted campaigns --------------------------------------------------------------
    def campaign(self, k: int, lo: int, hi: int) -> None:
        w = self.w
        c = w.campaigns[k]
        if hi <= lo:
            return
        i = np.arange(lo, hi, dtype=np.int64)
        salt = (w.config.seed * 7_919 + k * 104_729) & 0xFFFFFFFF
        u = [_uniform(i, salt + j) for j in range(8)]
        # time: the dialer works through its list during 13:00-01:00 UTC, day after day
        span_days = (datetime.fromisoformat(c.end) - datetime.fromisoformat(c.start)).days
        start_off = (datetime.fromisoformat(c.start) - w.config.start).total_seconds()
        active = span_days * 12 * 3_600
        s = (i + u[0]) / c.calls * active
        t = start_off + (s // 43_200) * 86_400 + 13 * 3_600 + (s % 43_200)
        start = (t * 1_000_000).astype(np.int64)
        # callee: sequential sweep of target exchanges, or a leaked list of subscribers
        targets = np.array(c.target_prefixes, dtype=np.int64)
        if c.sweep:
            first_line = (_mix(np.arange(len(targets)) + salt) % np.uint64(10_000)).astype(np.int64)
            which = (i // 10_000) % len(targets)
            line = (first_line[which] + i) % 10_000
            callee = targets[which] * 10_000 + line
        else:
            callee = w.number_of((_mix(i + salt) % np.uint64(w.subscribers)).astype(np.int64))
        line4 = (u[1] * 10_000).astype(np.int64)
        neighbour = callee // 10_000 * 10_000 + line4
        pool = np.array(c.caller_numbers or [0], dtype=np.int64)
        uses = max(1, c.calls // max(1, len(pool)))
        pooled = pool[(i // uses) % len(pool)]
        if c.tactic == "neighbour":
            caller = neighbour
        elif c.tactic == "pool":
            caller = pooled
        elif c.tactic == "neighbour+pool":
            caller = np.where(u[2] < 0.6, neighbour, pooled)
        elif c.tactic == "protected":
            caller = pool[(u[2] * len(pool)).astype(np.int64)]
        elif c.tactic == "invalid":
            caller = (
                10_000_000_000
                + (100 + (u[2] * 100).astype(np.int64)) * 10_000_000
                + (u[3] * 10_000_000).astype(np.int64)
            )
        else:  # one_ring: the campaign's premium numbers, picked at random per call
            caller = pool[(u[2] * len(pool)).astype(np.int64)]
        one_ring = c.tactic == "one_ring"
        answered = np.zeros(len(i), bool) if one_ring else u[4] < 0.12
        long_call = u[5] < 0.03
        duration = np.where(
            answered, np.where(long_call, 120 + u[6] * 780, 5 + u[6] * 55), 0
        ).astype(np.int32)
        ring = np.where(
            one_ring, 1 + (u[7] * 3).astype(np.int64), 10 + (u[7] * 20).astype(np.int64)
        ).astype(np.int16)
        entry = (
            (u[3] * len(c.entries)).astype(np.int64)
            if len(c.entries) > 1
            else np.zeros(len(i), np.int64)
        )
        ent = c.entries
        carrier = np.array([w.carriers.index(e.carrier) for e in ent])[entry]
        trunk = np.array([w.trunk_index[e.trunk] for e in ent])[entry]
        att = np.array([ATTESTATIONS.index(e.attestation) for e in ent])[entry]
        ingress = np.array([w.countries.index(e.ingress_country) for e in ent])[entry]
        signer = np.array([-1 if e.signer is None else w.carriers.index(e.signer) for e in ent])
        base = len(self.origids) + len(self.entry_origids)
        self.entry_origids += [e.origid or "" for e in ent]
        origid = np.array([-1 if e.origid is None else base + j for j, e in enumerate(ent)])
        self._emit(
            start=start,
            caller=caller,
            callee=callee,
            duration=duration,
            answered=answered,
            ring=ring,
            carrier=carrier,
            trunk=trunk,
            ingress=ingress,
            att=att,
            signer=signer[entry],
            origid=origid[entry],
            truth=k,
        )

    # -- output ---------------------------------------------------------------------------
    def table(self, first_row: int, import_id: str) -> tuple[pa.Table, pa.Table]:
        w, take = self.w, self.cols.take
        start = take("start") + int(w.config.start.timestamp() * 1_000_000)
        caller = take("caller").astype(np.int64)
        raw = take("raw")
        n = len(caller)
        withheld = raw == 1
        valid = numbering.valid_numbers(np.where(withheld, 0, caller))
        caller_raw_codes = np.where(raw == 1, 0, np.where(raw == 2, 1, -1)).astype(np.int32)
        ext_raw = np.char.mod("%d", caller - 10_000) if (raw == 2).any() else None
        raw_dict = ["anonymous"]
        if ext_raw is not None:
            idx = np.flatnonzero(raw == 2)
            raw_dict += list(ext_raw[idx])
            caller_raw_codes[idx] = np.arange(1, len(idx) + 1)

        def dictionary(codes: np.ndarray, values: list[str]) -> pa.Array:
            codes = np.asarray(codes, dtype=np.int32)
            mask = codes < 0
            return pa.DictionaryArray.from_arrays(
                pa.array(np.where(mask, 0, codes), type=pa.int32(), mask=mask),
                pa.array(values or [""], type=pa.string()),
            )

        call_ids = pc.binary_join_element_wise(
            f"syn{w.config.seed}-",
            pa.array(np.arange(first_row, first_row + n)).cast(pa.string()),
            "",
        )
        callee = take("callee").astype(np.int64)
        next_carrier = (_mix(callee) % np.uint64(len(SUBSCRIBER_CARRIERS))).astype(np.int32)
        origids = self.origids + self.entry_origids
        caller_arr = pa.array(caller, mask=withheld)
        cols = {
            "call_id": call_ids,
            "start_utc": pa.array(start, type=pa.timestamp("us", tz="UTC")),
            "caller": caller_arr,
            "caller_raw": dictionary(caller_raw_codes, raw_dict),
            "callee": pa.array(callee),
            "duration_s": pa.array(take("duration").astype(np.int32)),
            "answered": pa.array(take("answered").astype(bool)),
            "ring_s": pa.array(take("ring").astype(np.int16)),
            "orig_carrier": dictionary(take("carrier"), w.carriers),
            "orig_trunk": dictionary(take("trunk"), w.trunks),
            "next_carrier": dictionary(next_carrier, w.carriers),
            "ingress_country": dictionary(take("ingress"), w.countries),
            "attestation": dictionary(take("att"), list(ATTESTATIONS)),
            "signer": dictionary(take("signer"), w.carriers),
            "origid": dictionary(take("origid"), origids),
            "sip_headers": pa.nulls(n, pa.string()),
            "caller_cc": pa.array(numbering.country_codes(np.where(withheld, 0, caller))),
            "caller_valid": pa.array(valid, mask=withheld),
            "callee_cc": pa.array(numbering.country_codes(callee)),
            "ingress_cc": pa.array(
                np.array([1 if c == "US" else _cc(c) for c in w.countries], np.int16)[
                    take("ingress")
                ]
            ),
            "source": dictionary(np.zeros(n), [f"synthetic-{w.config.seed}"]),
            "import_id": dictionary(np.zeros(n), [import_id]),
        }
        table = pa.table(cols, schema=WRITE_SCHEMA)
        truth_idx = take("truth")
        mask = truth_idx >= 0
        truth = pa.table(
            {
                "call_id": call_ids.filter(pa.array(mask)),
                "campaign": pa.array(
                    [w.campaigns[int(k)].id for k in truth_idx[mask]], pa.string()
                ),
            }
        )
        return table, truth


def _cc(region: str) -> int:
    return int(phonenumbers.country_code_for_region(region))


def _example_mobile(region: str) -> int:
    """libphonenumber's example mobile number of a region, as E.164 digits."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None, region  # every region in FOREIGN_CALLER_CC has one
    return int(f"{example.country_code}{phonenumbers.national_significant_number(example)}")


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
