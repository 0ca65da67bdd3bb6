"""The advice rules, as a table of cases a clinician can read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import answers_of

from lipcare.assess import Answers, Previous, Reading, asks_about_painkillers, assess
from lipcare.protocol import Protocol, load_protocol

PROTOCOL = load_protocol()
URGENT_SIGNS = ["fever", "pus", "blisters", "cold-sores", "worsening-pain", "spreading-redness"]
CONTACT_SIGNS = [sign.key for sign in PROTOCOL.warning_signs if sign.urgency == "contact"]
BEFORE = date(2026, 11, 5)
ALL_KNOWN = {"redness": 1, "swelling": 0, "pain": 0, "crusting": False}


def red(value: int) -> Previous:
    return Previous({"redness": Reading(BEFORE, value)})


def earlier(redness: int | None = None, swelling: int | None = None, pain: int | None = None) -> Previous:
    """Earlier readings, as the journal gives them: each score's latest recorded value."""
    given = {"redness": redness, "swelling": swelling, "pain": pain}
    return Previous({key: Reading(BEFORE, value) for key, value in given.items() if value is not None})


def known(**answers: object) -> Answers:
    """Answers to every question (the defaults say nothing to act on), with `answers` changed."""
    return answers_of(**{**ALL_KNOWN, **answers})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "answers", "previous", "level"),
    [
        # the expected course: redness, swelling and crusts early are not a reason to call
        (0, answers_of(redness=3, swelling=2, pain=6, crusting=True), None, "expected"),
        (7, answers_of(redness=2, swelling=2, pain=2, crusting=True), red(3), "expected"),
        (7, answers_of(redness=3), red(1), "expected"),  # before day 8 a rise is not a rebound
        (8, answers_of(redness=1), red(2), "expected"),  # improving
        (8, answers_of(redness=2), red(2), "expected"),  # the same
        (8, answers_of(redness=2), red(1), "contact"),  # came back or got worse
        (8, answers_of(redness=1), None, "expected"),  # nothing to compare with
        (21, answers_of(redness=1, crusting=True), None, "expected"),  # last day crusts are expected
        (22, answers_of(redness=1, crusting=True), None, "contact"),  # crusts later than expected
        (28, answers_of(redness=3), red(3), "expected"),  # last day of the window
        (29, answers_of(redness=1), red(1), "contact"),  # beyond the window
        (29, answers_of(redness=0), red(1), "expected"),  # no redness beyond the window
        (60, answers_of(redness=2), None, "contact"),
        (60, answers_of(redness=0, swelling=0, pain=0), None, "expected"),
    ],
)
def test_levels(day: int, answers: Answers, previous: Previous | None, level: str) -> None:
    advice = assess(PROTOCOL, day, answers, previous)
    assert advice.level == level, advice.reasons
    assert advice.reasons, "every level comes with its reasons"


# --- every score is read: the boundaries of the default score rules ------------------------

SCORE_BOUNDARIES = [
    # pain 7 or more on any day: urgent
    ("pain 6 on day 0", 0, known(pain=6), None, "expected", None),
    ("pain 7 on day 0", 0, known(pain=7), None, "urgent", "boonstra-2016"),
    ("pain 10 on day 2", 2, known(pain=10, redness=3, swelling=2), None, "urgent", "boonstra-2016"),
    ("pain 7 on day 60", 60, known(pain=7, redness=0), None, "urgent", "boonstra-2016"),
    # pain 4 or more from day 8: contact
    ("pain 3 on day 8", 8, known(pain=3), None, "expected", None),
    ("pain 4 on day 8", 8, known(pain=4), None, "contact", "gerbershagen-2011"),
    ("pain 4 on day 7", 7, known(pain=4), None, "expected", None),
    ("pain 6 on day 40", 40, known(pain=6, redness=0), None, "contact", "gerbershagen-2011"),
    # pain rising by 2 or more over the previous check-in, from day 3: urgent
    ("pain 1 -> 3 on day 2", 2, known(pain=3), earlier(pain=1), "expected", None),
    ("pain 1 -> 3 on day 3", 3, known(pain=3), earlier(pain=1), "urgent", "plasticsurgerync"),
    ("pain 2 -> 3 on day 3 (rise of 1)", 3, known(pain=3), earlier(pain=2), "expected", None),
    ("pain 3 -> 5 on day 3 (rise of 2)", 3, known(pain=5), earlier(pain=3), "urgent", "plasticsurgerync"),
    ("pain 5 -> 3 on day 5 (falling)", 5, known(pain=3), earlier(pain=5), "expected", None),
    ("pain 3 -> 9 on day 3", 3, known(pain=9), earlier(pain=3), "urgent", "plasticsurgerync"),
    # swelling 3 (severe) on any day: contact
    ("swelling 2 on day 0", 0, known(swelling=2), None, "expected", None),
    ("swelling 3 on day 0", 0, known(swelling=3), None, "contact", "aesthetic-society"),
    ("swelling 3 on day 2", 2, known(swelling=3, redness=3), None, "contact", "aesthetic-society"),
    # swelling 2 or more from day 15: contact
    ("swelling 2 on day 14", 14, known(swelling=2), earlier(swelling=2), "expected", None),
    ("swelling 2 on day 15", 15, known(swelling=2), earlier(swelling=2), "contact", "cleveland-recovery"),
    ("swelling 1 on day 15", 15, known(swelling=1), earlier(swelling=1), "expected", None),
    # swelling rising over the previous check-in, from day 4: contact
    ("swelling 1 -> 2 on day 3", 3, known(swelling=2), earlier(swelling=1), "expected", None),
    ("swelling 1 -> 2 on day 4", 4, known(swelling=2), earlier(swelling=1), "contact", "cleveland-recovery"),
    ("swelling 2 -> 2 on day 4", 4, known(swelling=2), earlier(swelling=2), "expected", None),
    ("swelling 2 -> 1 on day 4", 4, known(swelling=1), earlier(swelling=2), "expected", None),
]


