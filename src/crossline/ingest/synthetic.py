"""Seeded generator of the synthetic demo sets bundled in ``crossline.demo_data``.

* An India-side NCRP-style complaint set: realistic fields (states, districts,
  NCRP categories, English and Hinglish narratives, +91 mobiles, UPI handles on
  real PSP suffixes, accounts with real banks' IFSC prefixes, INR amounts, UTRs)
  forming planted campaigns, plus unrelated complaints.
* A US-side Consumer-Sentinel-style set.

Both share values with the real public US data bundled beside them (callback
numbers spoken in the FTC robocall transcripts and complained about in the DNC
files: 833-304-1447, 315-232-8257, 407-351-3878, 833-631-7911 ...) and with each
other (a mule account paid from both sides), so cross-border campaigns appear.

Every row is marked ``synthetic=yes``. Identifiers other than those real public
numbers are random; they may coincide with real allocations and must never be
used operationally. Regenerate with ``python -m crossline.ingest.synthetic DIR``:
the same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

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


CAMPAIGNS = (
    Campaign(
        "digital_arrest", "government_impersonation", 40,
        "Online and Social Media Related Crime", "Cheating by Impersonation",
        ("WhatsApp video call", "Skype video call", "Phone call"), ("RTGS", "IMPS", "NEFT"),
        (50_000, 900_000),
        (
            "Caller said he is from Mumbai Cyber Crime Branch, a FedEx parcel in my name had "
            "drugs and fake passports. They kept me on video call for 9 hours as 'digital "
            "arrest' and made me transfer {amount} to account {account} ({ifsc}) for "
            "'verification'. Caller number {mobile}.",
            "Mujhe {mobile} se call aaya, bola CBI officer hai, mere Aadhaar se money "
            "laundering hua hai. Video call pe uniform mein officer tha. Darr ke maare maine "
            "{amount} account {account} IFSC {ifsc} mein bhej diye.",
            "Person claiming to be TRAI officer said my SIM will be blocked, then transferred "
            "call to 'Delhi Police'. I was told not to tell family. Sent {amount} by RTGS to "
            "{account}, {ifsc}. Number used: {mobile}.",
        ),
    ),
    Campaign(
        "telegram_tasks", "job_task", 50,
        "Online and Social Media Related Crime", "Online Job Fraud",
        ("Telegram", "WhatsApp"), ("UPI",), (2_000, 300_000),
        (
            "Got WhatsApp message for part time job, like YouTube videos and earn Rs 150 per "
            "task. Added to Telegram group {social}. First got small payouts then asked to do "
            "'prepaid tasks'. Paid {amount} to UPI {upi}, no withdrawal allowed.",
            "Part time job ke naam pe Telegram pe {social} ne task diye. Pehle 210 rupaye "
            "mile, phir merchant task ke liye {upi} pe {amount} bhejne ko bola. Paisa wapas "
            "nahi aaya.",
            "Hotel review task job offered by HR on WhatsApp {mobile}. Told to deposit to "
            "unlock commission. Total {amount} sent to {upi}. Telegram admin {social}.",
        ),
    ),
    Campaign(
        "kyc_update", "account_phishing", 35,
        "Online Financial Fraud", "Internet Banking Related Fraud",
        ("SMS", "Phone call"), ("UPI", "Net banking"), (5_000, 200_000),
        (
            "SMS said my bank account will be blocked today, update PAN/KYC. Called back "
            "{mobile}, person sent screen share app link and I shared OTP. {amount} debited "
            "and credited to {upi}.",
            "KYC update ke liye call aaya {mobile} se, bola YONO band ho jayega. OTP diya to "
            "{amount} kat gaye, UPI {upi} mein gaya.",
        ),
    ),
    Campaign(
        "apple_support_crossborder", "tech_support", 15,
        "Online Financial Fraud", "Fraud Call/Vishing",
        ("Phone call", "Robocall"), ("UPI", "IMPS"), (10_000, 250_000),
        (
            "Recorded call said my iCloud account was breached, press 1 for Apple Support "
            "Advisor or call toll free {mobile}. Agent made me install AnyDesk and pay "
            "{amount} as 'security fee' to {upi}.",
            "Apple Support ke naam se call aaya, number {mobile}. Unhone bola iPhone hack ho "
            "gaya hai, refund ke liye {amount} account {account} ({ifsc}) mein bhejwaye.",
        ),
    ),
    Campaign(
        "amazon_crossborder", "business_impersonation", 10,
        "Online Financial Fraud", "Fraud Call/Vishing",
        ("Robocall", "Phone call"), ("UPI", "Gift card"), (5_000, 120_000),
        (
            "Automated call said an Apple iPhone 11 Pro order was placed on my Amazon account, "
            "press 1 to cancel. The agent called back from {mobile} and asked me to pay "
            "{amount} to {upi} to stop the order.",
            "Amazon order cancel karne ke liye {mobile} pe baat hui. Refund ke bahane "
            "{amount} UPI {upi} pe transfer karwaye.",
        ),
    ),
    Campaign(
        "stock_tips", "investment_crypto", 30,
        "Online Financial Fraud", "Demat/Depository Fraud",
        ("WhatsApp", "Telegram"), ("NEFT", "IMPS", "UPI"), (25_000, 1_500_000),
        (
            "Added to WhatsApp group 'VIP Stock Club' by {mobile}. Told to invest through "
            "their institutional trading app. Deposited {amount} in account {account} IFSC "
            "{ifsc}. App shows profit but withdrawal blocked.",
            "Share market tips group mein {mobile} ne IPO allotment ka jhaansa diya. "
            "{amount} account {account} ({ifsc}) mein daale, ab group band.",
        ),
    ),
    Campaign(
        "sextortion", "romance_sextortion", 15,
        "Online and Social Media Related Crime", "Cyber Bullying/Stalking/Sexting",
        ("Instagram", "WhatsApp video call"), ("UPI",), (3_000, 80_000),
        (
            "Accepted Instagram request from {social}, then got a WhatsApp video call from "
            "{mobile}. They recorded it and threatened to send to my family. Paid {amount} "
            "to {upi}.",
        ),
    ),
    Campaign(
        "loan_fee_crossborder", "loan_debt_relief", 6,
        "Online Financial Fraud", "Fraud Call/Vishing",
        ("Phone call",), ("UPI",), (2_000, 40_000),
        (
            "International call from {mobile} offering a pre-approved personal loan at 2% "
            "interest. Paid processing fee {amount} to {upi}, no loan given.",
        ),
    ),
)  # fmt: skip

NOISE_STORIES = (
    "Received a call from {mobile} saying my electricity connection will be cut tonight. "
    "Paid {amount} through a link he sent. Called 1930 helpline next morning.",
    "Ordered a mobile phone on a Facebook page, paid {amount} to {upi}, no delivery.",
    "Someone used my card details for online purchases of {amount}. I called SBI customer "
    "care 1800 1234 and blocked the card.",
    "OLX buyer {mobile} sent a QR code to 'receive' money; {amount} was debited instead.",
    "Fake customer care number on Google for refund. Called {mobile}, lost {amount}. HDFC "
    "PhoneBanking 1800 202 6161 blocked my account later.",
    "Lottery message said I won KBC prize, paid tax of {amount} to {upi}.",
    "Cousin's hacked WhatsApp asked for urgent help, sent {amount} to {upi}. Reported to 1930.",
)


def generate_ncrp(seed: int = SEED, noise: int = 160) -> tuple[list[dict[str, str]], dict]:
    """Rows of the India-side NCRP-style set and the planted campaigns (ground truth)."""
    gen = _Gen(seed)
    rng = gen.rng
    start = datetime(2021, 4, 1, 9, 0)
    rows: list[dict[str, str]] = []
    truth: dict[str, dict] = {}
    seq = 0

    def base_row(when: datetime) -> dict[str, str]:
        nonlocal seq
        seq += 1
        state = rng.choice(sorted(STATES))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        incident = when - timedelta(hours=rng.randrange(1, 96), minutes=rng.randrange(60))
        row = dict.fromkeys(NCRP_COLUMNS, "")
        row.update(
            acknowledgement_no=f"{STATE_CODES[state]}1{when:%d%m%y}{seq:05d}",
            complaint_date=f"{when:%d/%m/%Y %H:%M:%S}",
            state=state,
            district=rng.choice(STATES[state]),
            complainant_name=f"{first} {last}",
            complainant_mobile=gen.mobile(),
            complainant_email=f"{first.lower()}.{last.lower()}{rng.randrange(10, 99)}@example.com",
            complainant_address=f"H.No. {rng.randrange(1, 400)}, Sector {rng.randrange(1, 60)}",
            bank=rng.choice(VICTIM_BANKS),
            transaction_date=f"{incident:%d-%m-%Y}",
            synthetic="yes",
        )
        if rng.random() < 0.15:
            row["incident_datetime"] = f"{incident:%d-%m-%Y}"
            row["incident_time"] = f"{incident:%H:%M}"
        else:
            row["incident_datetime"] = f"{incident:%d-%m-%Y %H:%M}"
        return row

    pools = _pools(_Gen(seed + 1))  # shared with generate_sentinel
    for campaign in CAMPAIGNS:
        pool = pools[campaign.name]
        acks = []
        for _ in range(campaign.size):
            when = start + timedelta(minutes=rng.randrange(0, 75 * 24 * 60))
            row = base_row(when)
            mobile = rng.choice(pool.mobiles) if pool.mobiles else gen.mobile()
            upi = rng.choice(pool.upis) if pool.upis else ""
            account = rng.choice(pool.accounts) if pool.accounts else None
            social = rng.choice(pool.socials) if pool.socials else ""
            amount = gen.inr(*campaign.amounts)
            story = rng.choice(campaign.stories)
            row.update(
                category=campaign.category,
                sub_category=campaign.sub_category,
                platform=rng.choice(campaign.platforms),
                payment_mode=rng.choice(campaign.payment),
                amount=amount,
                transaction_id=gen.utr(),
                suspect_mobile=gen.show_mobile(mobile) if rng.random() < 0.8 else "",
                suspect_upi_id=upi if "{upi}" in story or rng.random() < 0.5 else "",
                suspect_social_handle=social if "{social}" in story else "",
                description=story.format(
                    amount=f"Rs {amount}" if amount[0].isdigit() else amount,
                    mobile=gen.show_mobile(mobile),
                    upi=upi,
                    account=account[0] if account else "",
                    ifsc=account[1] if account else "",
                    social=social,
                ),
            )
            if account and ("{account}" in story or rng.random() < 0.3):
                row.update(
                    suspect_bank_account=account[0],
                    suspect_ifsc=account[1],
                    suspect_bank_name=account[2],
                )
            rows.append(row)
            acks.append(row["acknowledgement_no"])
        truth[campaign.name] = {
            "label": campaign.label,
            "shared": sorted(
                pool.mobiles + pool.upis + [a for a, _, _ in pool.accounts] + pool.socials
            ),
            "reports": acks,
        }
    for _ in range(noise):
        when = start + timedelta(minutes=rng.randrange(0, 75 * 24 * 60))
        row = base_row(when)
        upi, mobile, amount = gen.upi(), gen.mobile(), gen.inr(500, 150_000)
        row.update(
            category="Online Financial Fraud",
            sub_category=rng.choice(
                (
                    "UPI Related Frauds",
                    "E-Wallet Related Fraud",
                    "Debit/Credit Card Fraud/Sim Swap Fraud",
                    "Fraud Call/Vishing",
                )
            ),  # fmt: skip
            platform=rng.choice(("Phone call", "SMS", "WhatsApp", "Facebook", "Website")),
            payment_mode=rng.choice(("UPI", "Debit card", "Net banking")),
            amount=amount,
            transaction_id=gen.utr(),
            suspect_mobile=gen.show_mobile(mobile) if rng.random() < 0.6 else "",
            suspect_upi_id=upi if rng.random() < 0.6 else "",
            description=rng.choice(NOISE_STORIES).format(
                amount=f"Rs {amount}" if amount[0].isdigit() else amount, mobile=mobile, upi=upi
            ),
        )
        rows.append(row)
    rows.sort(key=lambda r: (r["complaint_date"][6:10], r["complaint_date"][3:5],
                             r["complaint_date"][:2], r["complaint_date"][11:]))  # fmt: skip
    return rows, truth


def _pools(gen: _Gen) -> dict[str, Pool]:
    mule_hdfc = gen.account("HDFC0")  # paid from India and wired to from the US
    return {
        "digital_arrest": Pool(
            mobiles=[gen.mobile() for _ in range(3)],
            accounts=[gen.account("SBIN0"), gen.account("ICIC0"), gen.account("PUNB0")],
        ),
        "telegram_tasks": Pool(
            mobiles=[gen.mobile()],
            upis=[gen.upi() for _ in range(4)],
            socials=["@TaskHR_Riya", "@EarnDailyDesk"],
        ),
        "kyc_update": Pool(mobiles=[gen.mobile() for _ in range(2)], upis=[gen.upi(), gen.upi()]),
        "apple_support_crossborder": Pool(
            mobiles=[APPLE_SUPPORT], upis=[gen.upi()], accounts=[mule_hdfc]
        ),
        "amazon_crossborder": Pool(mobiles=[AUTO_WARRANTY], upis=[gen.upi()]),
        "stock_tips": Pool(
            mobiles=[gen.mobile(), gen.mobile()],
            accounts=[gen.account("HDFC0"), gen.account("UTIB0")],
        ),
        "sextortion": Pool(mobiles=[gen.mobile()], upis=[gen.upi()], socials=["@ananya.k_2001"]),
        "loan_fee_crossborder": Pool(mobiles=[DNC_LOAN], upis=[gen.upi()]),
        "_mule_hdfc": Pool(accounts=[mule_hdfc]),
    }


US_STATES = ("CA", "TX", "FL", "NY", "PA", "IL", "OH", "GA", "NC", "MI", "NJ", "VA", "WA", "AZ")
US_CITIES = {"CA": "Fresno", "TX": "Austin", "FL": "Tampa", "NY": "Buffalo", "PA": "Erie",
             "IL": "Peoria", "OH": "Dayton", "GA": "Macon", "NC": "Durham", "MI": "Lansing",
             "NJ": "Trenton", "VA": "Norfolk", "WA": "Spokane", "AZ": "Tucson"}  # fmt: skip
US_FIRST = (
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Barbara",
    "William",
    "Susan",
    "Richard",
    "Karen",
    "Thomas",
    "Nancy",
)
US_LAST = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Moore",
    "Martin",
    "Thompson",
    "Garcia",
)

# name, size, category, contact methods, company, numbers, payments, (low, high) USD, stories
US_CAMPAIGNS = (
    ("apple_support", 20, "Tech Support Scams", ("Robocall", "Phone call"), "Apple Support",
     (APPLE_SUPPORT,), ("Gift card", "Wire transfer", "Zelle"), (200, 6000),
     ("Recorded message said my iCloud was breached and to call Apple Support at {phone}. "
      "The man had me buy {amount} in gift cards and read him the numbers.",
      "Robocall about suspicious activity on my Apple ID. Called {phone} back, they took "
      "remote control of my computer and I paid {amount}.")),
    ("auto_warranty", 15, "Auto Warranty", ("Robocall",), "Vehicle Service Department",
     (AUTO_WARRANTY,), ("Credit card",), (300, 3500),
     ("Final notice call about my car's extended warranty. Pressed 1, then called {phone}. "
      "Paid {amount} down payment on a warranty that does not exist.",)),
    ("student_loan", 10, "Student Loan Debt Relief", ("Robocall", "Phone call"),
     "Student Support Center", (STUDENT_LOAN,), ("Debit card", "ACH"), (99, 1500),
     ("Melissa from Student Support Center left a message about loan forgiveness. I called "
      "{phone} and paid an enrollment fee of {amount}.",)),
)  # fmt: skip


def generate_sentinel(seed: int = SEED, noise: int = 70) -> tuple[list[dict[str, str]], dict]:
    """Rows of the US-side Sentinel-style set and its planted campaigns."""
    gen = _Gen(seed + 2)
    rng = gen.rng
    mule = _pools(_Gen(seed + 1))["_mule_hdfc"].accounts[0]
    start = datetime(2021, 4, 1)
    rows: list[dict[str, str]] = []
    truth: dict[str, dict] = {}

    def base(ref: int) -> dict[str, str]:
        when = start + timedelta(days=rng.randrange(0, 75))
        incident = when - timedelta(days=rng.randrange(0, 10))
        state = rng.choice(US_STATES)
        row = dict.fromkeys(SENTINEL_COLUMNS, "")
        row.update(
            {
                "Reference Number": f"SYN-{when:%Y}-{ref:06d}",
                "Date Received": f"{when.month}/{when.day}/{when.year}",
                "Transaction Date": f"{incident.month}/{incident.day}/{incident.year}",
                "Consumer First Name": rng.choice(US_FIRST),
                "Consumer Last Name": rng.choice(US_LAST),
                "Consumer City": US_CITIES[state],
                "Consumer State": state,
                "Consumer Country": "United States",
                "Synthetic": "yes",
            }
        )
        return row

    def usd(low: int, high: int) -> str:
        cents = rng.randrange(low * 100, high * 100)
        return f"${cents // 100:,}.{cents % 100:02d}"

    ref = 0
    for name, size, category, contacts, company, numbers, payments, span, stories in US_CAMPAIGNS:
        refs = []
        for _ in range(size):
            ref += 1
            row = base(ref)
            number = rng.choice(numbers)
            phone = rng.choice(
                (
                    f"{number[:3]}-{number[3:6]}-{number[6:]}",
                    f"({number[:3]}) {number[3:6]}-{number[6:]}",
                    f"1{number}",
                )
            )
            amount = usd(*span)
            row.update(
                {
                    "Category": category,
                    "Contact Method": rng.choice(contacts),
                    "Company Name": company,
                    "Representative Phone": phone,
                    "Amount Paid": amount,
                    "Payment Method": rng.choice(payments),
                    "Narrative": rng.choice(stories).format(phone=phone, amount=amount),
                }
            )
            if name == "apple_support" and row["Payment Method"] == "Wire transfer":
                row["Narrative"] += (
                    f" The wire went to account {mule[0]} at {mule[2]}, IFSC {mule[1]}, in India."
                )
            rows.append(row)
            refs.append(row["Reference Number"])
        truth[name] = {"shared": list(numbers), "reports": refs}
    for _ in range(noise):
        ref += 1
        row = base(ref)
        number = f"{rng.randrange(201, 990)}-555-01{rng.randrange(100):02d}"  # fictional range
        amount = usd(20, 2500)
        row.update(
            {
                "Category": rng.choice(
                    (
                        "Online Shopping",
                        "Prizes and Lotteries",
                        "Government Imposter",
                        "Romance Scams",
                    )
                ),  # fmt: skip
                "Contact Method": rng.choice(("Phone call", "Text", "Email", "Website")),
                "Company Name": rng.choice(("Prize Center", "Online Deals", "Social Security")),
                "Representative Phone": number if rng.random() < 0.7 else "",
                "Representative Email": f"agent{ref}@example.net" if rng.random() < 0.3 else "",
                "Amount Paid": amount if rng.random() < 0.8 else "",
                "Payment Method": rng.choice(("Credit card", "Gift card", "Cash app")),
                "Narrative": f"Paid {amount} after a contact from {number}; nothing received.",
            }
        )
        rows.append(row)
    rows.sort(key=lambda r: r["Reference Number"])
    return rows, truth


def _csv_text(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_demo(directory: Path, seed: int = SEED) -> list[Path]:
    """Write the synthetic sets and their ground truth into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    ncrp, ncrp_truth = generate_ncrp(seed)
    sentinel, sentinel_truth = generate_sentinel(seed)
    files = {
        "ncrp_complaints.csv": _csv_text(ncrp, NCRP_COLUMNS),
        "sentinel_reports.csv": _csv_text(sentinel, SENTINEL_COLUMNS),
        "planted_campaigns.json": json.dumps(
            {"seed": seed, "ncrp": ncrp_truth, "sentinel": sentinel_truth},
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
    }
    paths = []
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """``python -m crossline.ingest.synthetic DIR [SEED]``."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m crossline.ingest.synthetic DIR [SEED]", file=sys.stderr)
        return 2
    for path in write_demo(Path(args[0]), int(args[1]) if len(args) > 1 else SEED):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
