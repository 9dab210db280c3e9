"""The US-side Consumer-Sentinel-style synthetic report set."""

from __future__ import annotations

from datetime import datetime, timedelta

from crossline.ingest.synthetic.base import (
    APPLE_SUPPORT,
    AUTO_WARRANTY,
    SEED,
    SENTINEL_COLUMNS,
    STUDENT_LOAN,
    _Gen,
)
from crossline.ingest.synthetic.india import _pools

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
