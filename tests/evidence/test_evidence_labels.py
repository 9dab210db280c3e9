"""Case references and exhibit numbers: one label rule, two lengths."""

from __future__ import annotations

import pytest

from crossline.errors import ValidationError
from crossline.evidence.items import check_case, check_exhibit, check_label

OK = [
    pytest.param("A", 1, id="one-character"),
    pytest.param("case-2024.01_x", 14, id="punctuation-inside"),
    pytest.param("9" * 64, 64, id="at-the-limit"),
]
BAD = [
    pytest.param("", 5, id="empty"),
    pytest.param(None, 5, id="none"),
    pytest.param("-lead", 5, id="punctuation-first"),
    pytest.param("a/b", 5, id="slash"),
    pytest.param("x" * 6, 5, id="over-the-limit"),
]


@pytest.mark.parametrize(("value", "longest"), OK)
def test_label_accepted(value, longest) -> None:
    assert check_label(value, field="f", what="thing", longest=longest) == value


@pytest.mark.parametrize(("value", "longest"), BAD)
def test_label_refused_naming_the_field(value, longest) -> None:
    with pytest.raises(ValidationError) as caught:
        check_label(value, field="f", what="thing", longest=longest)
    assert caught.value.context["field"] == "f"
    assert caught.value.context["expected"] == f"1-{longest} characters from A-Z a-z 0-9 . _ -"
    assert caught.value.message == f"thing {value!r} is not valid"


@pytest.mark.parametrize(
    ("check", "longest", "field"),
    [pytest.param(check_case, 128, "case", id="case"),
     pytest.param(check_exhibit, 64, "exhibit", id="exhibit")],
)  # fmt: skip
def test_case_and_exhibit_lengths(check, longest, field) -> None:
    assert check("x" * longest) == "x" * longest
    with pytest.raises(ValidationError) as caught:
        check("x" * (longest + 1))
    assert caught.value.context["field"] == field
