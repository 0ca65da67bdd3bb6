"""The recovery timeline: pure functions of a protocol, a treatment date and a day.

Days are calendar days counted with `date` arithmetic, never clock hours, so
a daylight-saving change, a leap day or a year end cannot shift them. Day 0
is the treatment day.
"""

import datetime as dt
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Literal

from lipcare.fasttuple import Record
from lipcare.protocol import Guidance, Protocol, Span, WarningSign
from lipcare.protocol.types import Medication

if TYPE_CHECKING:
    from lipcare.medicines import Dose

if TYPE_CHECKING:
    from lipcare.journal_rows import AppointmentRow

WindowStatus = Literal["upcoming", "within", "beyond"]
When = Literal["past", "now", "ahead"]


def day_number(treatment: date, on: date) -> int:
    """Days since the treatment: 0 on the treatment day, negative before it."""
    return (on - treatment).days


def date_of_day(treatment: date, day: int) -> date:
    return treatment + timedelta(days=day)


def window_status(day: int, window_days: int) -> WindowStatus:
    if day < 0:
        return "upcoming"
    return "within" if day <= window_days else "beyond"


class RednessWindow(Record):
    days: int
    ends: date
    status: WindowStatus
    days_left: int
    """Days from the asked-about day to the window's last day (0 on that day)."""
    days_beyond: int
    """How many days past the window's last day (0 while within or upcoming)."""


def redness_window(protocol: Protocol, treatment: date, on: date) -> RednessWindow:
    window = protocol.redness.window_days
    day = day_number(treatment, on)
    return RednessWindow(
        days=window,
        ends=date_of_day(treatment, window),
        status=window_status(day, window),
        days_left=max(window - max(day, 0), 0),
        days_beyond=max(day - window, 0),
    )


class Reminder(Record):
    date: dt.date
    time: dt.time
    day: int
    kind: str
    title: str
    text: str
    source: str

    @property
    def at(self) -> tuple[dt.date, dt.time]:
        return (self.date, self.time)


def rinse_reminders(protocol: Protocol, treatment: date, treatment_time: time | None = None) -> list[Reminder]:
    """Every rinse, in order; day-0 rinses before the treatment time are dropped."""
    rinse = protocol.rinse
    reminders = []
    for day in range(rinse.first_day, rinse.last_day + 1):
        for at in rinse.times:
            if day == 0 and treatment_time is not None and at < treatment_time:
                continue
            reminders.append(
                Reminder(date_of_day(treatment, day), at, day, "rinse", rinse.title, rinse.text, rinse.source)
            )
    return reminders


class Period(Record):
    """A span of the protocol placed on the calendar."""

    span: Span
    first: date
    last: date

    def when(self, on: date) -> When:
        if on > self.last:
            return "past"
        return "ahead" if on < self.first else "now"


def place(span: Span, treatment: date) -> Period:
    return Period(span, date_of_day(treatment, span.first_day), date_of_day(treatment, span.last_day))


class Timeline(Record):
    protocol: Protocol
    treatment_date: date
    treatment_time: time | None
    on: date
    day: int
    redness: RednessWindow
    sun_avoid: Period
    sunscreen: Period
    reminders: list[Reminder]
    milestones: list[Period]
    warning_signs: tuple[WarningSign, ...]
    today: date | None = None
    """The real today, when known: the plan for another day speaks of "that day"."""
    appointments: "tuple[AppointmentRow, ...]" = ()
    """The patient's follow-up appointments (lipcare.appointments), in order, whichever treatment they follow."""
    medicines: tuple[Medication, ...] = ()
    """The medicines in force: the protocol's, with the patient's changes and own (lipcare.medicines.Schedule)."""

    @property
    def doses(self) -> list["Dose"]:
        """The doses due on the asked-about day, in time order."""
        from lipcare.medicines import Schedule

        return Schedule(self.medicines, (), self.treatment_date, self.on).doses_on(self.on)

    @property
    def is_today(self) -> bool:
        return self.today is None or self.on == self.today

    @property
    def in_past(self) -> bool:
        return self.today is not None and self.on < self.today

    @property
    def care(self) -> list[Span]:
        """What to do on the asked-about day: ointment, crusts, pain relief."""
        return [item for item in self.protocol.care if item.first_day <= self.day <= item.last_day]

    @property
    def course_now(self) -> list[Span]:
        """The parts of the expected course that cover the asked-about day."""
        return [span for span in self.protocol.course if span.first_day <= self.day <= span.last_day]

    @property
    def prepare(self) -> tuple[Guidance, ...]:
        """What to do or have ready, before the treatment only."""
        return self.protocol.prepare if self.day < 0 else ()

    @property
    def todays_reminders(self) -> list[Reminder]:
        return [reminder for reminder in self.reminders if reminder.date == self.on]

    @property
    def todays_appointments(self) -> "list[AppointmentRow]":
        """The appointments on the asked-about day."""
        if not self.appointments:  # most patients keep none: nothing to look up
            return []
        from lipcare.appointments import appointments_between

        return appointments_between(self.appointments, self.on, self.on)

    @property
    def next_appointment(self) -> "AppointmentRow | None":
        """The first appointment after the asked-about day; None for a day in the past (as for the next rinse)."""
        if not self.appointments:
            return None
        from lipcare.appointments import next_appointment

        return None if self.in_past else next_appointment(self.appointments, self.on + timedelta(days=1))

    def next_reminder(self, now: time | None = None) -> Reminder | None:
        """The first reminder on or after the asked-about day (after `now` on that day)."""
        start = (self.on, now or time.min)
        return next((reminder for reminder in self.reminders if reminder.at >= start), None)


def build_timeline(
    protocol: Protocol,
    treatment: date,
    on: date,
    treatment_time: time | None = None,
    today: date | None = None,
    appointments: "tuple[AppointmentRow, ...]" = (),
) -> Timeline:
    milestones = sorted((place(span, treatment) for span in protocol.course), key=lambda p: (p.first, p.last))
    return Timeline(
        protocol=protocol,
        treatment_date=treatment,
        treatment_time=treatment_time,
        on=on,
        day=day_number(treatment, on),
        redness=redness_window(protocol, treatment, on),
        sun_avoid=place(protocol.sun_avoid, treatment),
        sunscreen=place(protocol.sunscreen, treatment),
        reminders=rinse_reminders(protocol, treatment, treatment_time),
        milestones=milestones,
        warning_signs=protocol.warning_signs,
        today=today,
        appointments=appointments,
        medicines=protocol.medication,
    )


def checkin_again(protocol: Protocol, day: int) -> bool:
    """Whether a check-in reminder is still ahead after `day`: daily through healing, then weekly."""
    return 0 <= day < protocol.questions.reminder.weekly_last_day


def again_text(protocol: Protocol, day: int) -> str:
    """What to say about the next check-in after one on `day` with nothing to act on: tomorrow while the daily
    check-ins run, in a week while the weekly ones do, nothing after them."""
    reminder = protocol.questions.reminder
    if 0 <= day < reminder.daily_last_day:
        return reminder.again_text
    return reminder.weekly_again_text if 0 <= day < reminder.weekly_last_day else ""


def overdue_after_urgent(latest: tuple[date, str, str] | None, today: date) -> date | None:
    """The day of the latest check-in when it said to contact the physician today (or seek care now) and no
    check-in has followed it for a day or more: the timeline then asks for one."""
    if latest is None:
        return None
    on, level, _action = latest
    return on if level == "urgent" and (today - on).days >= 1 else None
