"""Signs that a presented caller id is not the caller's own.

Each sign exists twice, as a pure Python predicate (to explain one call) and as a
DuckDB SQL expression over the stored CDR columns (to flag a hundred million
calls in one scan); tests keep the two in agreement.

- **neighbour**: the caller id shares the callee's NANP area code and exchange
  (``NPA-NXX``), the classic trick to make a robocall look local;
- **protected**: the caller id is a published government, bank or helpline
  number (shipped list, ``data/protected_numbers.csv``, each with its source);
  those numbers take calls, they do not place robocalls;
- **invalid**: the caller id is not a valid number in the numbering plan
  (unallocated area code, wrong length ...);
- **foreign_domestic**: the call entered the country abroad yet presents a
  domestic caller id (a domestic subscriber roaming abroad is the rare honest case);
- **one_ring**: an unanswered call from a foreign number that rang for at most
  five seconds, the wangiri pattern that baits a call-back to a premium number.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import polars as pl

from crossline.calls import numbering
from crossline.errors import ModelError

NANP = 1
ONE_RING_MAX_S = 5
SHORT_CALL_S = 10

# SQL over the stored columns (see crossline.calls.schema); NULLs count as "no".
NEIGHBOUR_SQL = (
    "coalesce(caller_cc = 1 AND callee_cc = 1 AND caller <> callee "
    "AND caller // 10000 = callee // 10000, false)"
)
INVALID_SQL = "coalesce(NOT caller_valid, false)"
WITHHELD_SQL = "(caller IS NULL AND caller_valid IS NULL)"
FOREIGN_DOMESTIC_SQL = (
    "coalesce(ingress_cc <> 0 AND ingress_cc <> callee_cc AND caller_cc = callee_cc, false)"
)
ONE_RING_SQL = (
    f"coalesce(NOT answered AND ring_s BETWEEN 0 AND {ONE_RING_MAX_S} "
    "AND caller_cc <> callee_cc AND caller_cc <> 0, false)"
)
SHORT_SQL = f"(answered AND duration_s < {SHORT_CALL_S})"


@dataclass(frozen=True, slots=True)
class ProtectedNumber:
    """A published number that fraudsters spoof, with where it was published."""

    number: int  # E.164 digits
    raw: str
    region: str
    owner: str
    category: str  # government | bank | helpline | company
    source_url: str
    note: str = ""


def load_protected(path: Path | None = None) -> tuple[ProtectedNumber, ...]:
    """The shipped protected-number list (or another CSV with the same columns)."""
    if path is None:
        ref = resources.files("crossline.calls") / "data" / "protected_numbers.csv"
        text = ref.read_text(encoding="utf-8")
        where = "crossline/calls/data/protected_numbers.csv"
    else:
        text = Path(path).read_text(encoding="utf-8")
        where = str(path)
    rows = list(csv.DictReader(text.splitlines()))
    out: list[ProtectedNumber] = []
    for line, row in enumerate(rows, start=2):
        try:
            number = numbering.parse_numbers(pl.Series([row["number"]]), row["region"])[0]
        except Exception as exc:  # a broken shipped artefact must name the line
            raise ModelError(f"{where} line {line}: cannot read {row!r}: {exc}") from exc
        if number is None:
            raise ModelError(f"{where} line {line}: {row['number']!r} is not a phone number")
        out.append(
            ProtectedNumber(
                number=int(number),
                raw=row["number"],
                region=row["region"],
                owner=row["owner"],
                category=row["category"],
                source_url=row["source_url"],
                note=row.get("note") or "",
            )
        )
    return tuple(out)


def protected_frame(numbers: tuple[ProtectedNumber, ...] | None = None) -> pl.DataFrame:
    """The list as a table (``number``, ``owner``, ``category``) to register in DuckDB."""
    items = load_protected() if numbers is None else numbers
    return pl.DataFrame(
        {
            "number": [p.number for p in items],
            "owner": [p.owner for p in items],
            "category": [p.category for p in items],
        },
        schema={"number": pl.Int64, "owner": pl.String, "category": pl.String},
    ).unique("number", keep="first", maintain_order=True)


def is_neighbour(caller: int | None, callee: int | None) -> bool:
    """Caller id in the callee's NANP NPA-NXX (and not the callee's own number)."""
    if caller is None or callee is None or caller == callee:
        return False
    both_nanp = (
        10_000_000_000 <= caller < 20_000_000_000 and 10_000_000_000 <= callee < 20_000_000_000
    )
    return both_nanp and caller // 10_000 == callee // 10_000


def signs(call: dict[str, object], protected: frozenset[int] | None = None) -> list[str]:
    """Names of the spoofing signs one stored call shows (keys as in the CDR schema)."""
    caller = call.get("caller")
    callee = call.get("callee")
    caller_i = int(caller) if isinstance(caller, int) else None
    callee_i = int(callee) if isinstance(callee, int) else None
    found: list[str] = []
    if protected is None:
        protected = frozenset(p.number for p in load_protected())
    if caller_i is not None and caller_i in protected:
        found.append("protected")
    if call.get("caller_valid") is False:
        found.append("invalid")
    if is_neighbour(caller_i, callee_i):
        found.append("neighbour")
    ingress_cc, callee_cc, caller_cc = (
        call.get("ingress_cc"),
        call.get("callee_cc"),
        call.get("caller_cc"),
    )
    if ingress_cc and ingress_cc != callee_cc and caller_cc == callee_cc:
        found.append("foreign_domestic")
    ring = call.get("ring_s")
    if (
        call.get("answered") is False
        and isinstance(ring, int)
        and 0 <= ring <= ONE_RING_MAX_S
        and caller_cc not in (0, None, callee_cc)
    ):
        found.append("one_ring")
    return found
