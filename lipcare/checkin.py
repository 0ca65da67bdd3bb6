"""Recording a check-in: validate, assess against the previous one, save, all in one transaction."""

import re
from collections.abc import Mapping, Sequence
from datetime import date

from lipcare.assess import Advice, Answers, Held, Previous, Reading, assess
from lipcare.errors import UsageError
from lipcare.fasttuple import Record
from lipcare.journal import Journal, NewCheckin, PhotoRow, Treatment
from lipcare.journal_rows import ScaleDefinition
from lipcare.photos import PreparedPhoto, attach
from lipcare.protocol import Protocol
from lipcare.text import _
from lipcare.timeline import RednessWindow, checkin_again, day_number, redness_window
from lipcare.wording import kept

_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")
"""ASCII digits only (Arabic-Indic ones are turned into them first, in Arabic)."""


class Recorded(Record):
    id: int
    treatment: Treatment
    on: date
    day: int
    answers: Answers
    advice: Advice
    redness_window: RednessWindow
    checkin_again: bool = False
    """Whether tomorrow still has a daily check-in (they run through the redness window); never for a check-in of an
    earlier day."""
    photos: tuple[PhotoRow, ...] = ()
    today: date | None = None
    """The day it was saved on: a check-in `on` an earlier day speaks of "that day"."""
    same_day: int | None = None
    """The latest check-in saved before it on the same day (both are kept)."""

    @property
    def backdated(self) -> bool:
        return self.today is not None and self.on < self.today


def is_interactive(answers: Answers) -> bool:
    """The check-in asks its questions unless the first one, redness, was answered with an option."""
    return answers.score("redness") is None


def scores_from_options(named: Mapping[str, int | None], answer_options: Sequence[str]) -> dict[str, int]:
    """The scores given as options: `--redness N` and the like (`named`, None when not given), then each
    `--answer KEY=N`. Raises UsageError for a malformed one, or a scale given two different values."""
    from lipcare.locale import current
    from lipcare.text import inert, num

    scores = {key: value for key, value in named.items() if value is not None}
    for given in answer_options:
        key, equals, typed = given.partition("=")
        key, typed = key.strip(), typed.strip()
        typed = current().read_digits(typed)  # Arabic-Indic digits are read as 0-9, as in dates
        if not equals or not key or not _WHOLE_NUMBER.fullmatch(typed):
            raise UsageError(
                "Invalid value for '--answer': '{given}' is not KEY=N, a scale's key and a whole "
                "number (for example --answer redness=1).",
                given=inert(given),
            )
        value = int(typed)
        if scores.get(key, value) != value:
            raise UsageError(
                "Invalid value for '--answer': {key} is given twice, as {one} and {other}.",
                key=inert(key),
                one=num(scores[key]),
                other=num(value),
            )
        scores[key] = value
    return scores


def check_answers(protocol: Protocol, answers: Answers, *, to_be_asked: bool = False) -> None:
    """Raise UsageError for an answer outside the protocol's scales or an unknown warning sign.

    With `to_be_asked`, the questions not answered yet are still to be asked, so an answer
    that needs another (the painkillers need the pain) is not refused for lack of it.
    """
    from lipcare.protocol import SCALES
    from lipcare.text import inert

    questions = protocol.questions
    for key, value in answers.scores.items():
        option = f"--{key}" if key in SCALES else "--answer"
        if key not in questions.keys:
            raise UsageError(
                "Invalid value for '--answer': this protocol has no scale '{key}'. Its scales: {keys}.",
                key=inert(key),
                keys=", ".join(questions.keys),
            )
        scale = questions.scale(key)
        if value is not None and not scale.min <= value <= scale.max:
            what = str(value) if key in SCALES else f"{key}={value}"
            raise UsageError(
                "Invalid value for '{option}': {what} is not on the scale {choices}.",
                option=option,
                what=what,
                choices=scale.choices(),
            )
    follow_up = answers.painkillers_relieve is not None or answers.painkillers_taken is False
    if follow_up and answers.score("pain") is None and not to_be_asked:
        option = {True: "--painkillers-help", False: "--painkillers-no-help", None: "--painkillers-not-taken"}[
            answers.painkillers_relieve
        ]
        raise UsageError(
            "Invalid value for '{option}': give --pain N with it, the pain you have now ({choices}).",
            option=option,
            choices=questions.pain.choices(),
        )
    keys = [sign.key for sign in protocol.warning_signs]
    for key in answers.symptoms or ():
        if _sign_key(protocol, key) is None:
            raise UsageError(
                "Invalid value for '--symptom': unknown sign '{key}'. Valid: {keys}.",
                key=inert(key),
                keys=", ".join(keys),
            )


def _sign_key(protocol: Protocol, word: str) -> str | None:
    """The warning sign's key a word names (its key or one of its aliases), or None."""
    try:
        return protocol.sign(word).key
    except (KeyError, StopIteration):
        return None


NO_SIGNS = "none"
"""`--symptom none`: none of the warning signs, said explicitly (a script that asked them all)."""


def signs_given(protocol: Protocol, given: Sequence[str] | None) -> tuple[str, ...] | None:
    """The warning signs given as options, by key: None when none were given (not asked: not recorded),
    () for `--symptom none` alone. Raises UsageError for `none` beside a sign."""
    if given is None:
        return None
    if NO_SIGNS in given:
        if len(set(given)) > 1:
            raise UsageError(
                "Invalid value for '--symptom': 'none' says you have none of the warning signs; give it alone."
            )
        return ()
    return tuple(given)


def open_problems(journal: Journal, treatment: Treatment, on: date) -> tuple[Held, ...]:
    """The problems the latest check-in on or before `on` left open (read-only; for the question whether
    the patient has contacted their clinic about them)."""
    return _previous_held(journal, treatment, on)