@pytest.mark.parametrize(
    ("case", "day", "answers", "previous", "level", "source"), SCORE_BOUNDARIES, ids=[c[0] for c in SCORE_BOUNDARIES]
)
def test_every_score_is_read_against_the_day(
    case: str, day: int, answers: Answers, previous: Previous | None, level: str, source: str | None
) -> None:
    advice = assess(PROTOCOL, day, answers, previous)
    assert advice.level == level, advice.reasons
    if source is None:
        assert [reason.level for reason in advice.reasons] == ["expected"]
        return
    (reason,) = [reason for reason in advice.reasons if reason.source == source]
    assert reason.level == level
    scale = "pain" if "pain" in case else "swelling"
    score = answers.score(scale)
    top = 10 if scale == "pain" else 3
    # every reason names the score and the day; its source is carried beside it
    assert f"{scale.capitalize()} is {score}/{top} on day {day}" in reason.text
    assert reason.source in PROTOCOL.sources


def test_severe_pain_tells_the_patient_what_to_do_about_painkillers() -> None:
    advice = assess(PROTOCOL, 2, known(pain=10, redness=3, swelling=3), None)
    assert (advice.level, advice.action) == ("urgent", "urgent")
    assert "Pain that painkillers do not relieve needs your physician today" in advice.reasons[0].text
    assert [reason.level for reason in advice.reasons] == ["urgent", "contact"]  # the severe swelling too


def test_pain_getting_worse_names_both_check_ins() -> None:
    advice = assess(PROTOCOL, 3, known(pain=9), earlier(pain=3))
    texts = [reason.text for reason in advice.reasons]
    assert any("6 points higher than 3/10 at your check-in on 2026-11-05" in text for text in texts)
    assert any("getting worse" in text for text in texts)


@pytest.mark.parametrize(
    ("pain", "relieve", "level", "words"),
    [
        (9, False, "urgent", "painkillers do not relieve it: contact your physician today"),
        (9, True, "urgent", "you said painkillers relieve it"),
        (3, False, "urgent", "painkillers do not relieve it"),  # not relieved is a reason whatever the score
        (3, True, "expected", None),  # relieved, pain not severe: nothing to add
    ],
)
def test_the_painkiller_answer_is_a_reason(pain: int, relieve: bool, level: str, words: str | None) -> None:
    advice = assess(PROTOCOL, 2, known(pain=pain, painkillers_relieve=relieve), None)
    assert advice.level == level, advice.reasons
    if words is not None:
        assert any(words in reason.text and reason.source == "plasticsurgerync" for reason in advice.reasons)
        assert any(f"Pain is {pain}/10 on day 2" in reason.text for reason in advice.reasons)


@pytest.mark.parametrize(("pain", "asked"), [(None, False), (0, False), (6, False), (7, True), (10, True)])
def test_the_painkiller_question_is_asked_from_severe_pain(pain: int | None, asked: bool) -> None:
    assert asks_about_painkillers(PROTOCOL, pain) is asked


# --- a question not asked is not an answer ----------------------------------------------------


def test_unknown_scores_are_skipped_and_never_called_expected_without_saying_so() -> None:
    advice = assess(PROTOCOL, 20, answers_of(redness=2), earlier(swelling=3, pain=1))
    assert advice.level == "expected"
    texts = " ".join(reason.text for reason in advice.reasons)
    assert "Not recorded in this check-in: swelling, pain, crusts." in texts
    everything = assess(PROTOCOL, 20, known(redness=2), None)
    assert "Not recorded" not in " ".join(reason.text for reason in everything.reasons)


@pytest.mark.parametrize("day", [0, 3, 8, 15, 40])
def test_nothing_recorded_is_never_read_as_zero(day: int) -> None:
    # a fall from a high earlier score to "unknown" is not an improvement, and no rule reads the unknown
    advice = assess(PROTOCOL, day, answers_of(), earlier(redness=3, swelling=3, pain=9))
    assert advice.level == "expected"
    assert "redness, swelling, pain, crusts" in advice.reasons[-1].text


