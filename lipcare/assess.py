"""The check-in's advice: a pure function of the protocol, the day, the answers
and the earlier check-ins. It never diagnoses; it says which of three things
to do and why. Every answer is read: any warning sign reported leads to
`urgent`, and every score is read against the protocol's rules for the day.
A score that was not recorded is unknown: no rule reads it, and the advice
says it was not recorded instead of calling the day as expected.
"""

# No `from __future__ import annotations`: NamedTuple would compile every string annotation
# when the module is imported, on every run of every command (bench/startup.py).

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Literal

from lipcare.protocol import Protocol, ScoreRule
from lipcare.record import Record
from lipcare.text import _

Level = Literal["urgent", "contact", "expected"]
Action = Literal["immediate", "urgent", "contact", "expected"]


class Answers(Record):
    """What the patient reported, the one shape of a check-in's answers from options to storage.

    Every field is optional until the check-in is recorded: None (or a scale missing from `scores`)
    is a question not asked yet, then one not answered: unknown, never 0. The interactive check-in
    asks exactly the questions that are None here.
    """

    scores: Mapping[str, int | None] = MappingProxyType({})
    """By scale key (`redness`, a clinic's `itching`...)."""
    crusting: bool | None = None
    symptoms: tuple[str, ...] | None = None
    """Warning-sign keys; None: not asked (recorded as none reported)."""
    note: str | None = None
    painkillers_relieve: bool | None = None
    """Whether painkillers relieve the pain; None when the question was not asked."""

    def score(self, key: str) -> int | None:
        return self.scores.get(key)

    def with_score(self, key: str, value: int | None) -> "Answers":
        return self._replace(scores=MappingProxyType({**self.scores, key: value}))


class Reading(Record):
    on: date
    value: int


class Previous(Record):
    """The latest earlier reading of each score, by scale key (absent: no earlier check-in recorded it)."""

    readings: Mapping[str, Reading] = MappingProxyType({})

    def reading(self, key: str) -> Reading | None:
        return self.readings.get(key)


class Reason(Record):
    level: Level
    text: str
    source: str
    sign: str = ""
    """The warning sign reported, for a reason that is one (a screen may say several in one line)."""


class Advice(Record):
    level: Level
    action: Action
    """What to do: `immediate` is an `urgent` level that cannot wait for a call back."""
    reasons: tuple[Reason, ...]
    incomplete: bool = False
    """An `expected` level given with questions unanswered: shown as the protocol's `incomplete`
    advice, which does not say the day matches the expected course."""


def asks_about_painkillers(protocol: Protocol, pain: int | None) -> bool:
    """Whether the check-in asks if painkillers relieve the pain."""
    return pain is not None and pain >= protocol.questions.painkillers.ask_at_least


def assess(protocol: Protocol, day: int, answers: Answers, previous: Previous | None) -> Advice:
    """Advice for a check-in on `day` (0 = treatment day) of a treatment."""
    reasons: list[Reason] = []
    templates = protocol.reasons
    questions = protocol.questions
    previous = previous or Previous()
    immediate = False
    for key in answers.symptoms or ():
        sign = protocol.sign(key)
        level: Level = "contact" if sign.urgency == "contact" else "urgent"
        immediate = immediate or sign.urgency == "immediate"
        reasons.append(Reason(level, templates["warning_sign"].format(label=sign.label), sign.source, sign.key))

    reasons.extend(_redness_reasons(protocol, day, answers.score("redness"), previous.reading("redness")))
    for scale in questions.scales:
        score = answers.score(scale.key)
        if score is None:
            continue  # unknown: no rule reads it
        for rule in scale.rules:
            text = _read_rule(rule, day, score, scale.max, previous.reading(scale.key))
            if text is not None:
                reasons.append(Reason(rule.level, text, rule.source))
    reasons.extend(_painkiller_reasons(protocol, day, answers))
    crusts = protocol.course_item(questions.crusting_course)
    if answers.crusting and day > crusts.last_day:
        text = templates["late_crusting"].format(day=day, last_day=crusts.last_day)
        reasons.append(Reason("contact", text, crusts.source))

    if any(reason.level == "urgent" for reason in reasons):
        reasons.sort(key=lambda reason: reason.level != "urgent")  # stable: urgent reasons first
        return Advice("urgent", "immediate" if immediate else "urgent", tuple(reasons))
    if reasons:
        return Advice("contact", "contact", tuple(reasons))
    expected = [expected_reason(protocol, day)]
    missing = not_recorded(protocol, answers)
    if missing:
        text = templates["not_recorded"].format(missing=_(", ").join(missing))  # "، " in Arabic
        expected.append(Reason("expected", text, protocol.urgency["expected"].source))
    return Advice("expected", "expected", tuple(expected), incomplete=bool(missing))


