"""Correcting and removing a check-in, without rewriting history silently.

A check-in's judgement reads the check-ins before it (the previous scores, the lowest of the week, the problems
held open), so changing one changes what every later check-in of the same treatment would have said. Both
operations therefore re-judge, in one transaction:

- `correct_checkin` stores the new answers of one check-in (the answers not given keep their values), then
  judges it and every later check-in of its treatment again, in date order, exactly as `record_checkin` would
  have judged them;
- `remove_checkin` deletes one check-in (and its photos' rows; the files go once nothing refers to them), then
  re-judges every later check-in of its treatment.

Nothing is lost: the journal's `amendments` table keeps each corrected or removed check-in as it was (answers,
level, reasons, open problems), and each later check-in whose advice changed keeps its earlier advice, naming
the check-in that caused the change. History, the report and the exports say "corrected on D", and where a
later check-in's level changed, what it was.

The check-ins are re-judged with the protocol in force now (the one the command was given), as a new check-in is.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from lipcare.assess import Advice, Answers
from lipcare.checkin import Recorded, _judge, _sign_key, check_answers, check_day
from lipcare.errors import LipcareError
from lipcare.fasttuple import Record
from lipcare.journal import CheckinRow, Journal, Treatment
from lipcare.photos import PreparedPhoto, attach
from lipcare.protocol import Protocol
from lipcare.text import num
from lipcare.timeline import checkin_again, day_number, redness_window


class LevelChange(Record):
    """A later check-in whose advice level changed when an earlier one was corrected or removed."""

    checkin_id: int
    on: date
    day: int
    was: str
    now: str


class Amended(Record):
    """What a correction or a removal did."""

    checkin: CheckinRow
    """The check-in as it was before."""
    recorded: Recorded | None
    """The corrected check-in with its new advice (None: it was removed)."""
    changes: tuple[LevelChange, ...] = ()
    photos_removed: int = 0


def no_such_checkin(checkin_id: int) -> LipcareError:
    return LipcareError(
        "there is no check-in {id} in your journal; nothing was changed. 'lipcare history' shows each "
        "check-in's number.",
        id=num(checkin_id),
    )


def answers_of(row: CheckinRow, held: list[dict[str, object]] | None) -> Answers:
    """The answers a stored check-in was given. Whether the patient said they had contacted their clinic is kept
    in the problems it held (the day they said so)."""
    contacted = True if held and any(item.get("contacted") == row.on.isoformat() for item in held) else None
    return Answers(
        dict(row.scores),
        row.crusting,
        row.symptoms if row.symptoms_recorded else None,
        row.note,
        row.painkillers_relieve,
        row.painkillers_taken,
        contacted,
    )


def original_of(row: CheckinRow, held: list[dict[str, object]] | None) -> dict[str, Any]:
    """A check-in as it was stored, for the amendment record."""
    return {
        "on": row.on.isoformat(),
        "day": row.day,
        "recorded_at": row.recorded_at,
        "scores": dict(row.scores),
        "crusting": row.crusting,
        "symptoms": list(row.symptoms) if row.symptoms_recorded else None,
        "note": row.note,
        "painkillers_relieve": row.painkillers_relieve,
        "painkillers_taken": row.painkillers_taken,
        "level": row.level,
        "action": row.action,
        "reasons": list(row.reasons),
        "said": [dict(item) for item in row.said],
        "protocol": row.protocol,
        "held": held,
    }


def same_reasons(new: Sequence[Mapping[str, Any]], old: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a check-in judged again gives the reasons it had: the same rules and words where both kept them
    (in whatever language it was judged), the same text otherwise."""
    if len(new) != len(old):
        return False
    for now, then in zip(new, old, strict=True):
        if "words" in now and "words" in then:
            if (now["words"], now.get("rule")) != (then["words"], then.get("rule")):
                return False
        elif now["text"] != then["text"]:
            return False
    return True


def merged(protocol: Protocol, before: Answers, changes: Answers) -> Answers:
    """The answers of a check-in with the ones given now in place of the earlier ones."""
    symptoms = changes.symptoms if changes.symptoms is not None else before.symptoms
    if changes.symptoms is not None:
        symptoms = tuple(dict.fromkeys(_sign_key(protocol, key) or key for key in changes.symptoms))
    return Answers(
        {**before.scores, **changes.scores},
        changes.crusting if changes.crusting is not None else before.crusting,
        symptoms,
        changes.note if changes.note is not None else before.note,
        changes.painkillers_relieve if changes.painkillers_relieve is not None else before.painkillers_relieve,
        changes.painkillers_taken if changes.painkillers_taken is not None else before.painkillers_taken,
        changes.contacted if changes.contacted is not None else before.contacted,
    )


