"""`lipcare timeline`: where the patient stands today, and the plan from the treatment date."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from lipcare import clock
from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.fasttuple import Record
from lipcare.text import _, plural

if TYPE_CHECKING:
    from datetime import date, time

    from lipcare.journal_rows import AppointmentRow, MedicineRow
    from lipcare.treatment import Chosen


@app.command("timeline", help=COMMANDS["timeline"])
def timeline(
    treatment: common.TreatmentDate = None,
    on: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="The day to show the plan for (default: today).", show_default=False),
    ] = None,
    treatment_time: common.TreatmentTime = None,
    preview: Annotated[
        bool,
        typer.Option("--preview", help="Show the plan for --date without remembering it or changing your record."),
    ] = False,
    protocol_file: common.ProtocolOption = None,
    as_json: common.JsonFlag = False,
) -> None:
    from lipcare.errors import JournalError
    from lipcare.timeline import build_timeline, overdue_after_urgent

    protocol = common.current_protocol(protocol_file)
    today = clock.today()
    treated = common.read_date(treatment, "--date", today) if treatment is not None else None
    asked = common.read_date(on, "--on", today) if on is not None else today
    at = common.read_time(treatment_time, "--time") if treatment_time is not None else None
    given = treated
    said: list[str] = []
    switched = False
    situation = TimelineSituation()
    remember = False
    if preview and treated is not None:
        said.append(_("Preview: this date was not remembered, and your treatment record is unchanged."))
    else:
        try:
            # Planned now and remembered only once the timeline is shown: a command that fails changes nothing.
            chosen, situation = plan_timeline_treatment(treated, at)
            remember = situation.changes
            treated, at = chosen.treatment.treatment_date, chosen.treatment.treatment_time
            said, switched = chosen.said(), chosen.earlier is not None
        except JournalError as error:
            if treated is None:
                raise
            # The plan itself does not need the journal when the date is given.
            sys.stderr.write(
                _("Warning: the treatment date could not be remembered: {error}").format(error=error.shown())
            )
            sys.stderr.write("\n")
    assert treated is not None
    follow_up = situation_lines(situation, today, switched) if asked == today else []
    overdue = overdue_after_urgent(situation.latest, today) if asked == today else None
    if overdue is not None:
        follow_up.append(
            _(
                "Your check-in on {date} said to contact your physician today. If you have not, do it now; "
                "then check in again: lipcare checkin"
            ).format(date=overdue.isoformat())
        )
    tl = build_timeline(protocol, treated, asked, at, today, situation.appointments)
    if not (preview and given is not None):
        tl = common.medicines_applied(tl, situation.medicines)
    # The next rinse counts from the current time only when the plan is for today.
    now = clock.now() if asked == today else None
    if as_json:
        from lipcare.render import jsonout

        # scripts hear of a changed record and of an urgent check-in not followed up, not of a remembered date
        common.notify((said if switched else []) + follow_up)
        common.echo_json("timeline", jsonout.timeline(tl, now))
    else:
        from lipcare.render import terminal

        echoes = common.understood("--date", treatment, treated) if treatment else []
        echoes += common.understood("--on", on, asked) if on else []
        terminal.print_timeline(tl, now, echoes + said + follow_up, page=True)
    if remember:
        remember_after(given, at)


class TimelineSituation(Record):
    """What the journal says about the treatment the timeline is for, read without writing."""

    latest: "tuple[date, str, str] | None" = None
    """The day, level and action of its latest check-in."""
    others: int = 0
    """Check-ins of other treatments, when this one has none."""
    other_date: "date | None" = None
    """The treatment with the latest check-in among the others."""
    appointments: "tuple[AppointmentRow, ...]" = ()
    """Every follow-up appointment kept (lipcare.appointments)."""
    medicines: "tuple[MedicineRow, ...]" = ()
    """The patient's changes and own medicines kept for this treatment (none for a date not remembered yet)."""
    changes: bool = False
    """Whether remembering the treatment chosen changes the journal: a new record, another one in use, or a new
    time. Only then is the journal opened again, to write."""


def plan_timeline_treatment(treated: "date | None", at: "time | None") -> "tuple[Chosen, TimelineSituation]":
    """The treatment the timeline is for and what its journal says, without remembering anything."""
    from lipcare.errors import NO_TREATMENT, UsageError
    from lipcare.journal_rows import Treatment
    from lipcare.treatment import Chosen, plan_treatment

    journal = common.open_journal(create=False)
    if journal is None:
        if treated is None:
            raise UsageError(NO_TREATMENT)
        return Chosen(Treatment(0, treated, at), None, True), TimelineSituation(changes=True)
    with journal:
        current = journal.current_treatment()
        chosen = plan_treatment(journal, treated, at)
        latest = journal.latest_level(chosen.treatment) if chosen.treatment.id else None
        others, other_date = 0, None
        if latest is None:
            for item in journal.treatments():
                if item.id != chosen.treatment.id and journal.count_checkins(item):
                    others += journal.count_checkins(item)
                    other_date = item.treatment_date
        appointments = tuple(journal.appointments())
        medicines = tuple(journal.medicines(chosen.treatment)) if chosen.treatment.id else ()
    changes = current is None or chosen.treatment.id != current.id or (at is not None and at != current.treatment_time)
    return chosen, TimelineSituation(latest, others, other_date, appointments, medicines, changes)


def situation_lines(situation: TimelineSituation, today: "date", switched: bool = False) -> list[str]:
    """What the timeline says first about the check-ins: today's latest level, or that the check-ins are kept under
    another treatment date and how to use it."""
    lines = []
    if situation.latest is not None and situation.latest[0] == today:
        from lipcare.render.words import level_meaning

        _day, level, action = situation.latest
        shown = "immediate" if action == "immediate" else level
        lines.append(
            _("Your latest check-in today: {level} ({meaning}).").format(level=_(shown), meaning=level_meaning(shown))
        )
    if situation.latest is None and situation.others and situation.other_date is not None and not switched:
        lines.append(
            _(
                "This treatment has no check-ins, but your other treatments have {count}. To use the treatment of "
                "{date} again: lipcare timeline --date {date}"
            ).format(count=plural(situation.others, "check-in"), date=situation.other_date.isoformat())
        )
    return lines


def remember_after(treated: "date | None", at: "time | None") -> None:
    """Remember the date given, once the timeline is shown; a journal that cannot be written is a warning."""
    from lipcare.errors import JournalError

    try:
        journal = common.open_journal(create=treated is not None)
        if journal is None:
            return
        with journal:
            common.treatment_for(journal, treated, at)
    except JournalError as error:
        sys.stderr.write(_("Warning: the treatment date could not be remembered: {error}").format(error=error.shown()))
        sys.stderr.write("\n")