def _previous_held(journal: Journal, treatment: Treatment, on: date, before_id: int | None = None) -> tuple[Held, ...]:
    stored = journal.held_before(treatment, on) if before_id is None else journal.held_before(treatment, on, before_id)
    if stored is None:
        return ()
    try:
        return tuple(Held.from_stored(item) for item in stored[1])
    except (KeyError, TypeError, ValueError):
        from lipcare.journal import damaged

        raise damaged(journal.path, _("a check-in's open problems are not as lipcare writes them")) from None


def check_day(treatment: Treatment, on: date, today: date, option: str = "--on") -> None:
    """Raise UsageError unless `on` is a day a check-in can record. `option` names what the user typed that made
    the day wrong: '--date' when the check-in is for today and the treatment date given is after it."""
    if on < treatment.treatment_date and option == "--date":
        raise UsageError(
            "Invalid value for '--date': the treatment date {treated} is after {on}, the day this check-in is for; "
            "check the date of your treatment (--on DATE records an earlier day). Nothing was saved or changed.",
            on=on.isoformat(),
            treated=treatment.treatment_date.isoformat(),
        )
    if on < treatment.treatment_date:
        raise UsageError(
            "Invalid value for '--on': {on} is before the treatment on {treated}; a check-in is for the "
            "treatment day or later.",
            on=on.isoformat(),
            treated=treatment.treatment_date.isoformat(),
        )
    if on > today:
        raise UsageError(
            "Invalid value for '--on': {on} is after today ({today}); a check-in records a day that has happened.",
            on=on.isoformat(),
            today=today.isoformat(),
        )


def _previous(
    journal: Journal, protocol: Protocol, treatment: Treatment, on: date, before_id: int | None = None
) -> Previous:
    """What the earlier check-ins say as of `on`; call inside a transaction. `before_id`: a check-in being
    re-judged, so that on its own day only the check-ins saved before it count."""
    from datetime import timedelta

    from lipcare.protocol.types import LOWEST_DAYS

    bound = {} if before_id is None else {"before_id": before_id}
    keys = protocol.questions.keys
    latest = journal.latest_scores(treatment, on, keys, **bound)
    lowest_keys = [scale.key for scale in protocol.questions.scales if any(r.compare == "lowest" for r in scale.rules)]
    lowest = journal.lowest_scores(treatment, on, lowest_keys, on - timedelta(days=LOWEST_DAYS), **bound)
    crusts = protocol.questions.crusts
    crusting = journal.recent_crusting(treatment, on, crusts.returning_after, **bound) if crusts else ()
    return Previous(
        {key: Reading(*found) for key, found in latest.items()},
        {key: Reading(*found) for key, found in lowest.items()},
        crusting,
        _previous_held(journal, treatment, on, before_id),
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
    # What was never asked is recorded as such: every scale of the protocol, None where unknown; no
    # warning signs and no note. Warning signs are deduplicated, in the order they were given in.
    scores = {key: answers.score(key) for key in protocol.questions.keys}
    symptoms = answers.symptoms
    if symptoms is not None:  # by key, aliases resolved, each once in the order given
        symptoms = tuple(dict.fromkeys(_sign_key(protocol, key) or key for key in symptoms))
    answers = answers._replace(scores=scores, symptoms=symptoms, note=answers.note or "")
    day = day_number(treatment.treatment_date, on)
    with journal.transaction():
        journal.fill_definitions(definitions(protocol, scores))  # a clinic's own scale saved before 0007
        same_day = journal.checkin_on(treatment.id, on.isoformat())
        entry, advice = _judge(journal, protocol, treatment, on, answers, scores)
        checkin_id = journal.add_checkin(treatment, entry)
        kept = attach(journal, checkin_id, photos) if photos else ()
    window = redness_window(protocol, treatment.treatment_date, on)
    again = checkin_again(protocol, day) and on >= today  # "check in again tomorrow" only on the day itself
    return Recorded(checkin_id, treatment, on, day, answers, advice, window, again, kept, today, same_day)


def _judge(
    journal: Journal,
    protocol: Protocol,
    treatment: Treatment,
    on: date,
    answers: Answers,
    scores: Mapping[str, int | None],
    before_id: int | None = None,
) -> tuple[NewCheckin, Advice]:
    """A check-in's judgement against the check-ins before it (`before_id`: the one re-judged, so only those saved
    before it on its own day count), and what to store; call inside a transaction."""
    day = day_number(treatment.treatment_date, on)
    previous = _previous(journal, protocol, treatment, on, before_id)
    advice = assess(protocol, day, answers, previous, on)
    entry = NewCheckin(
        on=on,
        day=day,
        scores=dict(scores),
        crusting=answers.crusting,
        symptoms=answers.symptoms,
        note=answers.note or "",
        level=advice.level,
        action=advice.action,
        reasons=tuple(reason.text for reason in advice.reasons),
        said=tuple(kept(protocol, reason.text, reason.words, reason.rule) for reason in advice.reasons),
        protocol=protocol.label,
        painkillers_relieve=answers.painkillers_relieve,
        painkillers_taken=answers.painkillers_taken,
        held=tuple(held.stored() for held in advice.held),
        definitions=definitions(protocol, scores),
    )
    return entry, advice


def definitions(protocol: Protocol, scores: Mapping[str, int | None]) -> dict[str, ScaleDefinition]:
    """Each scale of `scores` that the protocol has, as it defines it now: kept with the scores."""
    questions = protocol.questions
    return {
        scale.key: ScaleDefinition(scale.name, scale.min, scale.max, tuple(scale.labels))
        for scale in questions.scales
        if scale.key in scores and not scale.removed
    }
