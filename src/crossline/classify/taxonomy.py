"""The scam-type label set and its mappings to partner vocabularies.

Fourteen labels, one per report, judged from the pretext the victim was given
(see ``TAXONOMY.md``). Partners keep their own vocabularies: the FTC's Consumer
Sentinel and Do-Not-Call subjects, the FBI IC3 crime types and India's NCRP
sub-categories (plus the Chakshu categories of Sanchar Saathi). This module maps
an imported category to a label, and a label to the category each partner expects,
so that an exported report carries both.

Matching of imported categories is forgiving about case, punctuation and spacing,
because NCRP and Sentinel exports are hand-typed in places ("UPI Related Frauds",
"upi related fraud").
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType

LABELS: tuple[str, ...] = (
    "government_impersonation",
    "tech_support",
    "business_impersonation",
    "account_phishing",
    "investment_crypto",
    "job_task",
    "romance_sextortion",
    "family_emergency",
    "prize_lottery",
    "loan_debt_relief",
    "delivery_shopping",
    "telemarketing",
    "other_fraud",
    "not_fraud",
)
LABEL_INDEX = MappingProxyType({label: i for i, label in enumerate(LABELS)})
NOT_FRAUD = "not_fraud"

DESCRIPTIONS = MappingProxyType(
    {
        "government_impersonation": "a government body: tax, social security, police, customs, "
        "courts, telecom regulator; 'digital arrest'",
        "tech_support": "a technology company's support: virus, hacked device, software refund",
        "business_impersonation": "a known business other than tech support: store, bank fraud "
        "department, utility, courier, employer",
        "account_phishing": "'verify/update your account' to steal credentials, OTPs or card "
        "data; account takeover, SIM swap",
        "investment_crypto": "profits from trading, crypto, stock tips, pig-butchering",
        "job_task": "jobs, work from home, paid tasks (likes, reviews)",
        "romance_sextortion": "a relationship, or threats to publish intimate material",
        "family_emergency": "a relative or friend in trouble",
        "prize_lottery": "you won something but must pay, call or share details to collect",
        "loan_debt_relief": "credit offered or debt reduced",
        "delivery_shopping": "a purchase or delivery of goods",
        "telemarketing": "unsolicited sales calls/messages that impersonate no one",
        "other_fraud": "fraud that fits none of the above",
        "not_fraud": "legitimate or personal communication",
    }
)

# Secondary tags: allowed values (``payment_rail`` is a list of these).
CHANNELS = ("call", "robocall", "sms", "whatsapp", "email", "web", "social")
PAYMENT_RAILS = (
    "upi",
    "bank_transfer",
    "wire",
    "card",
    "gift_card",
    "crypto",
    "p2p_app",
    "cash_courier",
)
SPOOFING = ("neighbor", "government_number", "none_seen")
YES_NO = ("yes", "no", "unknown")

# What each partner calls a label when we export it.
_PARTNER: dict[str, dict[str, str]] = {
    "government_impersonation": {
        "ftc": "Government Imposter",
        "ic3": "Government Impersonation",
        "ncrp": "Cheating by Impersonation",
    },
    "tech_support": {
        "ftc": "Tech Support Imposter",
        "ic3": "Tech Support",
        "ncrp": "Fraud Call/Vishing",
    },
    "business_impersonation": {
        "ftc": "Business Imposter",
        "ic3": "Phishing/Spoofing",
        "ncrp": "Fraud Call/Vishing",
    },
    "account_phishing": {
        "ftc": "Identity Theft",
        "ic3": "Phishing/Spoofing",
        "ncrp": "Internet Banking Related Fraud",
    },
    "investment_crypto": {
        "ftc": "Investment Related",
        "ic3": "Investment",
        "ncrp": "Online Investment Fraud",
    },
    "job_task": {
        "ftc": "Business and Job Opportunities",
        "ic3": "Employment",
        "ncrp": "Online Job Fraud",
    },
    "romance_sextortion": {
        "ftc": "Romance Imposter",
        "ic3": "Confidence/Romance",
        "ncrp": "Online Matrimonial Fraud",
    },
    "family_emergency": {
        "ftc": "Family and Friend Imposter",
        "ic3": "Confidence/Romance",
        "ncrp": "Cheating by Impersonation",
    },
    "prize_lottery": {
        "ftc": "Prizes, Sweepstakes and Lotteries",
        "ic3": "Lottery/Sweepstakes/Inheritance",
        "ncrp": "Lottery Fraud",
    },
    "loan_debt_relief": {
        "ftc": "Debt Relief and Credit Repair",
        "ic3": "Advanced Fee",
        "ncrp": "Loan App Fraud",
    },
    "delivery_shopping": {
        "ftc": "Online Shopping and Negative Reviews",
        "ic3": "Non-payment/Non-Delivery",
        "ncrp": "E-Commerce Fraud",
    },
    "telemarketing": {
        "ftc": "Do Not Call",
        "ic3": "Other",
        "ncrp": "Unsolicited Commercial Communication",
    },
    "other_fraud": {"ftc": "Other", "ic3": "Other", "ncrp": "Any Other Cyber Crime"},
    "not_fraud": {"ftc": "", "ic3": "", "ncrp": ""},
}
assert set(_PARTNER) == set(LABELS)

# Imported category -> label. Keys are normalised with :func:`_key`. One table per
# vocabulary family; the importer's ``source`` picks the family (see _FAMILY).
_FTC = {
    # Consumer Sentinel categories and imposter sub-categories
    "government imposter": "government_impersonation",
    "government impersonation": "government_impersonation",
    "business imposter": "business_impersonation",
    "tech support imposter": "tech_support",
    "tech support": "tech_support",
    "technical support": "tech_support",
    "family and friend imposter": "family_emergency",
    "family friend imposter": "family_emergency",
    "romance imposter": "romance_sextortion",
    "romance scams": "romance_sextortion",
    "online shopping and negative reviews": "delivery_shopping",
    "online shopping": "delivery_shopping",
    "prizes sweepstakes and lotteries": "prize_lottery",
    "investment related": "investment_crypto",
    "business and job opportunities": "job_task",
    "job opportunities": "job_task",
    "debt relief and credit repair": "loan_debt_relief",
    "mortgage foreclosure relief and debt management": "loan_debt_relief",
    "advance payments for credit services": "loan_debt_relief",
    "identity theft": "account_phishing",
    "phishing": "account_phishing",
    "charitable solicitations": "other_fraud",
    "travel vacations and timeshare plans": "telemarketing",
    "health care": "telemarketing",
    "do not call": "telemarketing",
    # Do-Not-Call complaint subjects
    "calls pretending to be government businesses or family and friends": (
        "government_impersonation"
    ),
    "imposters": "government_impersonation",
    "computer technical support": "tech_support",
    "computer and technical support": "tech_support",
    "reducing your debt credit cards mortgage student loans": "loan_debt_relief",
    "reducing your debt": "loan_debt_relief",
    "debt reduction": "loan_debt_relief",
    "lotteries prizes sweepstakes": "prize_lottery",
    "lotteries prizes and sweepstakes": "prize_lottery",
    "warranties protection plans": "telemarketing",
    "warranties and protection plans": "telemarketing",
    "medical prescriptions": "telemarketing",
    "medical and prescriptions": "telemarketing",
    "energy solar utilities": "telemarketing",
    "energy solar and utilities": "telemarketing",
    "home improvement cleaning": "telemarketing",
    "home improvement and cleaning": "telemarketing",
    "home security alarms": "telemarketing",
    "home security and alarms": "telemarketing",
    "vacation timeshares": "telemarketing",
    "vacation and timeshares": "telemarketing",
    "political": "telemarketing",
    "work from home": "job_task",
}
_IC3 = {
    "government impersonation": "government_impersonation",
    "tech support": "tech_support",
    "investment": "investment_crypto",
    "cryptocurrency": "investment_crypto",
    "employment": "job_task",
    "confidence romance": "romance_sextortion",
    "extortion": "romance_sextortion",
    "lottery sweepstakes inheritance": "prize_lottery",
    "advanced fee": "loan_debt_relief",
    "advance fee": "loan_debt_relief",
    "non payment non delivery": "delivery_shopping",
    "phishing spoofing": "account_phishing",
    "phishing": "account_phishing",
    "identity theft": "account_phishing",
    "sim swap": "account_phishing",
    "personal data breach": "account_phishing",
    "credit card check fraud": "account_phishing",
    "bec": "other_fraud",
    "business email compromise": "other_fraud",
    "real estate": "other_fraud",
    "overpayment": "other_fraud",
    "other": "other_fraud",
}
_NCRP = {
    # Online financial fraud
    "business email compromise email takeover": "other_fraud",
    "debit credit card fraud sim swap fraud": "account_phishing",
    "debit credit card fraud": "account_phishing",
    "sim swap fraud": "account_phishing",
    "demat depository fraud": "investment_crypto",
    "e wallet related fraud": "account_phishing",
    "fraud call vishing": "business_impersonation",
    "internet banking related fraud": "account_phishing",
    "upi related frauds": "account_phishing",
    "upi related fraud": "account_phishing",
    "aadhar enabled payment system aeps": "account_phishing",
    "kyc fraud": "account_phishing",
    # Online and social media related crime
    "cheating by impersonation": "government_impersonation",
    "impersonation as govt dot": "government_impersonation",
    "impersonation as govt official dot trai": "government_impersonation",
    "impersonation as government official police dot": "government_impersonation",
    "digital arrest": "government_impersonation",
    "disconnection of mobile numbers by dot trai": "government_impersonation",
    "fake customer care": "business_impersonation",
    "fake customer care helpline": "business_impersonation",
    "e mail phishing": "account_phishing",
    "email phishing": "account_phishing",
    "profile hacking identity theft": "account_phishing",
    "kyc related to bank electricity gas insurance policy etc": "account_phishing",
    "online job fraud": "job_task",
    "online matrimonial fraud": "romance_sextortion",
    "sextortion": "romance_sextortion",
    "sexually explicit act": "romance_sextortion",
    "impersonation of relative": "family_emergency",
    "cryptocurrency fraud": "investment_crypto",
    "cryptocurrency crime": "investment_crypto",
    "online investment fraud": "investment_crypto",
    "investment trading": "investment_crypto",
    "lottery fraud": "prize_lottery",
    "lottery gift": "prize_lottery",
    "loan app fraud": "loan_debt_relief",
    "loan fraud": "loan_debt_relief",
    "e commerce fraud": "delivery_shopping",
    "online shopping fraud": "delivery_shopping",
    "ivr robo calls": "telemarketing",
    "unsolicited commercial communication": "telemarketing",
    "ucc": "telemarketing",
    "online gambling betting": "other_fraud",
    "any other cyber crime": "other_fraud",
}
_FAMILY: dict[str, tuple[dict[str, str], ...]] = {
    "ftc_dnc": (_FTC,),
    "ftc_transcripts": (_FTC,),
    "sentinel": (_FTC, _IC3),
    "ic3": (_IC3, _FTC),
    "ncrp": (_NCRP,),
    "chakshu": (_NCRP,),
}
_ALL = (_NCRP, _FTC, _IC3)

# CFPB Product/Issue pairs that mean a scam; the rest of CFPB is a consumer complaint
# about a legitimate firm and carries no scheme.
_CFPB = {
    "fraud or scam": "other_fraud",
    "card opened as result of identity theft or fraud": "account_phishing",
    "account opened as a result of fraud": "account_phishing",
    "fraudulent loan": "loan_debt_relief",
}


def _key(text: str) -> str:
    """Case-, punctuation- and spacing-insensitive form of a category name."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold().replace("&", " and ")).split())


