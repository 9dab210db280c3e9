"""The synthetic call world: carriers, trunks, subscribers and planted campaigns."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import phonenumbers

from crossline.calls import numbering
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


def _cc(region: str) -> int:
    return int(phonenumbers.country_code_for_region(region))


def _example_mobile(region: str) -> int:
    """libphonenumber's example mobile number of a region, as E.164 digits."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None, region  # every region in FOREIGN_CALLER_CC has one
    return int(f"{example.country_code}{phonenumbers.national_significant_number(example)}")
