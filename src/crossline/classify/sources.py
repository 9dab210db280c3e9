"""Readers for the public data sets the classifier is built from (build time only).

Each reader turns one folder of ``../shared/data`` into :class:`Example` records.
An example's ``label`` is set when the *source itself* says what the scheme is
(a tag in an FTC file name, a SpamHunter sub-category, "ham" in an SMS corpus): those
are ``gold`` labels, independent of our rules. Examples without one are labelled
later by the rules (weak supervision) or dropped.

Licences decide what may be written into the repository: :data:`REDISTRIBUTABLE`
lists the folders whose text may be copied into ``data/classify`` (public domain or
CC BY); the others are read at build time only.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crossline.errors import ModelError

# Public domain (FTC, CFPB) or CC BY 4.0 (UCI, Mendeley): may be copied with attribution.
REDISTRIBUTABLE = frozenset({"ftc_transcripts", "uci_sms", "mendeley_sms", "cfpb", "synthetic"})


@dataclass(frozen=True, slots=True)
class Example:
    """One text with what its source says about it.

    ``label`` is ``None`` when the source gives no scheme; ``gold`` is true when the
    label comes from the source (or a synthetic template), not from our rules.
    """

    text: str
    label: str | None
    origin: str
    gold: bool = False
    ref: str = ""  # where in the source (file:line), for audits
    template: str = ""  # synthetic template id (keeps a template in one split)
    hint: str = ""  # the source's own coarse class: "spam", "smishing", "robocall" ...


def shared_data_dir() -> Path:
    """``$CROSSLINE_SHARED_DATA`` or ``../shared/data`` beside the repository."""
    env = os.environ.get("CROSSLINE_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


# FTC/ITG campaign tag in a transcript's file name -> label. Tags name the pretext.
_FTC_TAGS: tuple[tuple[str, str], ...] = (
    ("ssa-", "government_impersonation"),
    ("govtimpers", "government_impersonation"),
    ("cbp-", "government_impersonation"),
    ("fedreserv", "government_impersonation"),
    ("legal", "government_impersonation"),
    ("computer-hijack", "tech_support"),
    ("techsupport", "tech_support"),
    ("amazon", "business_impersonation"),
    ("authorized-order", "business_impersonation"),
    ("paypal", "business_impersonation"),
    ("cashapp", "business_impersonation"),
    ("utility", "business_impersonation"),
    ("isp_cable", "business_impersonation"),
    ("discount-directv", "business_impersonation"),
    ("chinese-packagedelivery", "business_impersonation"),
    ("chinese-expressreturn", "business_impersonation"),
    ("ccirr-p4financialimpers", "loan_debt_relief"),
    ("ccirr", "loan_debt_relief"),
    ("creditcard", "loan_debt_relief"),
    ("studentloan", "loan_debt_relief"),
    ("debtrelief", "loan_debt_relief"),
    ("taxreduction", "loan_debt_relief"),
    ("autowarranty", "telemarketing"),
    ("medicare", "telemarketing"),
    ("solar", "telemarketing"),
    ("travel_scam", "prize_lottery"),
)
_TAG = re.compile(r"Robocall__(.+?)\.wav", re.IGNORECASE)


def ftc_tag_label(file_name: str) -> str | None:
    """Label named by the FTC campaign tag in a transcript file name, if any."""
    m = _TAG.search(file_name)
    if not m:
        return None
    tag = m.group(1).lower()
    for prefix, label in _FTC_TAGS:
        if prefix in tag:
            return label
    return None


def _require(path: Path) -> Path:
    if not path.exists():
        raise ModelError(f"training data not found: {path} (set CROSSLINE_SHARED_DATA)")
    return path


def ftc_transcripts(root: Path) -> Iterator[Example]:
    path = _require(root / "ftc-robocall-transcripts" / "metadata.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            label = ftc_tag_label(row["file_name"])
            yield Example(
                row["transcript"].strip(),
                label,
                "ftc_transcripts",
                label is not None,
                f"{path.name}:{i}",
                hint="robocall",
            )


def kurtovic(root: Path) -> Iterator[Example]:
    folder = root / "robocall-voicemail-kurtovic"
    if not folder.exists():
        return
    for name, label in (("robos.csv", None), ("nonrobo.csv", "not_fraud")):
        for i, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield Example(
                    line.strip(),
                    label,
                    "kurtovic",
                    label is not None,
                    f"{name}:{i}",
                    hint="robocall" if label is None else "voicemail",
                )
    for i, line in enumerate((folder / "full_testdata.csv").read_text("utf-8").splitlines(), 1):
        flag, _, text = line.partition("\t")
        if text.strip():
            label = "not_fraud" if flag.strip() == "0" else None
            yield Example(
                text.strip(),
                label,
                "kurtovic",
                label is not None,
                f"full_testdata.csv:{i}",
                hint="robocall" if label is None else "voicemail",
            )


def uci_sms(root: Path) -> Iterator[Example]:
    path = root / "uci-sms-spam" / "SMSSpamCollection.tsv"
    if not path.exists():
        return
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        tag, _, text = line.partition("\t")
        if text.strip():
            label = "not_fraud" if tag == "ham" else None
            yield Example(
                text.strip(), label, "uci_sms", label is not None, f"{path.name}:{i}", hint=tag
            )


def mendeley_sms(root: Path) -> Iterator[Example]:
    path = root / "sms-smishing-mendeley" / "Dataset_5971.csv"
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            tag = (row.get("label") or row.get("LABEL") or "").strip().lower()
            text = (row.get("TEXT") or "").strip()
            if text:
                label = "not_fraud" if tag == "ham" else None
                yield Example(
                    text, label, "mendeley_sms", label is not None, f"{path.name}:{i}", hint=tag
                )


# SpamHunter (Category, Subcategory) -> label; None = let the rules decide.
_SPAMHUNTER: dict[tuple[str, str], str | None] = {
    ("Fraud", "account alert"): "account_phishing",
    ("Fraud", "credit/debit card"): "account_phishing",
    ("Fraud", "delivery"): "delivery_shopping",
    ("Fraud", "prize"): "prize_lottery",
    ("Fraud", "tax refund"): "government_impersonation",
    ("Fraud", "covid"): "government_impersonation",
    ("Ads", "promo"): "telemarketing",
    ("Ads", "politics/election"): "telemarketing",
    ("Ads", "gamble"): "other_fraud",
    ("Fraud", "gamble"): "other_fraud",
}


def spamhunter(root: Path) -> Iterator[Example]:
    folder = root / "spamhunter-sms"
    if not folder.exists():
        return
    path = folder / "labelled_train.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            text = row["SMS Translation"].strip()
            label = _SPAMHUNTER.get((row["Category"], row["Subcategory"]))
            if text:
                yield Example(
                    text,
                    label,
                    "spamhunter",
                    label is not None,
                    f"{path.name}:{i}",
                    hint=row["Category"].lower(),
                )
    for month in sorted((folder / "texts").glob("tweet_sms_*.txt")):
        for i, line in enumerate(month.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield Example(
                    line.strip(), None, "spamhunter_texts", False, f"{month.name}:{i}", hint="spam"
                )


# A narrative that *tells* of a scam, not one that calls a debt collector "a scam company".
_CFPB_SCAM = re.compile(
    r"\b(?:i|we|my \w+) (?:was|were|have been|had been|got) (?:scammed|defrauded|conned)|"
    r"victim of (?:a|an) [\w\s-]{0,40}scam|\bscammers?\b|fraudster|con artist|impersonat|"
    r"falsely identif|posing as|pretending to be|claiming to be (?:from|with)|"
    r"i believe i have been scammed|\bscammed\b",
    re.IGNORECASE,
)


def cfpb(root: Path) -> Iterator[Example]:
    """CFPB narratives: scam stories are left to the rules; the rest are not fraud.

    A complaint about a credit bureau or a debt collector is a grievance against a
    real firm, not a scheme, so it is ``not_fraud`` unless it tells of a scam.
    """
    path = root / "cfpb-complaints-sample" / "complaints_sample.csv"
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            text = (row.get("Consumer complaint narrative") or "").strip()
            if not text:
                continue
            issue = f"{row.get('Issue', '')} {row.get('Sub-issue', '')}".lower()
            if "fraud or scam" in issue or _CFPB_SCAM.search(text):
                label = None
            elif "identity theft" in issue or "identity theft" in text.lower():
                continue  # victim of theft, but no scheme told: no label either way
            else:
                label = "not_fraud"
            yield Example(
                text, label, "cfpb", label is not None, f"{path.name}:{i}", hint="complaint"
            )


READERS = (ftc_transcripts, kurtovic, uci_sms, mendeley_sms, spamhunter, cfpb)


def load_all(root: Path | None = None) -> list[Example]:
    """Every example from every reader whose folder is present (FTC transcripts required)."""
    root = root or shared_data_dir()
    out: list[Example] = []
    for reader in READERS:
        out.extend(reader(root))
    return out


def write_csv(path: Path, examples: list[Example]) -> None:
    """Write ``text,label,origin,gold,ref`` rows (the format ``classify eval`` reads)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["text", "label", "origin", "gold", "ref"])
        for ex in examples:
            w.writerow([ex.text, ex.label or "", ex.origin, int(ex.gold), ex.ref])


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
