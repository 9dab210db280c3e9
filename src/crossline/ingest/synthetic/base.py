"""Shared pieces of the synthetic demo generators: seed, real public numbers, pools."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

SEED = 20210414

NCRP_COLUMNS = (
    "acknowledgement_no", "complaint_date", "incident_datetime", "incident_time", "state",
    "district", "police_station", "category", "sub_category", "complainant_name",
    "complainant_mobile", "complainant_email", "complainant_address", "suspect_name",
    "suspect_mobile", "suspect_email", "suspect_upi_id", "suspect_bank_account", "suspect_ifsc",
    "suspect_bank_name", "suspect_website", "suspect_social_handle", "transaction_id",
    "transaction_date", "amount", "bank", "payment_mode", "platform", "description", "synthetic",
)  # fmt: skip
SENTINEL_COLUMNS = (
    "Reference Number", "Date Received", "Transaction Date", "Category", "Contact Method",
    "Company Name", "Representative Phone", "Representative Email", "Website", "Amount Paid",
    "Payment Method", "Narrative", "Consumer First Name", "Consumer Last Name",
    "Consumer City", "Consumer State", "Consumer Country", "Synthetic",
)  # fmt: skip

# Real public numbers (FTC DNC complaints / FTC robocall transcripts), E.164 digits.
APPLE_SUPPORT = "3152328257"  # "Apple Support" robocall; 60 DNC complaints in 8 days
AUTO_WARRANTY = "8333041447"  # car-warranty robocall; 152 DNC complaints in 8 days
DNC_LOAN = "4073513878"  # 87 DNC complaints in 8 days
STUDENT_LOAN = "8336317911"  # "Student Support Center" robocall (26 transcripts)
US_NUMBERS = frozenset({APPLE_SUPPORT, AUTO_WARRANTY, DNC_LOAN, STUDENT_LOAN})

STATES = {
    "Maharashtra": ("Mumbai", "Pune", "Thane", "Nagpur"),
    "Karnataka": ("Bengaluru Urban", "Mysuru", "Mangaluru"),
    "Delhi": ("New Delhi", "South West Delhi", "North West Delhi"),
    "Uttar Pradesh": ("Lucknow", "Gautam Buddha Nagar", "Ghaziabad", "Varanasi"),
    "Telangana": ("Hyderabad", "Rangareddy"),
    "Tamil Nadu": ("Chennai", "Coimbatore"),
    "West Bengal": ("Kolkata", "Howrah"),
    "Gujarat": ("Ahmedabad", "Surat"),
    "Rajasthan": ("Jaipur", "Jodhpur"),
    "Haryana": ("Gurugram", "Faridabad"),
    "Bihar": ("Patna",),
    "Kerala": ("Ernakulam", "Thiruvananthapuram"),
    "Madhya Pradesh": ("Indore", "Bhopal"),
    "Punjab": ("Ludhiana", "Mohali"),
}
STATE_CODES = {name: f"{i + 11:02d}" for i, name in enumerate(STATES)}
FIRST = (
    "Rahul",
    "Priya",
    "Amit",
    "Sneha",
    "Vikram",
    "Anjali",
    "Suresh",
    "Pooja",
    "Rajesh",
    "Neha",
    "Arjun",
    "Kavita",
    "Manoj",
    "Divya",
    "Sanjay",
    "Meera",
    "Ravi",
    "Lakshmi",
    "Imran",
    "Fatima",
    "Harpreet",
    "Gurpreet",
    "Joseph",
    "Mary",
    "Arun",
    "Deepa",
)
LAST = (
    "Sharma",
    "Verma",
    "Patel",
    "Reddy",
    "Nair",
    "Iyer",
    "Gupta",
    "Singh",
    "Khan",
    "Das",
    "Banerjee",
    "Joshi",
    "Kulkarni",
    "Mehta",
    "Yadav",
    "Menon",
    "Pillai",
    "Chauhan",
)
PSPS = ("ybl", "okaxis", "paytm", "okhdfcbank", "oksbi", "okicici", "ibl", "axl", "upi")
UPI_WORDS = (
    "earnfast",
    "taskpay",
    "rewardhub",
    "shreetraders",
    "rkenterprise",
    "payhelp",
    "kycsupport",
    "refunddesk",
    "maakripa",
    "luckydraw",
    "tradeguru",
    "quickloan",
)
# (IFSC prefix, bank name, account length, account prefix)
BANKS = (
    ("SBIN0", "State Bank of India", 11, "3"), ("HDFC0", "HDFC Bank", 14, "50100"),
    ("ICIC0", "ICICI Bank", 12, "0"), ("UTIB0", "Axis Bank", 15, "91"),
    ("PUNB0", "Punjab National Bank", 16, "0"), ("KKBK0", "Kotak Mahindra Bank", 10, "4"),
    ("YESB0", "Yes Bank", 15, "0"), ("BARB0", "Bank of Baroda", 14, "2"),
    ("CNRB0", "Canara Bank", 13, "1"), ("AIRP0", "Airtel Payments Bank", 10, "9"),
    ("PYTM0", "Paytm Payments Bank", 11, "9"),
)  # fmt: skip
VICTIM_BANKS = (
    "State Bank of India",
    "HDFC Bank",
    "ICICI Bank",
    "Axis Bank",
    "Punjab National Bank",
    "Bank of Baroda",
    "Canara Bank",
    "Union Bank of India",
)


@dataclass
class Pool:
    """The identifiers one planted campaign reuses."""

    mobiles: list[str] = field(default_factory=list)
    upis: list[str] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # account, ifsc, bank
    socials: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Campaign:
    name: str
    label: str  # TAXONOMY.md label
    size: int
    category: str
    sub_category: str
    platforms: tuple[str, ...]
    payment: tuple[str, ...]
    amounts: tuple[int, int]
    stories: tuple[str, ...]


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def mobile(self) -> str:
        return f"{self.rng.choice('6789')}{self.rng.randrange(10**8, 10**9)}"

    def show_mobile(self, digits: str) -> str:
        if len(digits) == 10 and digits[0] in "6789":
            style = self.rng.randrange(4)
            if digits in US_NUMBERS:
                # 833-304-1447 is also a valid Indian mobile: written as complainants copy
                # a US number (NANP layout), never in the Indian one.
                a, b, c = digits[:3], digits[3:6], digits[6:]
                return (f"+1 {a}-{b}-{c}", f"1-{a}-{b}-{c}", f"({a}) {b}-{c}", f"{a}-{b}-{c}")[
                    style
                ]
            return (f"+91 {digits[:5]} {digits[5:]}", digits, f"+91-{digits}", f"0{digits}")[style]
        style = self.rng.randrange(3)  # a US number
        return (
            f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}",
            f"+1 ({digits[:3]}) {digits[3:6]}-{digits[6:]}",
            f"001{digits}",
        )[style]

    def upi(self) -> str:
        word = self.rng.choice(UPI_WORDS)
        return f"{word}{self.rng.randrange(100, 99999)}@{self.rng.choice(PSPS)}"

    def account(self, prefix: str | None = None) -> tuple[str, str, str]:
        bank = next(b for b in BANKS if b[0] == prefix) if prefix else self.rng.choice(BANKS)
        ifsc_prefix, name, length, start = bank
        number = start + "".join(self.rng.choice("0123456789") for _ in range(length - len(start)))
        if ifsc_prefix == "BARB0":
            branch = "".join(self.rng.choice("ABCDEFGHIJKLMNOPRSTUVWY") for _ in range(6))
        else:
            branch = f"{self.rng.randrange(1, 99999):06d}"
        return number, ifsc_prefix + branch, name

    def utr(self) -> str:
        return f"{self.rng.randrange(1, 4)}{self.rng.randrange(10**10, 10**11)}"

    def inr(self, low: int, high: int) -> str:
        value = self.rng.randrange(low, high) // 100 * 100 + self.rng.choice((0, 0, 0, 99))
        style = self.rng.randrange(4)
        if style == 0:
            return str(value)
        grouped = _indian_grouping(value)
        return (grouped, grouped, f"Rs. {grouped}/-", f"₹ {grouped}.00")[style]


def _indian_grouping(value: int) -> str:
    text = str(value)
    if len(text) <= 3:
        return text
    head, tail = text[:-3], text[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups) + "," + tail
