"""The advice rules, as a table of cases a clinician can read."""

from __future__ import annotations

from datetime import date

import pytest

from lipcare.assess import Answers, Previous, assess
from lipcare.protocol import load_protocol

PROTOCOL = load_protocol()
URGENT_SIGNS = ["fever", "pus", "blisters", "cold-sores", "worsening-pain", "spreading-redness"]
CONTACT_SIGNS = [sign.key for sign in PROTOCOL.warning_signs if sign.urgency == "contact"]
BEFORE = date(2026, 11, 5)


@pytest.mark.parametrize(
    ("day", "answers", "previous", "level"),
    [
        # the expected course: redness, swelling and crusts early are not a reason to call
        (0, Answers(redness=3, swelling=3, pain=6, crusting=True), None, "expected"),
        (7, Answers(redness=2, swelling=2, pain=2, crusting=True), Previous(BEFORE, 3), "expected"),
        (7, Answers(redness=3), Previous(BEFORE, 1), "expected"),  # before day 8 a rise is not a rebound
        (8, Answers(redness=1), Previous(BEFORE, 2), "expected"),  # improving
        (8, Answers(redness=2), Previous(BEFORE, 2), "expected"),  # the same
        (8, Answers(redness=2), Previous(BEFORE, 1), "contact"),  # came back or got worse
        (8, Answers(redness=1), None, "expected"),  # nothing to compare with
        (21, Answers(redness=1, crusting=True), None, "expected"),  # last day crusts are expected
        (22, Answers(redness=1, crusting=True), None, "contact"),  # crusts later than expected
        (28, Answers(redness=3), Previous(BEFORE, 3), "expected"),  # last day of the window
        (29, Answers(redness=1), Previous(BEFORE, 1), "contact"),  # beyond the window
        (29, Answers(redness=0), Previous(BEFORE, 1), "expected"),  # no redness beyond the window
        (60, Answers(redness=2), None, "contact"),
        (60, Answers(redness=0, swelling=0, pain=0), None, "expected"),
    ],
)
def test_levels(day: int, answers: Answers, previous: Previous | None, level: str) -> None:
    advice = assess(PROTOCOL, day, answers, previous)
    assert advice.level == level, advice.reasons
    assert advice.reasons, "every level comes with its reasons"


@pytest.mark.parametrize("sign", URGENT_SIGNS)
@pytest.mark.parametrize("day", [0, 7, 8, 28, 29, 60])
def test_every_urgent_sign_is_urgent_on_every_day(sign: str, day: int) -> None:
    advice = assess(PROTOCOL, day, Answers(redness=0, symptoms=(sign,)), None)
    assert (advice.level, advice.action) == ("urgent", "urgent")
    assert PROTOCOL.sign(sign).label in advice.reasons[0].text
    assert all(reason.level != "expected" for reason in advice.reasons)


@pytest.mark.parametrize("day", [0, 8, 60])
def test_eye_symptoms_mean_seek_care_now(day: int) -> None:
    advice = assess(PROTOCOL, day, Answers(redness=1, symptoms=("eye",)), None)
    assert (advice.level, advice.action) == ("urgent", "immediate")


@pytest.mark.parametrize("sign", CONTACT_SIGNS)
def test_other_listed_side_effects_mean_contact(sign: str) -> None:
    advice = assess(PROTOCOL, 3, Answers(redness=1, symptoms=(sign,)), None)
    assert advice.level == "contact"
    assert all(reason.level != "expected" for reason in advice.reasons)


def test_a_warning_sign_outranks_everything_and_keeps_the_other_reasons() -> None:
    advice = assess(PROTOCOL, 40, Answers(redness=3, symptoms=("white-bumps", "pus")), Previous(BEFORE, 1))
    assert advice.level == "urgent"
    assert [reason.level for reason in advice.reasons] == ["urgent", "contact", "contact", "contact"]


def test_expected_names_the_day_and_the_course_and_never_says_fine() -> None:
    advice = assess(PROTOCOL, 3, Answers(redness=2, crusting=True), None)
    (reason,) = advice.reasons
    assert "day 3" in reason.text
    assert "swelling and soreness" in reason.text
    for text in (reason.text, PROTOCOL.urgency["expected"].text):
        assert "fine" not in text.lower() and "normal" not in text.lower()


def test_every_reason_carries_a_source_that_resolves() -> None:
    advice = assess(PROTOCOL, 40, Answers(redness=3, crusting=True, symptoms=("fever", "eye")), Previous(BEFORE, 1))
    assert all(reason.source in PROTOCOL.sources for reason in advice.reasons)