def correct_checkin(
    journal: Journal,
    protocol: Protocol,
    checkin_id: int,
    today: date,
    changes: Answers,
    on: date | None = None,
    photos: Sequence[PreparedPhoto] = (),
) -> Amended:
    """Give check-in `checkin_id` the answers in `changes` (those not given keep their values; `on`: move it to
    another day of its treatment), keep it as it was in an amendment record, and re-judge it and every later
    check-in of its treatment. One transaction: all of it, or nothing."""
    with journal.transaction():
        row = journal.checkin_by_id(checkin_id)
        if row is None:
            raise no_such_checkin(checkin_id)
        treatment = journal.treatment_of(row)
        held = journal.held_of(checkin_id)
        new_on = on if on is not None else row.on
        check_day(treatment, new_on, today)
        answers = merged(protocol, answers_of(row, held), changes)
        scores = {**dict.fromkeys(protocol.questions.keys), **answers.scores}
        answers = answers._replace(scores=scores)
        check_answers(protocol, changes, to_be_asked=True)  # the answers kept were checked when they were given
        journal.add_amendment(row, "corrected", today, original_of(row, held))
        # Its new answers and day first, with its old judgement: then every check-in from the earlier of its two
        # days on is judged again in date order, this one in its place among them.
        provisional, _advice = _judge(journal, protocol, treatment, new_on, answers, scores, checkin_id)
        journal.replace_checkin(checkin_id, provisional)
        changes_made, advice = _rejudge(journal, protocol, treatment, min(row.on, new_on), today, row, answers)
        kept = attach(journal, checkin_id, photos) if photos else tuple(journal.photos_of(checkin_id))
    assert advice is not None
    day = day_number(treatment.treatment_date, new_on)
    window = redness_window(protocol, treatment.treatment_date, new_on)
    again = checkin_again(protocol, day) and new_on >= today
    recorded = Recorded(checkin_id, treatment, new_on, day, answers, advice, window, again, tuple(kept), today)
    return Amended(row, recorded, changes_made)


def find_checkin(journal: Journal, checkin_id: int) -> CheckinRow:
    """The check-in to remove, read before asking whether to remove it."""
    row = journal.checkin_by_id(checkin_id)
    if row is None:
        raise no_such_checkin(checkin_id)
    return row


def remove_checkin(journal: Journal, protocol: Protocol, checkin_id: int, today: date) -> Amended:
    """Remove check-in `checkin_id` and its photos' rows, keep it as it was in an amendment record, and re-judge
    every later check-in of its treatment. One transaction: all of it, or nothing."""
    with journal.transaction():
        row = journal.checkin_by_id(checkin_id)
        if row is None:
            raise no_such_checkin(checkin_id)
        treatment = journal.treatment_of(row)
        journal.add_amendment(row, "removed", today, original_of(row, journal.held_of(checkin_id)))
        photos = journal.delete_checkin(checkin_id)
        changes, _advice = _rejudge(journal, protocol, treatment, row.on, today, row, None)
    return Amended(row, None, changes, len(photos))


def _rejudge(
    journal: Journal,
    protocol: Protocol,
    treatment: Treatment,
    start: date,
    today: date,
    cause: CheckinRow,
    corrected: Answers | None,
) -> tuple[tuple[LevelChange, ...], Advice | None]:
    """Judge every check-in of `treatment` from `start` on again, in date order, storing what changed; the ones
    whose advice changed keep their earlier advice in an amendment record naming `cause`. Returns the level
    changes of the later check-ins and, when `corrected` (the answers of `cause`, corrected), its new advice."""
    changes = []
    advice_of_corrected = None
    for checkin_id, on in journal.checkin_ids_from(treatment, start):
        row = journal.checkin_by_id(checkin_id)
        assert row is not None
        held = journal.held_of(checkin_id)
        if corrected is not None and checkin_id == cause.id:
            entry, advice_of_corrected = _judge(
                journal, protocol, treatment, on, corrected, corrected.scores, checkin_id
            )
            journal.replace_checkin(checkin_id, entry)
            continue
        entry, _advice = _judge(journal, protocol, treatment, on, answers_of(row, held), row.scores, checkin_id)
        if (entry.level, entry.action) != (row.level, row.action) or not same_reasons(entry.said, row.said):
            journal.add_amendment(row, "rejudged", today, original_of(row, held), caused_by=cause.id)
            journal.replace_checkin(checkin_id, entry)
            was, now = row.shown_level, "immediate" if entry.action == "immediate" else entry.level
            if was != now:
                changes.append(LevelChange(checkin_id, on, row.day, was, now))
        elif list(entry.held) != (held or []):
            journal.replace_checkin(checkin_id, entry)  # only the problems it holds open: its advice is the same
    return tuple(changes), advice_of_corrected