def test_an_unknown_earlier_score_is_passed_over_not_read_as_zero() -> None:
    # pain 5 on day 4 with no earlier pain recorded: no rise can be computed, so no rise is claimed
    advice = assess(PROTOCOL, 4, known(pain=5), earlier(redness=1))
    assert advice.level == "expected"


def test_rules_still_read_the_scores_that_were_recorded() -> None:
    advice = assess(PROTOCOL, 2, answers_of(pain=8), None)
    assert advice.level == "urgent"
    assert "Not recorded" not in " ".join(reason.text for reason in advice.reasons)


CLINIC_SCALE = """\
format = 1

[checkin.pain]
prompt = "How much pain (1 none, 5 worst)?"
min = 1
max = 5
labels = ["none", "mild", "moderate", "strong", "worst"]

[[checkin.pain.rules]]
at_least = 4
level = "urgent"
text = "Pain {score}/{max} on day {day}."
source = "leaflet"

[[checkin.pain.rules]]
rise_by = 2
from_day = 1
to_day = 10
level = "contact"
text = "Pain {score} (was {before}) on day {day}."
source = "leaflet"

[checkin.painkillers]
ask_at_least = 4

[checkin.redness]
min = 1
max = 4
labels = ["none", "mild", "moderate", "severe"]
"""


@pytest.fixture
def clinic(tmp_path: Path) -> Protocol:
    path = tmp_path / "clinic.toml"
    path.write_text(CLINIC_SCALE, encoding="utf-8")
    return load_protocol(path)


@pytest.mark.parametrize(
    ("day", "answers", "previous", "level"),
    [
        (0, answers_of(redness=1, swelling=0, pain=3, crusting=False), None, "expected"),
        (0, answers_of(redness=1, swelling=0, pain=4, crusting=False), None, "urgent"),
        (2, answers_of(redness=1, swelling=0, pain=3, crusting=False), earlier(pain=1), "contact"),
        (11, answers_of(redness=1, swelling=0, pain=3, crusting=False), earlier(pain=1), "expected"),  # after to_day
        (40, answers_of(redness=1, swelling=0, pain=1, crusting=False), None, "expected"),  # 1 is the lowest redness
        (40, answers_of(redness=2, swelling=0, pain=1, crusting=False), None, "contact"),  # beyond the window
        (5, answers_of(redness=1), None, "expected"),
    ],
)
def test_a_clinic_scale_whose_minimum_is_not_zero(
    clinic: Protocol, day: int, answers: Answers, previous: Previous | None, level: str
) -> None:
    assert clinic.questions.pain.rules[1].to_day == 10
    advice = assess(clinic, day, answers, previous)
    assert advice.level == level, advice.reasons
    assert asks_about_painkillers(clinic, 4) and not asks_about_painkillers(clinic, 3)


# --- warning signs ------------------------------------------------------------------------------


@pytest.mark.parametrize("sign", URGENT_SIGNS)
@pytest.mark.parametrize("day", [0, 7, 8, 28, 29, 60])
def test_every_urgent_sign_is_urgent_on_every_day(sign: str, day: int) -> None:
    advice = assess(PROTOCOL, day, answers_of(redness=0, symptoms=(sign,)), None)
    assert (advice.level, advice.action) == ("urgent", "urgent")
    assert PROTOCOL.sign(sign).label in advice.reasons[0].text
    assert all(reason.level != "expected" for reason in advice.reasons)


@pytest.mark.parametrize("day", [0, 8, 60])
def test_eye_symptoms_mean_seek_care_now(day: int) -> None:
    advice = assess(PROTOCOL, day, answers_of(redness=1, symptoms=("eye",)), None)
    assert (advice.level, advice.action) == ("urgent", "immediate")


@pytest.mark.parametrize("sign", CONTACT_SIGNS)
def test_other_listed_side_effects_mean_contact(sign: str) -> None:
    advice = assess(PROTOCOL, 3, answers_of(redness=1, symptoms=(sign,)), None)
    assert advice.level == "contact"
    assert all(reason.level != "expected" for reason in advice.reasons)


def test_a_warning_sign_outranks_everything_and_keeps_the_other_reasons() -> None:
    advice = assess(PROTOCOL, 40, answers_of(redness=3, symptoms=("white-bumps", "pus")), red(1))
    assert advice.level == "urgent"
    assert [reason.level for reason in advice.reasons] == ["urgent", "contact", "contact", "contact"]


def test_expected_names_the_day_and_the_course_and_never_says_fine() -> None:
    advice = assess(PROTOCOL, 3, known(redness=2, crusting=True), None)
    (reason,) = advice.reasons
    assert "day 3" in reason.text
    assert "swelling and soreness" in reason.text
    for text in (reason.text, PROTOCOL.urgency["expected"].text):
        assert "fine" not in text.lower() and "normal" not in text.lower()


def test_every_reason_carries_a_source_that_resolves() -> None:
    advice = assess(
        PROTOCOL, 40, answers_of(3, 3, 9, True, ("fever", "eye"), painkillers_relieve=False), earlier(1, 1, 1)
    )
    assert len(advice.reasons) >= 8
    assert all(reason.source in PROTOCOL.sources for reason in advice.reasons)
