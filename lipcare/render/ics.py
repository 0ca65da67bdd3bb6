"""The aftercare plan as an iCalendar file, built with the `icalendar` library.

Choices, each for a calendar-client problem (see the README's calendar section):
- Timed reminders use floating local times (no TZID, no Z). A rinse at 08:00 is
  a daily routine: it stays at 08:00 on the phone's clock across a
  daylight-saving change, and wherever the patient travels. Every client reads
  floating times as the device's local time.
- Every UID is derived from the treatment date and the event's identity, so
  exporting again updates the events in a calendar instead of duplicating them.
- All-day spans end on the day after their last day (DTEND is exclusive).
- Alarms carry ACTION, TRIGGER and DESCRIPTION; Google Calendar ignores alarms
  in imported files, so every title says what to do on its own.
- A follow-up appointment (lipcare.appointments) is an event of its own, at its
  floating local time (an hour long: its end is not known) or all day when it
  has no time, with two alarms: the evening before at 19:00 and, when it has a
  time, an hour before. Its UID is its id, so removing one and exporting again
  leaves the old event in a calendar that imported it: the README says so.
This module imports icalendar, so only `lipcare export ics` loads it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from icalendar import Alarm, Calendar, Event

from lipcare import __version__
from lipcare.appointments import announced
from lipcare.locale import current
from lipcare.protocol import Protocol
from lipcare.protocol.types import Medication
from lipcare.text import _, inert, num
from lipcare.timeline import Timeline

if TYPE_CHECKING:
    from lipcare.journal_rows import AppointmentRow

PRODID = f"-//lipcare//lipcare {__version__}//EN"
ALARM_BEFORE = timedelta(minutes=5)
REMINDER_LENGTH = timedelta(minutes=10)
APPOINTMENT_LENGTH = timedelta(hours=1)


def uid(treatment: date, identity: str) -> str:
    return f"{treatment.isoformat()}-{identity}@lipcare"


def _describe(protocol: Protocol, text: str, source: str) -> str:
    title = protocol.sources[source].title
    notes = "".join(f"\n{note}" for note in current().notes)
    return (
        f"{text}\n\n{_('Source: {title}.').format(title=title)}\n{protocol.notice}{notes}\n"
        f"{_('Protocol: {name} {version}.').format(name=protocol.name, version=protocol.version)}"
    )


def _until(day: date) -> str:
    return current().day_month(day)


def _language() -> dict[str, str]:
    """The LANGUAGE parameter of a text in another language than English (RFC 5545)."""
    locale = current()
    return {"LANGUAGE": locale.code} if locale.translated else {}


def _event(tl: Timeline, identity: str, summary: str, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid(tl.treatment_date, identity))
    event.add("dtstamp", stamp)
    language = _language()
    # A checked protocol has no control characters; escaping here too means none can ever reach a calendar.
    event.add("summary", inert(summary), parameters=language)
    event.add("description", inert(description, keep_lines=True), parameters=language)
    return event


def _alarm(event: Event, text: str, before: timedelta = ALARM_BEFORE) -> None:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -before)
    alarm.add("description", inert(text), parameters=_language())
    event.add_component(alarm)


def _all_day(event: Event, first: date, last: date) -> None:
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))
    event.add("transp", "TRANSPARENT")


def build_calendar(tl: Timeline, stamp: datetime) -> Calendar:
    """Every rinse, the sun periods, the redness window's last day and a daily check-in reminder. `stamp`: when the
    calendar was made (each event's DTSTAMP), given by the command from lipcare.clock."""
    protocol = tl.protocol
    stamp = stamp.astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Lip aftercare from {date}").format(date=tl.treatment_date.isoformat()))

    rinse = protocol.rinse
    for reminder in tl.reminders:
        summary = _("{title} (day {day})").format(title=rinse.title, day=num(reminder.day))
        event = _event(
            tl,
            f"rinse-{reminder.date.isoformat()}-{reminder.time:%H%M}",
            summary,
            _describe(protocol, rinse.text, rinse.source),
            stamp,
        )
        event.add("dtstart", datetime.combine(reminder.date, reminder.time))
        event.add("duration", REMINDER_LENGTH)
        _alarm(event, f"{rinse.title}: {rinse.text}")
        calendar.add_component(event)

    for period in (tl.sun_avoid, tl.sunscreen):
        span = period.span
        summary = _("{title} (until {date})").format(title=span.title, date=_until(period.last))
        if period is tl.sunscreen:  # sun protection is kept up for good: the span is only the calendar's
            summary = _("{title} (every day, for good)").format(title=span.title)
        event = _event(tl, f"sun-{span.key}", summary, _describe(protocol, span.text, span.source), stamp)
        _all_day(event, period.first, period.last)
        calendar.add_component(event)

    redness = protocol.redness
    ends = tl.redness.ends
    about = _describe(protocol, f"{redness.text} {redness.beyond_text}", redness.beyond_source)
    last_day = _("Last day of the {days}-day redness window").format(days=num(redness.window_days))
    event = _event(tl, "redness-window-end", last_day, about, stamp)
    _all_day(event, ends, ends)
    calendar.add_component(event)

    for item in tl.medicines:
        _medicine_events(calendar, tl, item, stamp)

    daily = protocol.questions.reminder
    event = _event(tl, "daily-checkin", daily.title, _describe(protocol, daily.text, daily.source), stamp)
    event.add("dtstart", datetime.combine(tl.treatment_date, daily.time))
    event.add("duration", REMINDER_LENGTH)
    # One reminder a day through healing (days 0 to daily_last_day), then one a week to weekly_last_day.
    event.add("rrule", {"freq": "daily", "count": daily.daily_last_day + 1})
    _alarm(event, f"{daily.title}: {daily.text}")
    calendar.add_component(event)
    weeks = len(range(daily.daily_last_day + 7, daily.weekly_last_day + 1, 7))
    if weeks:
        title = _("{title} (weekly)").format(title=daily.title)
        event = _event(tl, "weekly-checkin", title, _describe(protocol, daily.text, daily.source), stamp)
        first = tl.treatment_date + timedelta(days=daily.daily_last_day + 7)
        event.add("dtstart", datetime.combine(first, daily.time))
        event.add("duration", REMINDER_LENGTH)
        event.add("rrule", {"freq": "weekly", "count": weeks})
        _alarm(event, f"{daily.title}: {daily.text}")
        calendar.add_component(event)
    for row in tl.appointments:
        calendar.add_component(_appointment(tl, row, stamp))
    return calendar


def _appointment(tl: Timeline, row: AppointmentRow, stamp: datetime) -> Event:
    """A follow-up appointment with its alarms: the evening before, and on the day when it has a time (both when
    lipcare.appointments.announced says, as the desktop reminders)."""
    note = inert(row.note, marks=True)
    summary = _("Follow-up appointment: {note}").format(note=note) if note else _("Follow-up appointment")
    said = [note] if note else []
    if row.place:
        said.append(_("Where: {place}").format(place=inert(row.place, marks=True)))
    said.append(_("Kept with: lipcare appointment add."))
    event = _event(tl, f"appointment-{row.id}", summary, "\n".join(said), stamp)
    if row.place:
        event.add("location", inert(row.place, marks=True), parameters=_language())
    starts = datetime.combine(row.on, row.at or time.min)
    evening, day_of = announced(row)  # as the desktop reminders announce it
    if row.at is None:
        _all_day(event, row.on, row.on)
        event["transp"] = "OPAQUE"  # the day is taken, unlike the plan's spans
        _alarm(event, _("Tomorrow: {summary}").format(summary=summary), starts - evening)
        if day_of is not None:
            _alarm(event, _("Today: {summary}").format(summary=summary), starts - day_of)  # after the day's start
        return event
    event.add("dtstart", starts)
    event.add("duration", APPOINTMENT_LENGTH)
    at = num(f"{row.at:%H:%M}")
    _alarm(event, _("Tomorrow at {time}: {summary}").format(time=at, summary=summary), starts - evening)
    if day_of is not None:
        _alarm(event, _("Today at {time}: {summary}").format(time=at, summary=summary), starts - day_of)
    return event


def _medicine_events(calendar: Calendar, tl: Timeline, item: Medication, stamp: datetime) -> None:
    """One event a day at each of the medicine's times, from its first day to its last (RRULE COUNT), with an
    alarm: the dose and what it is for in the description, with its source (none for the patient's own)."""
    protocol = tl.protocol
    said = item.dose or item.name
    summary = _("{name}: {dose}").format(name=item.name, dose=item.dose) if item.dose else item.name
    lines = [said if not item.purpose else f"{said}. {item.purpose}"]
    if item.text:
        lines.append(item.text)
    if item.times_suggested:
        lines.append(_("The times are suggestions: take it when your clinic told you to."))
    if item.source in protocol.sources:
        description = _describe(protocol, "\n".join(lines), item.source)
    else:
        description = "\n".join([*lines, _("Added by you in lipcare."), protocol.notice])
    first = tl.treatment_date + timedelta(days=item.first_day)
    for at in item.times:
        event = _event(tl, f"medicine-{_identity(item.key)}-{at:%H%M}", summary, description, stamp)
        event.add("dtstart", datetime.combine(first, at))
        event.add("duration", REMINDER_LENGTH)
        event.add("rrule", {"freq": "daily", "count": item.last_day - item.first_day + 1})
        _alarm(event, summary)
        calendar.add_component(event)


def _identity(key: str) -> str:
    """A medicine's key as a UID part: a protocol key as it is, a patient's own name (any letters) by its digest."""
    import re

    if re.fullmatch(r"[a-z0-9-]+", key):
        return key
    import hashlib

    return "own-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def to_ics(tl: Timeline, stamp: datetime) -> str:
    ical: bytes = build_calendar(tl, stamp).to_ical()
    return ical.decode("utf-8")
