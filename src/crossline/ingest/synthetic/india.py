"""The India-side NCRP-style synthetic complaint set, with planted campaigns."""

from __future__ import annotations

from datetime import datetime, timedelta

from crossline.ingest.synthetic.base import (
    APPLE_SUPPORT,
    AUTO_WARRANTY,
    DNC_LOAN,
    FIRST,
    LAST,
    NCRP_COLUMNS,
    SEED,
    STATE_CODES,
    STATES,
    VICTIM_BANKS,
    Campaign,
    Pool,
    _Gen,
)

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
