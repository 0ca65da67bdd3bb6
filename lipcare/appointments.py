"""Follow-up appointments: the patient's own list of visits, kept in the journal.

The rules live here; the journal stores the rows (`Journal.appointments`, `add_appointment`,
`delete_appointment`) and the command line reads what was typed. Everything here takes "today" as an
argument, and the pure functions take the stored rows, so a caller that already read them (the timeline,
the calendar, the reminders of `lipcare remind`) asks no more of the journal:

- `appointments_between(rows, start, end)`: the appointments from `start` to `end`, both included;
- `next_appointment(rows, today)`: the first one on or after today;
- `kept_and_coming(rows, today)`: those before today and the rest, as the physician's report lists them;
- `announced(row)`: when the patient is told of it, the evening before and on the day: the desktop reminders and
  the calendar's alarms alike.

An appointment is not tied to a treatment: a patient may book the follow-ups before the treatment date is known,
so `appointment add` needs no treatment date, and a new treatment keeps them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from lipcare.errors import LipcareError, UsageError
from lipcare.fasttuple import Record
from lipcare.journal_rows import AppointmentRow
from lipcare.text import undecodable

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lipcare.journal import Journal

__all__ = [
    "MAX_TEXT",
    "AppointmentRow",
    "NewAppointment",
    "add",
    "appointments_between",
    "choose",
    "kept_and_coming",
    "next_appointment",
    "plan",
    "remove",
]

MAX_TEXT = 200
"""The longest note or place, in characters: a line of a calendar event or a report, not a letter."""


def appointments_between(rows: Iterable[AppointmentRow], start: date, end: date) -> list[AppointmentRow]:
    """The appointments from `start` to `end` (both included), in order of date and time (a day's appointment
    without a time first). `rows` as `Journal.appointments()` returns them, in any order. Pure: for the
    timeline, the calendar and `lipcare remind`."""
    return sorted((row for row in rows if start <= row.on <= end), key=_order)


def next_appointment(rows: Iterable[AppointmentRow], today: date) -> AppointmentRow | None:
    """The first appointment on or after `today`, or None."""
    coming = [row for row in rows if row.on >= today]
    return min(coming, key=_order) if coming else None


def kept_and_coming(rows: Iterable[AppointmentRow], today: date) -> tuple[list[AppointmentRow], list[AppointmentRow]]:
    """(the appointments before `today`, those on or after it), each in order."""
    ordered = sorted(rows, key=_order)
    return [row for row in ordered if row.on < today], [row for row in ordered if row.on >= today]


EVENING_BEFORE = time(18, 0)
"""An appointment is announced the evening before, at 18:00: before the day's 19:00 check-in reminder."""
AHEAD = timedelta(hours=2)
"""And on the day, two hours before its time: time to get ready and travel."""
EARLIEST = time(6, 0)
"""Not before 06:00 on the day."""
LEAST_AHEAD = timedelta(minutes=30)
"""A reminder on the day less than this before the appointment would come too late to help: an appointment that
early (before 06:30) has only the evening's."""
UNTIMED = time(8, 0)
"""An appointment without a time is announced at 08:00 on the day."""


def two_years_after(today: date) -> date:
    """The furthest an appointment may be: a later one is a mistyped year (2062 for 2026), refused before it is
    kept and never announced when the patient expects it. From 29 February, the 28th."""
    try:
        return today.replace(year=today.year + 2)
    except ValueError:
        return today.replace(year=today.year + 2, day=28)


def announced(row: AppointmentRow) -> tuple[datetime, datetime | None]:
    """When the patient hears of `row`: the evening before, and on the day (two hours before its time, not before
    06:00, and never later than half an hour before: then not at all; at 08:00 when it has no time)."""
    evening = datetime.combine(row.on - timedelta(days=1), EVENING_BEFORE)
    if row.at is None:
        return evening, datetime.combine(row.on, UNTIMED)
    start = datetime.combine(row.on, row.at)
    day_of = max(start - AHEAD, datetime.combine(row.on, EARLIEST))
    return evening, day_of if day_of <= start - LEAST_AHEAD else None


def _order(row: AppointmentRow) -> tuple[date, time, int]:
    return row.on, row.at or time.min, row.id


