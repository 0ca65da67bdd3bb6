"""The check-in's advice: a pure function of the protocol, the day, the answers
and the previous check-in. It never diagnoses; it says which of three things
to do and why, and any warning sign reported always leads to `urgent`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from lipcare.protocol import Protocol

Level = Literal["urgent", "contact", "expected"]
Action = Literal["immediate", "urgent", "contact", "expected"]


class Answers(NamedTuple):
    redness: int
    swelling: int = 0
    pain: int = 0
    crusting: bool = False
    symptoms: tuple[str, ...] = ()
    note: str = ""


class Previous(NamedTuple):
    """What the advice needs to know of the check-in before this one."""

    on: date
    redness: int


class Reason(NamedTuple):
    level: Level
    text: str
    source: str


class Advice(NamedTuple):
    level: Level
    action: Action
    """What to do: `immediate` is an `urgent` level that cannot wait for a call back."""
    reasons: tuple[Reason, ...]


def assess(protocol: Protocol, day: int, answers: Answers, previous: Previous | None) -> Advice:
    """Advice for a check-in on `day` (0 = treatment day) of a treatment."""
    reasons: list[Reason] = []
    templates = protocol.reasons
    immediate = False
    for key in answers.symptoms:
        sign = protocol.sign(key)
        level: Level = "contact" if sign.urgency == "contact" else "urgent"
        immediate = immediate or sign.urgency == "immediate"
        reasons.append(Reason(level, templates["warning_sign"].format(label=sign.label), sign.source))

    redness = protocol.redness
    if day > redness.window_days and answers.redness > 0:
        text = templates["beyond_window"].format(day=day, window=redness.window_days)
        reasons.append(Reason("contact", text, redness.beyond_source))
    if previous is not None and day >= redness.rebound_from_day and answers.redness > previous.redness:
        text = templates["rebound"].format(
            now=answers.redness,
            before=previous.redness,
            max=protocol.questions.redness.max,
            before_date=previous.on.isoformat(),
        )
        reasons.append(Reason("contact", text, redness.rebound_source))
    crusts = protocol.course_item(protocol.questions.crusting_course)
    if answers.crusting and day > crusts.last_day:
        text = templates["late_crusting"].format(day=day, last_day=crusts.last_day)
        reasons.append(Reason("contact", text, crusts.source))

    if any(reason.level == "urgent" for reason in reasons):
        reasons.sort(key=lambda reason: reason.level != "urgent")  # stable: urgent reasons first
        return Advice("urgent", "immediate" if immediate else "urgent", tuple(reasons))
    if reasons:
        return Advice("contact", "contact", tuple(reasons))
    return Advice("expected", "expected", (expected_reason(protocol, day),))


def expected_reason(protocol: Protocol, day: int) -> Reason:
    """What the protocol's expected course says about `day`."""
    current = [span for span in protocol.course if span.first_day <= day <= span.last_day]
    if not current:
        text = protocol.reasons["nothing_expected"].format(day=day)
        return Reason("expected", text, protocol.urgency["expected"].source)
    course = "; ".join(span.title.lower() for span in current)
    text = protocol.reasons["expected"].format(day=day, course=course)
    return Reason("expected", text, current[0].source)