def not_recorded(protocol: Protocol, answers: Answers) -> list[str]:
    """The names of the questions this check-in has no answer to."""
    questions = protocol.questions
    missing = [scale.name for scale in questions.scales if answers.score(scale.key) is None]
    if answers.crusting is None:
        missing.append(questions.crusting_name)
    return missing


def _redness_reasons(protocol: Protocol, day: int, redness: int | None, before: Reading | None) -> list[Reason]:
    """The redness window and the rebound rule of [redness]."""
    if redness is None:
        return []
    found = []
    rules, scale, templates = protocol.redness, protocol.questions.redness, protocol.reasons
    if day > rules.window_days and redness > scale.min:
        text = templates["beyond_window"].format(day=day, window=rules.window_days)
        found.append(Reason("contact", text, rules.beyond_source))
    if before is not None and day >= rules.rebound_from_day and redness > before.value:
        text = templates["rebound"].format(
            now=redness, before=before.value, max=scale.max, before_date=before.on.isoformat()
        )
        found.append(Reason("contact", text, rules.rebound_source))
    return found


def _read_rule(rule: ScoreRule, day: int, score: int, top: int, before: Reading | None) -> str | None:
    """The reason `rule` gives for `score` on `day`, or None when it does not apply."""
    if not rule.covers(day):
        return None
    if rule.kind == "at_least":
        if score < rule.threshold:
            return None
        return rule.text.format(score=score, max=top, day=day, at_least=rule.threshold, from_day=rule.from_day)
    if before is None or score - before.value < rule.threshold:
        return None  # nothing to compare with, or not risen enough
    return rule.text.format(
        score=score,
        max=top,
        day=day,
        before=before.value,
        before_date=before.on.isoformat(),
        rise=score - before.value,
        rise_by=rule.threshold,
        from_day=rule.from_day,
    )


def _painkiller_reasons(protocol: Protocol, day: int, answers: Answers) -> list[Reason]:
    follow_up = protocol.questions.painkillers
    relieve = answers.painkillers_relieve
    if relieve is None:
        return []
    pain = answers.score("pain")
    fields = {"score": "?" if pain is None else pain, "max": protocol.questions.pain.max, "day": day}
    if not relieve:  # pain that painkillers do not relieve is a reason to call, whatever its score
        return [Reason(follow_up.not_relieved_level, follow_up.not_relieved_text.format(**fields), follow_up.source)]
    if asks_about_painkillers(protocol, pain):
        return [Reason(follow_up.relieved_level, follow_up.relieved_text.format(**fields), follow_up.source)]
    return []


def expected_reason(protocol: Protocol, day: int) -> Reason:
    """What the protocol's expected course says about `day`."""
    current = [span for span in protocol.course if span.first_day <= day <= span.last_day]
    if not current:
        text = protocol.reasons["nothing_expected"].format(day=day)
        return Reason("expected", text, protocol.urgency["expected"].source)
    course = "; ".join(span.title.lower() for span in current)
    text = protocol.reasons["expected"].format(day=day, course=course)
    return Reason("expected", text, current[0].source)