def _key_loose(text: str) -> str:
    """Like :func:`_key` but without the word 'and' (``'Home & Alarms'`` ~ ``'home alarms'``)."""
    return " ".join(w for w in _key(text).split() if w != "and")


_LOOSE = {id(t): {_key_loose(k): v for k, v in t.items()} for t in _ALL}


def _lookup(table: dict[str, str], wanted: str) -> str | None:
    hit = table.get(wanted)
    if hit is None:
        hit = _LOOSE[id(table)].get(wanted)
    return hit


@lru_cache(maxsize=4096)  # real exports repeat a few dozen category strings
def label_from_source_category(source: str, category: str) -> str | None:
    """The label an imported category stands for, or ``None`` when it names no scheme.

    ``source`` is the importer's source name (``ftc_dnc``, ``sentinel``, ``ncrp``,
    ``cfpb`` ...): it picks which partner vocabulary is tried first. ``category`` is
    the source's own field (FTC Subject, NCRP sub-category, CFPB Issue or
    ``Product/Issue/Sub-issue``). A label name itself is accepted too.
    """
    if not category or not category.strip():
        return None
    raw = category.strip()
    if raw in LABEL_INDEX:
        return raw
    if source == "cfpb":
        for part in re.split(r"[|/;]", raw):
            hit = _CFPB.get(_key(part))
            if hit:
                return hit
        return None
    tables = _FAMILY.get(source, _ALL)
    for wanted in (_key(raw), _key_loose(raw)):
        for table in (*tables, *_ALL):
            hit = _lookup(table, wanted)
            if hit is not None:
                return hit
    return None


