"""Pure parts of the citizens' site: counting rules, challenge, limits, catalogues."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from crossline.errors import ValidationError
from crossline.public import i18n
from crossline.public.challenge import Challenges, solve, solves
from crossline.public.limits import Limit, SlidingWindow
from crossline.share import public_answer as v

D = datetime(2026, 1, 5, tzinfo=UTC)


def T(
    citizen: bool, marking: str, n: int, status: str | None = None, label: str = "tech_support"
) -> v.Tally:  # noqa: N802
    return v.Tally(citizen, marking, status, label, n, D)


@pytest.mark.parametrize(
    ("tallies", "verdict", "count"),
    [
        ([], v.NO_REPORTS, 0),
        ([T(False, "TLP:CLEAR", 3)], v.REPORTED, 3),
        ([T(False, "TLP:GREEN", 2)], v.SUSPICIOUS, 2),
        ([T(False, "TLP:RED", 50)], v.NO_REPORTS, 0),
        ([T(False, "TLP:AMBER", 50), T(False, "TLP:AMBER+STRICT", 5)], v.NO_REPORTS, 0),
        ([T(True, "TLP:AMBER", 1000, "pending")], v.NO_REPORTS, 0),
        ([T(True, "TLP:AMBER", 1000, None)], v.NO_REPORTS, 0),
        ([T(True, "TLP:AMBER", 2, "confirmed")], v.SUSPICIOUS, 2),
        ([T(True, "TLP:AMBER", 9, "rejected"), T(False, "TLP:CLEAR", 1)], v.SUSPICIOUS, 1),
        ([T(True, "TLP:AMBER", 9, "pending"), T(False, "TLP:CLEAR", 1)], v.REPORTED, 10),
        ([T(True, "TLP:AMBER", 9, "pending"), T(False, "TLP:RED", 1)], v.NO_REPORTS, 0),
        ([T(True, "TLP:RED", 9, "confirmed")], v.NO_REPORTS, 0),
    ],
    ids=[
        "nothing", "three-clear", "two-green", "red-only", "amber-only", "public-flood",
        "public-unmoderated", "public-confirmed", "rejected-never", "corroborated-by-clear",
        "red-does-not-corroborate", "public-marked-red",
    ],
)  # fmt: skip
def test_counting_rules(tallies: list[v.Tally], verdict: str, count: int) -> None:
    out = v.answer("phone", "+15550000000", tallies)
    assert (out.verdict, out.reports) == (verdict, count)


def test_genuine_numbers_from_the_warning_list_and_short_helplines() -> None:
    assert v.genuine_name("phone", "+18007721213", "US")
    assert v.genuine_name("phone", "1930", "IN")
    assert v.genuine_name("phone", "1930", "US") is None
    assert v.genuine_name("phone", "+15555555555", "US") is None  # a placeholder, not genuine
    assert v.genuine_name("domain", "gmail.com", None) is None
    assert v.short_helpline("19 30", "IN") == "1930"
    assert v.short_helpline("call 1930", "IN") is None  # exact values only


def test_headline_is_the_most_alarming() -> None:
    answers = [v.ValueAnswer("phone", "a", v.GENUINE), v.ValueAnswer("upi", "b", v.REPORTED)]
    assert v.headline(answers) == v.REPORTED
    assert v.headline([]) == v.NO_REPORTS


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_challenge_time_and_work() -> None:
    clock = Clock()
    ch = Challenges(b"k" * 32, min_age=3, max_age=60, clock=clock)
    form = ch.issue()
    with pytest.raises(ValidationError, match="too quickly"):
        ch.verify(form)
    clock.now += 5
    assert ch.verify(form).difficulty == 0
    with pytest.raises(ValidationError, match="too easy"):
        ch.verify(form, min_difficulty=8)
    with pytest.raises(ValidationError, match="altered"):
        ch.verify(form[:-1] + ("0" if form[-1] != "0" else "1"))
    with pytest.raises(ValidationError, match="altered"):
        Challenges(b"other" * 8, clock=clock).verify(form)
    work = ch.issue(10)
    answer = solve(work, 10)
    assert solves(work, answer, 10)
    assert ch.verify(work, answer, min_difficulty=10, min_age=0).difficulty == 10
    clock.now += 120
    with pytest.raises(ValidationError, match="expired"):
        ch.verify(work, answer, min_age=0)


def test_sliding_window_per_address_and_overall() -> None:
    clock = Clock()
    window = SlidingWindow(Limit(per_address=2, overall=3, window=60), clock=clock)
    assert [window.hit("a"), window.hit("a")] == [None, None]
    assert window.hit("a") is not None  # third from a
    assert window.hit("b") is None
    assert window.hit("c") is not None  # the site as a whole is full
    clock.now += 61
    assert window.hit("a") is None and window.hit("c") is None


def test_every_message_has_a_hindi_translation() -> None:
    root = resources.files("crossline.public")
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    wanted = {
        (m[1] if isinstance(m[1], str) else m[1][0])
        for m in extract_from_dir(
            str(root), method_map, options, keywords={"_": None, "N_": None, "ngettext": (1, 2)}
        )
    }
    with (root / "locale" / "hi" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="hi")
    translated = {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in catalog if m.id}
    missing = sorted(w for w in wanted if not translated.get(w))
    assert missing == []
    hindi = i18n.translations("hi")
    assert hindi.gettext("Reported scam") == "धोखाधड़ी की शिकायत दर्ज"


@pytest.mark.parametrize(
    ("asked", "accept", "lang"),
    [
        ("hi", None, "hi"),
        (None, "hi-IN,hi;q=0.9,en;q=0.8", "hi"),
        (None, "fr,de", "en"),
        ("xx", "hi", "hi"),
    ],
    ids=["asked", "browser", "unknown", "bad-asked"],
)
def test_language_choice(asked: str | None, accept: str | None, lang: str) -> None:
    assert i18n.pick(asked, accept) == lang
