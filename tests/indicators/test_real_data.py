"""Checks on the real public data beside the clone (../shared/data), read at run time.

Some of these sets are GPL-licensed (Unit 42 notes, jarelllama's blocklist): they are
never copied into the project, only read here when present; the tests skip otherwise.
"""

from __future__ import annotations

import csv
import re

from crossline.indicators import extract, extract_many
from crossline.indicators.urls import refang, registrable

from .support import require_data

_IOC_LINE = re.compile(r"^- (\S*\[\.\]\S*)\s*$")
_SCHEME = re.compile(r"^h[tx]{2}ps?(?:\[:\]|\[://\]|:)?/*", re.IGNORECASE)


def test_unit42_defanged_indicators_are_recovered() -> None:
    reports = require_data("unit42-scam-iocs", "reports")
    lines: list[str] = []
    expected: list[tuple[str, str]] = []
    for path in sorted(reports.iterdir()):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            match = _IOC_LINE.match(line)
            if not match or "redacted" in line.lower() or "@" in match.group(1):
                continue
            host = refang(_SCHEME.sub("", match.group(1))).split("/")[0].split("?")[0].lower()
            if re.fullmatch(r"[0-9.]+", host):
                expected.append(("ipv4", host))
            elif registrable(host):
                expected.append(("domain", registrable(host)[0]))  # type: ignore[index]
            else:
                continue  # not a resolvable name ("ahead-recruitment[.]ue")
            lines.append(line)
    found = extract_many(lines)
    hits = sum(
        1
        for want, got in zip(expected, found, strict=True)
        if want in {(f.kind, f.value) for f in got}
    )
    assert len(lines) > 1500
    assert hits / len(lines) >= 0.99, (hits, len(lines))


def test_scam_domain_list_is_read_with_and_without_a_cue() -> None:
    path = require_data("jarelllama-scam-domains", "scams_light.txt")
    domains = [d for d in path.read_text().split() if "." in d and not d.startswith("#")]
    for template, floor in (("Visit {} to claim your refund", 0.99), ("{}", 0.85)):
        found = extract_many([template.format(d) for d in domains], "US")
        hits = sum(
            1
            for d, got in zip(domains, found, strict=True)
            if registrable(d) and ("domain", registrable(d)[0]) in {(f.kind, f.value) for f in got}  # type: ignore[index]
        )
        assert hits / len(domains) >= floor, (template, hits, len(domains))


def test_robocall_transcripts_give_their_callback_numbers() -> None:
    path = require_data("ftc-robocall-transcripts", "metadata.csv")
    with path.open(encoding="utf-8") as fh:
        texts = [row["transcript"] for row in csv.DictReader(fh)]
    found = extract_many(texts, "US")
    written = re.compile(r"(?<![\d-])(\d{3})-(\d{3})-(\d{4})(?![\d-])")
    wanted = got = 0
    for text, items in zip(texts, found, strict=True):
        phones = {f.value for f in items if f.kind == "phone"}
        for match in written.finditer(text):
            wanted += 1
            got += "+1" + "".join(match.groups()) in phones
        assert all(f.kind in ("phone", "url", "domain") for f in items), items
    assert wanted > 100 and got / wanted >= 0.98, (got, wanted)


def test_personal_sms_give_almost_no_indicators() -> None:
    path = require_data("uci-sms-spam", "SMSSpamCollection.tsv")
    rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines()]
    ham = [text for label, text in rows if label == "ham"]
    found = [f for items in extract_many(ham, "GB") for f in items]
    assert len(ham) > 4000
    # ham holds a few real sites (fullonsms.com ...) but no phone numbers, amounts or typos
    assert not [f for f in found if f.kind == "phone"]
    assert len(found) <= 40, [(f.kind, f.value) for f in found]


def test_smishing_with_a_url_flag_gives_a_url_or_domain() -> None:
    path = require_data("sms-smishing-mendeley", "Dataset_5971.csv")
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["URL"].lower() == "yes"]
    found = extract_many([r["TEXT"] for r in rows], "GB")
    hits = sum(1 for items in found if {"url", "domain"} & {f.kind for f in items})
    assert hits / len(rows) >= 0.9, (hits, len(rows))


def test_batch_equals_one_by_one_on_real_messages() -> None:
    path = require_data("sms-smishing-mendeley", "Dataset_5971.csv")
    with path.open(encoding="utf-8") as fh:
        texts = [r["TEXT"] for r in csv.DictReader(fh)]
    regions = ["IN" if i % 2 else "GB" for i in range(len(texts))]
    assert extract_many(texts, regions) == [
        extract(t, r) for t, r in zip(texts, regions, strict=True)
    ]