def checked_text(value: str | None, option: str) -> str:
    """A note or place as it will be kept: trimmed; a usage error when it is too long or is not text.
    Control and bidi characters are kept as typed and escaped wherever it is shown (`inert`, `json_safe`)."""
    if value is None:
        return ""
    if undecodable(value):
        raise UsageError(
            "Invalid value for '{option}': it has bytes that are not UTF-8 text; type it again.", option=option
        )
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise UsageError(
            "Invalid value for '{option}': {count} characters; at most {limit} can be kept, so nothing was saved.",
            option=option,
            count=len(text),
            limit=MAX_TEXT,
        )
    return text


class NewAppointment(Record):
    """An appointment checked and ready to keep (`plan`), before the journal is opened."""

    on: date
    at: time | None
    note: str
    place: str


def plan(
    on: date,
    at: time | None,
    note: str | None,
    place: str | None,
    today: date,
    *,
    past: bool = False,
    now: time | None = None,
) -> NewAppointment:
    """Check an appointment before anything is written: a date before `today` is refused unless `past` (a visit
    recorded afterwards), one more than two years ahead always (a mistyped year); a note or place that is too
    long or not text is refused (`checked_text`)."""
    if on > two_years_after(today):
        raise UsageError(
            "{date} is more than two years ahead: check the year. Follow-up visits after this treatment come "
            "within months.",
            date=on.isoformat(),
        )
    passed = on < today or (on == today and at is not None and now is not None and at < now)
    if passed and not past:
        raise UsageError(
            "{date} is in the past; add --past to record a visit that has already taken place.",
            date=on.isoformat() if at is None else f"{on.isoformat()} {at:%H:%M}",
        )
    if past and not passed and (on > today or at is not None):
        raise UsageError(
            "--past is for a visit that has already taken place, and {date} is still to come; leave --past out.",
            date=on.isoformat() if at is None else f"{on.isoformat()} {at:%H:%M}",
        )
    return NewAppointment(on, at, checked_text(note, "--note"), checked_text(place, "--where"))


def add(journal: Journal, new: NewAppointment) -> AppointmentRow:
    """Keep a planned appointment; one at the same date and time as one already kept is refused, and nothing is
    saved."""
    kept = journal.add_appointment(new.on, new.at, new.note, new.place)
    if kept is None:
        if new.at is None:
            raise LipcareError(
                "an appointment on {date} without a time is already kept; nothing was added.", date=new.on.isoformat()
            )
        raise LipcareError(
            "an appointment on {date} at {time} is already kept; nothing was added.",
            date=new.on.isoformat(),
            time=new.at.strftime("%H:%M"),
        )
    return kept


_ID = re.compile(r"[0-9]{1,18}", re.ASCII)


def choose(rows: list[AppointmentRow], typed: str, on: date | None) -> AppointmentRow:
    """The appointment `lipcare appointment remove` names: by its id (`typed`, digits), or by its date (`on`, when
    `typed` is not an id) when it is the only one that day. A usage error names what to type instead."""
    if on is None:
        wanted = int(typed)
        for row in rows:
            if row.id == wanted:
                return row
        raise UsageError("no appointment has the id {id}; 'lipcare appointment list' shows their ids.", id=typed)
    that_day = [row for row in rows if row.on == on]
    if not that_day:
        raise UsageError(
            "no appointment is kept on {date}; 'lipcare appointment list' shows them.", date=on.isoformat()
        )
    if len(that_day) > 1:
        raise UsageError(
            "{count} appointments are kept on {date}; give the id of the one to remove ({ids}).",
            count=len(that_day),
            date=on.isoformat(),
            ids=", ".join(str(row.id) for row in that_day),
        )
    return that_day[0]


def is_id(typed: str) -> bool:
    """Whether `typed` (digits already read as 0-9) is an appointment id rather than a date."""
    return _ID.fullmatch(typed.strip()) is not None


def remove(journal: Journal, typed: str, on: date | None) -> AppointmentRow:
    """Forget the appointment `typed` names (see `choose`), in one transaction; returns it."""
    with journal.transaction():
        chosen = choose(journal.appointments(), typed, on)
        journal.delete_appointment(chosen.id)
    return chosen
