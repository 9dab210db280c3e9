"""Plain words for the public: scam types, verdicts and advice (translatable).

Marked with ``N_`` so Babel's extractor collects them; translated when rendered.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return message


SCAM_TYPES = {
    "government_impersonation": N_("someone pretending to be the government or police"),
    "tech_support": N_("fake technical support"),
    "business_impersonation": N_("someone pretending to be a bank, shop or company"),
    "account_phishing": N_("a fake request to verify your account, KYC or OTP"),
    "investment_crypto": N_("a fake investment or crypto scheme"),
    "job_task": N_("a fake job or paid-task offer"),
    "romance_sextortion": N_("a romance scam or blackmail"),
    "family_emergency": N_("a fake emergency of a relative or friend"),
    "prize_lottery": N_("a fake prize or lottery"),
    "loan_debt_relief": N_("a fake loan or debt relief"),
    "delivery_shopping": N_("a fake delivery or online shop"),
    "telemarketing": N_("unwanted sales calls"),
    "other_fraud": N_("fraud"),
}

KINDS = {
    "phone": N_("phone number"),
    "upi": N_("UPI handle"),
    "bank_account": N_("bank account"),
    "iban": N_("bank account (IBAN)"),
    "url": N_("link"),
    "domain": N_("website"),
    "email": N_("e-mail address"),
    "card": N_("card"),
}

PAID_BY = {
    "upi": N_("UPI"),
    "bank_transfer": N_("Bank transfer"),
    "card": N_("Debit or credit card"),
    "gift_card": N_("Gift card"),
    "crypto": N_("Cryptocurrency"),
    "cash": N_("Cash"),
    "other": N_("Other"),
}

CHANNELS = {
    "call": N_("Phone call"),
    "sms": N_("SMS"),
    "whatsapp": N_("WhatsApp or other messenger"),
    "email": N_("E-mail"),
    "web": N_("Website or app"),
    "social": N_("Social media"),
}


def kind_word(kind: str) -> str:
    return KINDS.get(kind, N_("value"))


def scam_word(label: str | None) -> str:
    return SCAM_TYPES.get(label or "other_fraud", SCAM_TYPES["other_fraud"])


# Errors the public can meet, so that pages show them in the reader's language.
ERRORS = (
    N_("say what happened, paste the message or add a screenshot"),
    N_("the amount lost must be a number, like 2500"),
    N_("the date and time are not readable"),
    N_("the screenshot must be a PNG, JPEG or WebP image"),
    N_("sent too quickly: wait a few seconds and send again"),
    N_("the form expired: open it again"),
    N_("the form's challenge is missing or altered"),
    N_("too many requests from your address: wait a minute and try again"),
    N_("nothing to check: paste a number, UPI handle, account, link, wallet or message"),
)
