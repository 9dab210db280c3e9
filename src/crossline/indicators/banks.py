"""Reference tables for payment identifiers: shipped with the code, never fetched.

* IFSC bank prefixes (first four letters of an Indian Financial System Code) of the major
  Indian banks, as published by the Reserve Bank of India.
* UPI payment-service-provider handles (the part after ``@`` in a VPA), as published
  by NPCI and the apps that issue them.
* IBAN lengths per country (ISO 13616 registry).
* Well-known e-mail providers, which are never UPI handles even when written without
  their ``.com``.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (tables are written as prose blocks)."""
    return frozenset(text.split())


IFSC_BANKS: dict[str, str] = {
    "ABHY": "Abhyudaya Co-operative Bank",
    "AIRP": "Airtel Payments Bank",
    "ALLA": "Allahabad Bank",
    "ANDB": "Andhra Bank",
    "AUBL": "AU Small Finance Bank",
    "BARB": "Bank of Baroda",
    "BDBL": "Bandhan Bank",
    "BKID": "Bank of India",
    "CBIN": "Central Bank of India",
    "CITI": "Citibank",
    "CIUB": "City Union Bank",
    "CNRB": "Canara Bank",
    "COSB": "Cosmos Co-operative Bank",
    "CORP": "Corporation Bank",
    "CSBK": "CSB Bank",
    "DBSS": "DBS Bank India",
    "DCBL": "DCB Bank",
    "DEUT": "Deutsche Bank",
    "DLXB": "Dhanlaxmi Bank",
    "ESAF": "ESAF Small Finance Bank",
    "ESFB": "Equitas Small Finance Bank",
    "FDRL": "Federal Bank",
    "FINO": "Fino Payments Bank",
    "HDFC": "HDFC Bank",
    "HSBC": "HSBC",
    "IBKL": "IDBI Bank",
    "ICIC": "ICICI Bank",
    "IDFB": "IDFC First Bank",
    "IDIB": "Indian Bank",
    "INDB": "IndusInd Bank",
    "IOBA": "Indian Overseas Bank",
    "IPOS": "India Post Payments Bank",
    "JAKA": "Jammu and Kashmir Bank",
    "JSFB": "Jana Small Finance Bank",
    "KARB": "Karnataka Bank",
    "KKBK": "Kotak Mahindra Bank",
    "KVBL": "Karur Vysya Bank",
    "LAVB": "Lakshmi Vilas Bank",
    "MAHB": "Bank of Maharashtra",
    "NKGS": "NKGSB Co-operative Bank",
    "NSPB": "NSDL Payments Bank",
    "ORBC": "Oriental Bank of Commerce",
    "PSIB": "Punjab and Sind Bank",
    "PUNB": "Punjab National Bank",
    "PYTM": "Paytm Payments Bank",
    "RATN": "RBL Bank",
    "SBIN": "State Bank of India",
    "SCBL": "Standard Chartered Bank",
    "SIBL": "South Indian Bank",
    "SRCB": "Saraswat Co-operative Bank",
    "SURY": "Suryoday Small Finance Bank",
    "SVCB": "SVC Co-operative Bank",
    "SYNB": "Syndicate Bank",
    "TMBL": "Tamilnad Mercantile Bank",
    "UBIN": "Union Bank of India",
    "UCBA": "UCO Bank",
    "UJVN": "Ujjivan Small Finance Bank",
    "UTBI": "United Bank of India",
    "UTIB": "Axis Bank",
    "UTKS": "Utkarsh Small Finance Bank",
    "VIJB": "Vijaya Bank",
    "YESB": "Yes Bank",
}

#: Names and abbreviations written in messages, for ``meta["bank"]`` of an account
#: stated without its IFSC ("SBI a/c 3012..."). Lower-case keys.
BANK_NAMES: dict[str, str] = {
    "sbi": "State Bank of India",
    "state bank": "State Bank of India",
    "hdfc": "HDFC Bank",
    "icici": "ICICI Bank",
    "axis": "Axis Bank",
    "pnb": "Punjab National Bank",
    "punjab national": "Punjab National Bank",
    "bob": "Bank of Baroda",
    "bank of baroda": "Bank of Baroda",
    "canara": "Canara Bank",
    "union bank": "Union Bank of India",
    "boi": "Bank of India",
    "bank of india": "Bank of India",
    "kotak": "Kotak Mahindra Bank",
    "indusind": "IndusInd Bank",
    "yes bank": "Yes Bank",
    "idfc": "IDFC First Bank",
    "federal bank": "Federal Bank",
    "idbi": "IDBI Bank",
    "indian bank": "Indian Bank",
    "uco": "UCO Bank",
    "iob": "Indian Overseas Bank",
    "central bank": "Central Bank of India",
    "bandhan": "Bandhan Bank",
    "rbl": "RBL Bank",
    "au bank": "AU Small Finance Bank",
    "paytm payments bank": "Paytm Payments Bank",
    "airtel payments bank": "Airtel Payments Bank",
}

UPI_HANDLES: frozenset[str] = words(
    """
    abfspay airtel airtelpaymentsbank albk allahabadbank allbank andb apb apl aubank axis
    axisb axisbank axisgo axl bandhan barodampay barodapay birla boi centralbank cbin
    citi citigold cmsidfc cnrb csbcash csbpay dbs dcb dcbbank denabank dlb eazypay equitas
    esaf ezeepay fbl federal finobank freecharge hdfcbank hdfcbankjd hsbc ibl icici
    icicibank idbi idbibank idfc idfcbank idfcfirst idfcfirstbank ikwik imobile indbank
    indianbank indus indusind iob jio jiopay jkb jsbp jupiteraxis kaypay kbl kmb kmbl
    kotak kvb kvbank lvb lvbank mahb mobikwik myicici naviaxis nsdl obc okaxis okbizaxis
    okhdfcbank okicici oksbi paytm pingpay pnb pockets postbank psb ptaxis pthdfc ptsbi
    ptyes purz rajgovhdfcbank rapl rbl rblbank sbi sbipay sc scb scbl scmobile sib
    sliceaxis srcb superyes synd tapicici timecosmos tjsb ubi uboi uco ucobank unionbank
    unionbankofindia united upi utbi utkarshbank vijb vjb waaxis wahdfcbank waicici wasbi
    yapl ybl yesbank yesbankltd yesg ypay zoicici
    """
)

#: Mail providers people write without their TLD ("name@gmail"): never a UPI handle.
EMAIL_PROVIDERS: frozenset[str] = words(
    """
    gmail googlemail yahoo ymail hotmail outlook live msn aol icloud me mac rediffmail
    rediff protonmail proton zoho yandex mail gmx inbox qq 163 126 sina comcast verizon
    att sbcglobal bellsouth
    """
)

IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
    "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
    "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27,
    "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28,
    "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip
