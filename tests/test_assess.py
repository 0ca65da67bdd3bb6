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


def lowest(pain: int) -> Previous:
    """The lowest pain recorded from day 1 in the week before (what rises are measured from), also the latest."""
    return Previous({"pain": Reading(BEFORE, pain)}, {"pain": Reading(BEFORE, pain)})


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
        (21, answers_of(redness=3), red(3), "expected"),  # severe redness while the lips heal
        (22, answers_of(redness=3), red(3), "contact"),  # severe redness once they have usually healed
        (29, answers_of(redness=1), red(1), "expected"),  # mild pinkness beyond the leaflet's window
        (29, answers_of(redness=0), red(1), "expected"),  # no redness beyond the window
        (60, answers_of(redness=2), None, "expected"),  # moderate redness fades over months
        (61, answers_of(redness=2), None, "contact"),  # ...but after two months it needs a check
        (120, answers_of(redness=1), None, "expected"),
        (121, answers_of(redness=1), None, "contact"),  # any redness after four months
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
    ("pain 7 on day 0", 0, known(pain=7), None, "urgent", "gerbershagen-2011"),
    ("pain 10 on day 2", 2, known(pain=10, redness=3, swelling=2), None, "urgent", "gerbershagen-2011"),
    ("pain 7 on day 60", 60, known(pain=7, redness=0), None, "urgent", "gerbershagen-2011"),
    # pain 5 or more on days 3-4 when not lower than the check-in before, from day 5 whatever: contact
    ("pain 5 on day 2", 2, known(pain=5), None, "expected", None),
    ("pain 5 on day 3", 3, known(pain=5), None, "contact", "laser-clinique"),
    ("pain 5 on day 4, 6 the day before", 4, known(pain=5), earlier(pain=6), "expected", None),
    ("pain 4 on day 5", 5, known(pain=4), None, "expected", None),
    ("pain 5 on day 5, 6 the day before", 5, known(pain=5), earlier(pain=6), "contact", "laser-clinique"),
    ("pain 6 on day 40", 40, known(pain=6, redness=0), None, "contact", "laser-clinique"),
    # pain 4 or more from day 8: contact
    ("pain 3 on day 8", 8, known(pain=3), None, "expected", None),
    ("pain 4 on day 8", 8, known(pain=4), None, "contact", "gerbershagen-2011"),
    ("pain 4 on day 7", 7, known(pain=4), None, "expected", None),
    # pain 2 or more above the lowest since day 1 in the week before, from day 2: urgent from 4, contact below
    ("pain 1 -> 3 on day 1", 1, known(pain=3), lowest(1), "expected", None),
    ("pain 1 -> 3 on day 2", 2, known(pain=3), lowest(1), "contact", "miamibeach-aftercare"),
    ("pain 2 -> 3 on day 3 (rise of 1)", 3, known(pain=3), lowest(2), "expected", None),
    ("pain 2 -> 4 on day 3 (rise of 2, now 4)", 3, known(pain=4), lowest(2), "urgent", "miamibeach-aftercare"),
    ("pain 3 -> 5 on day 3 (rise of 2)", 3, known(pain=5), lowest(3), "urgent", "miamibeach-aftercare"),
    ("pain 5 -> 3 on day 5 (falling)", 5, known(pain=3), lowest(5), "expected", None),
    ("pain 3 -> 9 on day 3 (the rise names both)", 3, known(pain=9), lowest(3), "urgent", "miamibeach-aftercare"),
    ("pain 3 on day 3, nothing lower since day 1", 3, known(pain=3), None, "expected", None),
    # very strong swelling: the normal peak on days 0-2, contact on days 3-4, urgent from day 5 or while rising
    ("swelling 2 on day 0", 0, known(swelling=2), None, "expected", None),
    ("swelling 3 on day 0", 0, known(swelling=3), None, "expected", None),
    ("swelling 3 on day 2", 2, known(swelling=3, redness=3), None, "expected", None),
    ("swelling 3 on day 3", 3, known(swelling=3), earlier(swelling=3), "contact", "mopss-after"),
    ("swelling 3 on day 4", 4, known(swelling=3), None, "contact", "mopss-after"),
    ("swelling 2 -> 3 on day 3", 3, known(swelling=3), earlier(swelling=2), "urgent", "mopss-after"),
    ("swelling 3 on day 5", 5, known(swelling=3), earlier(swelling=3), "urgent", "mopss-after"),
    # swelling rising from day 3 with pain of 4 or more or severe redness: urgent
    ("swelling 1 -> 2 on day 3, pain 5", 3, known(swelling=2, pain=5), earlier(swelling=1), "urgent", "mopss-after"),
    ("swelling 1 -> 2 on day 3, pain 4", 3, known(swelling=2, pain=4), earlier(swelling=1), "expected", None),
    (
        "swelling 1 -> 2 on day 3, redness 3",
        3,
        known(swelling=2, redness=3),
        earlier(swelling=1),
        "urgent",
        "mopss-after",
    ),
    ("swelling 1 -> 2 on day 2, pain 4", 2, known(swelling=2, pain=4), earlier(swelling=1), "expected", None),
    # swelling 2 or more from day 15: contact
    ("swelling 2 on day 14", 14, known(swelling=2), earlier(swelling=2), "expected", None),
    ("swelling 2 on day 15", 15, known(swelling=2), earlier(swelling=2), "contact", "accs-resurfacing"),
    ("swelling 1 on day 15", 15, known(swelling=1), earlier(swelling=1), "expected", None),
    # swelling rising over the previous check-in, from day 4: contact
    ("swelling 1 -> 2 on day 3", 3, known(swelling=2), earlier(swelling=1), "expected", None),
    ("swelling 1 -> 2 on day 4", 4, known(swelling=2), earlier(swelling=1), "contact", "plasticsurgerync"),
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
    scale = "swelling" if case.startswith("swelling") else "pain"
    score = answers.score(scale)
    top = 10 if scale == "pain" else 3
    # every reason names the score and the day; its source is carried beside it
    assert f"{scale.capitalize()} is {score}/{top} on day {day}" in reason.text
    assert reason.source in PROTOCOL.sources


def test_severe_pain_says_it_needs_the_physician_today() -> None:
    advice = assess(PROTOCOL, 2, known(pain=10, redness=3, swelling=3), None)
    assert (advice.level, advice.action) == ("urgent", "urgent")
    assert "that is severe pain, and from 7 lipcare asks you to contact your physician today" in advice.reasons[0].text
    assert [reason.level for reason in advice.reasons] == ["urgent"]  # very strong swelling on day 2 is the peak


def test_pain_getting_worse_names_both_check_ins() -> None:
    advice = assess(PROTOCOL, 3, known(pain=6), lowest(3))
    texts = [reason.text for reason in advice.reasons]
    assert any("3 points higher than 3/10 on 2026-11-05" in text for text in texts)
    assert any("gets worse" in text for text in texts)


def test_rules_that_read_the_same_score_say_one_thing() -> None:
    # pain 9 on day 5, 3 points over the lowest: the severe rule, the rise and the day-5 rule all fire;
    # the patient reads one reason about the pain, at the highest level (the rise, which names both
    # scores), and every rule is held.
    advice = assess(PROTOCOL, 5, known(pain=9), lowest(6))
    pain = [reason for reason in advice.reasons if "Pain is" in reason.text]
    assert len(pain) == 1 and pain[0].level == "urgent" and pain[0].rule == "pain.rising"
    assert {held.rule for held in advice.held} == {"pain.severe", "pain.rising", "pain.strong"}


@pytest.mark.parametrize(
    ("day", "pain", "relieve", "level", "words"),
    [
        (2, 9, False, "urgent", "painkillers do not relieve it"),
        (2, 9, True, "urgent", "you said painkillers relieve it"),  # a line beside the severe pain
        (2, 4, False, "contact", "painkillers do not relieve it"),  # moderate pain, early: a call
        (2, 5, False, "urgent", "painkillers do not relieve it"),  # from a pain of 5: the same day
        (3, 4, False, "urgent", "painkillers do not relieve it"),  # from day 3: the same day
        (2, 3, True, "expected", None),  # relieved, pain below the question: nothing to add
    ],
)
def test_the_painkiller_answer(day: int, pain: int, relieve: bool, level: str, words: str | None) -> None:
    advice = assess(PROTOCOL, day, known(pain=pain, painkillers_relieve=relieve), None)
    assert advice.level == level, advice.reasons
    said = [*advice.reasons, *advice.notes]
    if words is not None:
        assert any(words in reason.text and reason.source == "plasticsurgerync" for reason in said)
        assert any(f"Pain is {pain}/10 on day {day}" in reason.text for reason in said)


def test_painkillers_not_taken_is_a_line_not_a_level() -> None:
    advice = assess(PROTOCOL, 2, known(pain=5, painkillers_taken=False), None)
    assert advice.level == "expected"
    assert any("you have not taken painkillers" in note.text for note in advice.notes)


@pytest.mark.parametrize(("pain", "asked"), [(None, False), (0, False), (3, False), (4, True), (10, True)])
def test_the_painkiller_question_is_asked_from_a_pain_of_4(pain: int | None, asked: bool) -> None:
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
    # pain 4 on day 4 with no earlier pain recorded: no rise can be computed, so no rise is claimed
    advice = assess(PROTOCOL, 4, known(pain=4), earlier(redness=1))
    assert advice.level == "expected"
    assert not any("higher than" in reason.text for reason in advice.reasons)


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
        (40, answers_of(redness=2, swelling=0, pain=1, crusting=False), None, "expected"),  # mild, past the window
        (40, answers_of(redness=3, swelling=0, pain=1, crusting=False), None, "contact"),  # the default's day-22 rule
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
    # the sign, the other sign, and one reason for the redness (it came back, and it is severe after day 22)
    assert [reason.level for reason in advice.reasons] == ["urgent", "contact", "contact"]


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
    assert len(advice.reasons) >= 7
    assert all(reason.source in PROTOCOL.sources for reason in (*advice.reasons, *advice.notes))
