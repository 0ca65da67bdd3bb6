"""The desktop reminders of a plan: every rinse and check-in (and, once they are in the plan, every dose and
appointment) as one `Reminder`, in order, with the urgency its notification is shown with.

Pure functions of a protocol and a treatment: `lipcare remind install` and `lipcare remind due` store what they
return (lipcare.remind_store) so that the timer's run never reads the protocol or the journal when nothing changed.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from lipcare.fasttuple import Record
from lipcare.text import inert

if TYPE_CHECKING:
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


def plan_reminders(protocol: Protocol, treatment: date, treatment_time: time | None = None) -> list[Reminder]:
    """Every reminder of the plan from `treatment`, in time order: the rinses (day 0's from the treatment time
    on), and the check-ins, daily then weekly (`CheckinReminder.days`)."""
    from lipcare.timeline import date_of_day, rinse_reminders

    found = [
        reminder(item.date, item.time, "rinse", item.title, item.text)
        for item in rinse_reminders(protocol, treatment, treatment_time)
    ]
    checkin = protocol.questions.reminder
    for day in checkin.days():
        on = date_of_day(treatment, day)
        if day == 0 and treatment_time is not None and checkin.time < treatment_time:
            continue
        found.append(reminder(on, checkin.time, "checkin", checkin.title, checkin.text))
    return sorted(found, key=lambda item: (item.at, item.kind))
