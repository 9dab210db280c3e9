"""A batch is classified once per distinct input: texts that normalise alike (digits,
case, spacing) with the same channel, category and source share one computation, and
every row still gets what it would get alone."""

from __future__ import annotations

import pytest

from crossline.classify import classifier as classifier_module
from crossline.classify import classify, classify_many

# (text, channel, category, source): rows that repeat a script with other numbers.
KYC = "Your KYC is pending, call {} to update or your account is blocked"
ROWS = [
    (KYC.format("9876543210"), "sms", None, None),
    (KYC.format("9123456780"), "sms", None, None),
    (KYC.lower().replace(" call", "  call").format("9000000001"), "sms", None, None),
    (KYC.format("9876543210"), "call", None, None),
    (KYC.format("9876543210"), "sms", "Impostor", "sentinel"),
    ("I won a lottery of 25 lakh and must pay 5000 tax first", None, None, "sentinel"),
    ("I won a lottery of 99 lakh and must pay 1234 tax first", None, None, "sentinel"),
    ("", None, None, "ftc_dnc"),
    ("", None, None, None),
]  # fmt: skip


def _classify(rows: list[tuple[str, str | None, str | None, str | None]]) -> list:
    return classify_many(
        [r[0] for r in rows],
        channels=[r[1] for r in rows],
        source_categories=[r[2] for r in rows],
        sources=[r[3] for r in rows],
    )


@pytest.mark.parametrize("repeat", [1, 10])
def test_each_row_gets_its_own_answer(repeat: int) -> None:
    rows = ROWS * repeat
    got = _classify(rows)
    want = [classify(t, channel=c, source_category=k, source=s) for t, c, k, s in rows]
    assert got == want


def test_distinct_inputs_are_worked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    featurize = classifier_module.featurize

    def counting(norms):  # noqa: ANN001, ANN202
        sizes.append(len(norms))
        return featurize(norms)

    monkeypatch.setattr(classifier_module, "featurize", counting)
    _classify(ROWS * 10)
    # Distinct (normalised text, channel, category, source): the KYC script in 3
    # settings, the lottery, and the two empty texts.
    assert sizes == [6]


def test_rows_do_not_share_their_tags() -> None:
    first, second = _classify(ROWS[:2])
    assert first.tags == second.tags
    assert first.tags is not second.tags
