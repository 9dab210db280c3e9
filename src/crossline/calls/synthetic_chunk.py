"""Synthetic call records, chunk by chunk: background traffic and campaign calls."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crossline.calls import numbering
from crossline.calls.schema import ARROW_SCHEMA, LOW_CARDINALITY
from crossline.calls.synthetic_world import (
    _DIURNAL,
    ATTESTATIONS,
    ENTERPRISE_CARRIERS,
    FOREIGN_CALLER_CC,
    GATEWAYS,
    SUBSCRIBER_CARRIERS,
    TRUNKS_PER_GATEWAY,
    _cc,
    _example_mobile,
    _mix,
    _uniform,
    _World,
)


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


WRITE_SCHEMA = pa.schema(
    [
        pa.field(f.name, pa.dictionary(pa.int32(), pa.string()), nullable=True)
        if f.name in LOW_CARDINALITY
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
