"""Recording a check-in: validate, assess against the previous one, save, all in one transaction."""

# No `from __future__ import annotations`: NamedTuple would compile every string annotation
# when the module is imported, on every run of every command (bench/startup.py).

from collections.abc import Sequence
from datetime import date

from lipcare.assess import Advice, Answers, Previous, Reading, assess
from lipcare.errors import UsageError
from lipcare.journal import Journal, NewCheckin, PhotoRow, Treatment
from lipcare.photos import PreparedPhoto, attach
from lipcare.protocol import Protocol
from lipcare.record import Record
from lipcare.timeline import RednessWindow, checkin_again, day_number, redness_window


class Recorded(Record):
    id: int
    treatment: Treatment
    on: date
    day: int
    answers: Answers
    advice: Advice
    redness_window: RednessWindow
    checkin_again: bool = False
    """Whether tomorrow still has a daily check-in (they run through the redness window)."""
    photos: tuple[PhotoRow, ...] = ()


def check_answers(protocol: Protocol, answers: Answers, *, to_be_asked: bool = False) -> None:
    """Raise UsageError for an answer outside the protocol's scales or an unknown warning sign.

    With `to_be_asked`, the questions not answered yet are still to be asked, so an answer
    that needs another (the painkillers need the pain) is not refused for lack of it.
    """
    questions = protocol.questions
    for option, scale, value in (
        ("--redness", questions.redness, answers.redness),
        ("--swelling", questions.swelling, answers.swelling),
        ("--pain", questions.pain, answers.pain),
    ):
        if value is not None and not scale.min <= value <= scale.max:
            raise UsageError(f"Invalid value for '{option}': {value} is not on the scale {scale.choices()}.")
    if answers.painkillers_relieve is not None and answers.pain is None and not to_be_asked:
        option = "--painkillers-help" if answers.painkillers_relieve else "--painkillers-no-help"
        raise UsageError(f"Invalid value for '{option}': give --pain N with it, the pain you have now "
                         f"({questions.pain.choices()}).")  # fmt: skip
    keys = [sign.key for sign in protocol.warning_signs]
    for key in answers.symptoms:
        if key not in keys:
            raise UsageError(f"Invalid value for '--symptom': unknown sign '{key}'. Valid: {', '.join(keys)}.")


def check_day(treatment: Treatment, on: date, today: date) -> None:
    if on < treatment.treatment_date:
        raise UsageError(
            f"Invalid value for '--on': {on.isoformat()} is before the treatment on "
            f"{treatment.treatment_date.isoformat()}; a check-in is for the treatment day or later."
        )
    if on > today:
        raise UsageError(
            f"Invalid value for '--on': {on.isoformat()} is after today ({today.isoformat()}); "
            "a check-in records a day that has happened."
        )


def record_checkin(
    journal: Journal,
    protocol: Protocol,
    treatment: Treatment,
    on: date,
    today: date,
    answers: Answers,
    photos: Sequence[PreparedPhoto] = (),
) -> Recorded:
    """Save a check-in and return it with its advice. The save is committed before this returns.

    `photos` are kept with it in the same transaction: all of them and the check-in, or nothing."""
    check_day(treatment, on, today)
    check_answers(protocol, answers)
    # Deduplicate warning signs but keep the order they were given in.
    answers = answers._replace(symptoms=tuple(dict.fromkeys(answers.symptoms)))
    day = day_number(treatment.treatment_date, on)
    with journal.transaction():
        latest = journal.latest_scores(treatment, on)
        previous = Previous(**{name: Reading(*found) if found else None for name, found in latest.items()})
        advice = assess(protocol, day, answers, previous)
        entry = NewCheckin(
            on=on,
            day=day,
            redness=answers.redness,
            swelling=answers.swelling,
            pain=answers.pain,
            crusting=answers.crusting,
            symptoms=answers.symptoms,
            note=answers.note,
            level=advice.level,
            action=advice.action,
            reasons=tuple(reason.text for reason in advice.reasons),
            protocol=protocol.label,
            painkillers_relieve=answers.painkillers_relieve,
        )
        checkin_id = journal.add_checkin(treatment, entry)
        kept = attach(journal, checkin_id, photos) if photos else ()
    window = redness_window(protocol, treatment.treatment_date, on)
    return Recorded(checkin_id, treatment, on, day, answers, advice, window, checkin_again(protocol, day), kept)