def partner_categories(label: str) -> dict[str, str]:
    """The FTC, IC3 and NCRP category a label is exported as: ``{"ftc", "ic3", "ncrp"}``.

    ``not_fraud`` maps to empty strings (no partner category applies).
    Raises :class:`KeyError` naming the label when it is not one of :data:`LABELS`.
    """
    try:
        return dict(_PARTNER[label])
    except KeyError:
        raise KeyError(f"unknown label {label!r}; expected one of {', '.join(LABELS)}") from None


def is_fraud(label: str) -> bool:
    """True for every label except ``not_fraud``."""
    return label != NOT_FRAUD


# What people call each label (TAXONOMY.md): select lists and exports show these.
HUMAN_NAMES = MappingProxyType(
    {
        "government_impersonation": "Government Impersonation",
        "tech_support": "Tech Support",
        "business_impersonation": "Business Impersonation",
        "account_phishing": "Account Phishing",
        "investment_crypto": "Investment / Crypto",
        "job_task": "Job / Task",
        "romance_sextortion": "Romance / Sextortion",
        "family_emergency": "Family Emergency",
        "prize_lottery": "Prize / Lottery",
        "loan_debt_relief": "Loan / Debt Relief",
        "delivery_shopping": "Delivery / Shopping",
        "telemarketing": "Telemarketing",
        "other_fraud": "Other Fraud",
        "not_fraud": "Not Fraud",
    }
)
_BY_NAME = {
    _key_loose(text): label
    for label, name in HUMAN_NAMES.items()
    for text in (label, name, name.replace("/", "and"))
}


def human_name(label: str | None) -> str:
    """``tech_support`` -> ``Tech Support``; unknown labels are shown as stored."""
    if not label:
        return ""
    return HUMAN_NAMES.get(label, label.replace("_", " "))


def label_from_name(text: str) -> str | None:
    """The label a person or a script names: ``Tech Support``, ``tech support`` and
    ``tech_support`` all give ``tech_support``; None when no label has that name."""
    return _BY_NAME.get(_key_loose(text))
