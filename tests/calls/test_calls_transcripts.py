from __future__ import annotations

from pathlib import Path

import pytest

from crossline.calls.transcripts import (
    callback_numbers,
    evaluate_ftc,
    read_transcripts,
    transcript_campaigns,
    weak_tag,
)
from support.shared_data import FTC_METADATA

CALLBACKS = [
    ("call us at 833-631-7911 now", ["+18336317911"]),
    ("call eight three three three zero four one four four seven", ["+18333041447"]),
    ("our number is 1 (315) 232-8257", ["+13152328257"]),
    ("press 1 or 2", []),
    ("reference 12345678901234", []),
]


@pytest.mark.parametrize(("text", "expected"), CALLBACKS, ids=[c[0][:18] for c in CALLBACKS])
def test_callback_numbers(text: str, expected: list[str]) -> None:
    assert callback_numbers(text) == expected


TAGS = [
    ("data/train/1_in_X_Robocall__SSA-Suspended-P2.wav", "SSA-Suspended"),
    (
        "data/train/s6d.gen_iBasis_Robocall__SSA-P1-BenefitsCanceled__GovtImpers_.wav",
        "SSA-P1-BenefitsCanceled",
    ),
    ("data/train/1112259.wav", None),
]


@pytest.mark.parametrize(("name", "tag"), TAGS, ids=["part-suffix", "govt-marker", "none"])
def test_weak_tag(name: str, tag: str | None) -> None:
    assert weak_tag(name) == tag


def test_callback_links_are_their_own_link_type() -> None:
    items = [
        ("a", "your refund is ready call 415 555 0100"),
        ("b", "hello grandpa it is me please call 4155550100"),
        ("c", "nothing in common here at all, truly nothing"),
    ]
    result = transcript_campaigns(items)
    assert result.groups() == [["a", "b"]]
    assert [link.method for link in result.links] == ["callback:+14155550100"]
    assert transcript_campaigns(items, callbacks=False).groups() == []


@pytest.mark.skipif(FTC_METADATA is None, reason="shared FTC transcripts not available")
def test_ftc_transcripts_stay_tight_and_agree_with_independent_tests() -> None:
    assert FTC_METADATA is not None
    items = read_transcripts(FTC_METADATA)
    result = evaluate_ftc(items, samples=2)
    assert result.transcripts == 1101
    assert result.largest <= result.transcripts / 10
    assert all(v >= 0.99 for v in result.proxy_recall.values()), result.proxy_recall
    assert result.tag_pairs["same_tag_together"] > result.tag_pairs["different_tags_together"]


def test_complaint_matches_join_spoken_numbers_to_complaints(tmp_path: Path) -> None:
    import json

    from crossline.calls.transcripts import complaint_matches, read_dnc_numbers

    (tmp_path / "2021-04-14.json").write_text(
        json.dumps(["8333041447", "8333041447", "4155550100", "2125550199"]), encoding="utf-8"
    )
    complaints = read_dnc_numbers(tmp_path)
    assert complaints["+18333041447"] == 2
    script = (
        "we have been trying to reach you about your car's extended warranty, press one "
        "or call eight three three three zero four one four four seven"
    )
    items = [("a", script), ("b", script[20:]), ("c", "unrelated words only, nothing more here")]
    joins = complaint_matches(items, transcript_campaigns(items), complaints)
    assert joins == [
        {
            "campaign_size": 2,
            "example": "a",
            "number": "+18333041447",
            "transcripts_speaking_it": 2,
            "complaints": 2,
        }
    ]


def test_transcript_eval_to_dict_lists_every_field_in_order() -> None:
    from dataclasses import fields

    from crossline.calls.transcripts import TranscriptEval

    ev = TranscriptEval(
        transcripts=10, clusters=3, singletons=4, largest=3, largest_allowed=5,
        pairs_in_clusters=6, proxy_recall={"tag": 0.5}, tag_pairs={"a": 2},
        links_by_method={"ngram": 6}, samples=[["1", "2"]],
    )  # fmt: skip
    out = ev.to_dict()
    assert list(out) == [f.name for f in fields(TranscriptEval)]
    assert out == {f.name: getattr(ev, f.name) for f in fields(TranscriptEval)}
