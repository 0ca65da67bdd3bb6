"""The desktop reminders of a plan: every rinse and check-in (and, once they are in the plan, every dose and
appointment) as one `Reminder`, in order, with the urgency its notification is shown with.

Pure functions of a protocol and a treatment: `lipcare remind install` and `lipcare remind due` store what they
return (lipcare.remind_store) so that the timer's run never reads the protocol or the journal when nothing changed.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from lipcare.fasttuple import Record
from lipcare.text import _, inert, num

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from lipcare.journal_rows import AppointmentRow
    from lipcare.medicines import Dose
    from lipcare.protocol import Protocol

LOW, NORMAL = 0, 1
"""The freedesktop urgency levels lipcare uses (0 low, 1 normal). Never 2 (critical): a critical notification
stays on the screen until dismissed and breaks through do-not-disturb, which routine aftercare must not do."""

URGENCY = {"rinse": NORMAL, "checkin": LOW, "dose": NORMAL, "appointment": NORMAL}
"""A reminder's urgency by its kind: a rinse, a dose and an appointment are due at their time (normal); the
check-in can wait for the evening (low)."""


class Reminder(Record):
    """One reminder: when (local wall-clock time), what kind, and the words its notification shows."""

    at: datetime
    kind: str
    title: str
    body: str
    urgency: int


def reminder(day: date, at: time, kind: str, title: str, body: str) -> Reminder:
    """A reminder of `kind`; outside text (a clinic's protocol) is made inert, its urgency follows the kind."""
    return Reminder(datetime.combine(day, at), kind, inert(title), inert(body), URGENCY.get(kind, NORMAL))


def plan_reminders(
    protocol: Protocol, treatment: date, treatment_time: time | None = None, checked_in: Collection[date] = ()
) -> list[Reminder]:
    """Every reminder of the plan from `treatment`, in time order: the rinses (day 0's from the treatment time
    on), and the check-ins, daily then weekly (`CheckinReminder.days`), but for the days `checked_in` already: a
    patient who checked in that morning is not asked to in the evening."""
    from lipcare.timeline import date_of_day, rinse_reminders

    found = [
        reminder(item.date, item.time, "rinse", item.title, item.text)
        for item in rinse_reminders(protocol, treatment, treatment_time)
    ]
    checkin = protocol.questions.reminder
    for day in checkin.days():
        on = date_of_day(treatment, day)
        if (day == 0 and treatment_time is not None and checkin.time < treatment_time) or on in checked_in:
            continue
        found.append(reminder(on, checkin.time, "checkin", checkin.title, checkin.text))
    return sorted(found, key=lambda item: (item.at, item.kind))


def appointment_reminders(rows: Iterable[AppointmentRow]) -> list[Reminder]:
    """Two reminders for each appointment, when lipcare.appointments.announced says: the evening before, and on
    the day."""
    from lipcare.appointments import announced

    found = []
    for row in rows:
        said = appointment_text(row)
        evening, day_of = announced(row)
        title = _("Follow-up appointment")
        found.append(reminder(evening.date(), evening.time(), "appointment", title, said[0]))
        if day_of is not None:
            found.append(reminder(day_of.date(), day_of.time(), "appointment", title, said[1]))
    return found


def appointment_text(row: AppointmentRow) -> tuple[str, str]:
    """What the evening before and the day's reminders say of `row`: when, where, and the patient's note."""
    details = ", ".join(inert(part) for part in (row.place, row.note) if part)
    if row.at is not None:
        at = num(row.at.strftime("%H:%M"))
        before = _("Tomorrow at {time}.").format(time=at)
        today = _("Today at {time}.").format(time=at)
    else:
        before, today = _("Tomorrow."), _("Today.")
    return (f"{before} {details}".strip(), f"{today} {details}".strip())


def plan_with_appointments(
    reminders: list[Reminder], rows: Iterable[AppointmentRow], doses: Iterable[Dose] = ()
) -> list[Reminder]:
    """`reminders` and those of the appointments and doses, in time order."""
    found = [*reminders, *appointment_reminders(rows), *dose_reminders(doses)]
    return sorted(found, key=lambda item: (item.at, item.kind))


def dose_reminders(doses: Iterable[Dose]) -> list[Reminder]:
    """A reminder for each dose (lipcare.medicines.Schedule.doses_between): the medicine's name, then how much, and
    when the time is only lipcare's suggestion, that the clinic's time comes first."""
    found = []
    for dose in doses:
        body = inert(dose.dose)
        if dose.suggested:
            body = f"{body}. " + _("The time is a suggestion: follow your clinic's times.") if body else body
        found.append(reminder(dose.at.date(), dose.at.time(), "dose", dose.name, body))
    return found
