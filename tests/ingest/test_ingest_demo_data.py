"""The bundled demo data: present, readable, small, synthetic where it says so, linked."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from readers_testkit import read, rejected, reports

from crossline.demo_data import DEMO_DIR, demo_files, planted_campaigns
from crossline.ingest.formats import detect
from crossline.ingest.synthetic import write_demo
from crossline.ingest.synthetic.base import (
    APPLE_SUPPORT,
    AUTO_WARRANTY,
    DNC_LOAN,
    STUDENT_LOAN,
)


def digits(value: str) -> str:
    found = "".join(c for c in value if c.isdigit())
    return found[-10:]


def test_demo_files_exist_in_order_and_are_small() -> None:
    files = demo_files()
    assert all(f.is_file() for f in files)
    assert files[0].name == "metadata.csv" and files[-1].name == "ncrp_complaints.csv"
    assert len([f for f in files if f.suffix == ".json"]) == 8
    total = sum(f.stat().st_size for f in DEMO_DIR.rglob("*") if f.is_file())
    assert total < 3 * 1024 * 1024


def test_every_demo_file_is_detected_and_read_without_loss() -> None:
    counts: Counter[str] = Counter()
    for path in demo_files():
        reader = detect(path)
        items = read(reader.name, path)
        assert not rejected(items), path
        counts[reader.name] += len(items)
    assert counts == {
        "robocall_transcripts": 1101,
        "ftc_dnc_numbers": 91_448,
        "sentinel_csv": 115,
        "ncrp_csv": 361,
    }


def test_synthetic_sets_are_marked_and_real_sets_are_not() -> None:
    for path in demo_files():
        items = reports(read(detect(path).name, path))
        expected = "synthetic" in path.parts
        assert {r.synthetic for r in items} == {expected}, path


def test_generator_is_reproducible(tmp_path: Path) -> None:
    for path in write_demo(tmp_path):
        assert path.read_bytes() == (DEMO_DIR / "synthetic" / path.name).read_bytes(), path.name


def test_planted_cross_border_values_are_in_the_real_data() -> None:
    dnc: Counter[str] = Counter()
    for path in sorted((DEMO_DIR / "ftc-dnc-reported-numbers").glob("*.json")):
        dnc.update(json.loads(path.read_text()))
    transcripts = (DEMO_DIR / "ftc-robocall-transcripts" / "metadata.csv").read_text()
    assert dnc[AUTO_WARRANTY] == 152 and dnc[APPLE_SUPPORT] == 60 and dnc[DNC_LOAN] == 87
    for number in (AUTO_WARRANTY, APPLE_SUPPORT, STUDENT_LOAN):
        assert f"{number[:3]}-{number[3:6]}-{number[6:]}" in transcripts


def test_indian_complaints_name_the_us_numbers_and_a_shared_account() -> None:
    ncrp = reports(read("ncrp_csv", DEMO_DIR / "synthetic" / "ncrp_complaints.csv"))
    sentinel = reports(read("sentinel_csv", DEMO_DIR / "synthetic" / "sentinel_reports.csv"))
    phones = Counter(digits(s.value) for r in ncrp for s in r.suspects if s.kind == "phone")
    assert phones[APPLE_SUPPORT] >= 5 and phones[AUTO_WARRANTY] >= 5 and phones[DNC_LOAN] >= 3
    accounts = {s.value for r in ncrp for s in r.suspects if s.kind == "bank_account"}
    wired = [r for r in sentinel if r.text and "IFSC" in r.text]
    assert wired and all(any(a in (r.text or "") for a in accounts) for r in wired)


def test_planted_campaigns_match_the_rows() -> None:
    truth = planted_campaigns()
    ncrp = {
        r.source_ref: r
        for r in reports(read("ncrp_csv", DEMO_DIR / "synthetic" / "ncrp_complaints.csv"))
    }
    for name, campaign in truth["ncrp"].items():
        shared = {digits(v) if v[-1].isdigit() and "@" not in v else v for v in campaign["shared"]}
        for ack in campaign["reports"]:
            report = ncrp[ack]
            values = {s.value for s in report.suspects} | {digits(s.value) for s in report.suspects}
            named = values | {w.strip(".,()") for w in (report.text or "").split()}
            assert named & shared, (name, ack)
    indian = [r for r in ncrp.values() if r.victim_location.country == "IN"]
    assert len(indian) == 361
    assert len({r.victim_location.state for r in indian}) >= 10
    assert {"@ybl", "@okaxis", "@paytm"} <= {
        "@" + s.value.split("@")[1] for r in indian for s in r.suspects if s.kind == "upi"
    }
