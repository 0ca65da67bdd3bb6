"""`lipcare appointment add|list|remove`: follow-up appointments, kept in the journal."""

from typing import Annotated

import typer

from lipcare import clock
from lipcare.cli import COMMANDS, app
from lipcare.commands import common

appointment_app = typer.Typer(help=COMMANDS["appointment"], no_args_is_help=True, add_completion=False)
app.add_typer(appointment_app, name="appointment")


@appointment_app.command("add")
def appointment_add(
    on: Annotated[
        str,
        typer.Argument(
            metavar="DATE",
            help="The day: YYYY-MM-DD, tomorrow, a weekday (friday), 'in N days', 'in N weeks'.",
            show_default=False,
        ),
    ],
    at: Annotated[
        str | None, typer.Argument(metavar="[TIME]", help="Its time, HH:MM on a 24-hour clock.", show_default=False)
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT", help="What it is for, in a few words (at most 200 characters).", show_default=False
        ),
    ] = None,
    where: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT", help="Where it is: the clinic, its address (at most 200 characters).", show_default=False
        ),
    ] = None,
    past: Annotated[
        bool, typer.Option("--past", help="Record a visit that has already taken place (a date before today).")
    ] = False,
) -> None:
    """Keep a follow-up appointment: it shows in your timeline, your calendar file, your plan and your report."""
    from lipcare import appointments

    today = clock.today()
    day = common.read_date(on, "DATE", today, ahead=not past)
    time = common.read_time(at, "TIME") if at is not None else None
    planned = appointments.plan(day, time, note, where, today, past=past, now=clock.now())
    journal = common.open_journal(create=True)
    with journal:
        kept = appointments.add(journal, planned)
    from lipcare.render import terminal

    for line in common.understood("DATE", on, day):
        common.echo(line)
    terminal.print_appointment_kept(kept)


@appointment_app.command("list")
def appointment_list(as_json: common.JsonFlag = False) -> None:
    """Your appointments in order, with their ids; those already past are marked."""
    today = clock.today()
    journal = common.open_journal(create=False)
    rows = []
    if journal is not None:
        with journal:
            rows = journal.appointments()
    if as_json:
        from lipcare.render import jsonout

        common.echo_json("appointments", {"appointments": [jsonout.appointment(row, today) for row in rows]})
        return
    from lipcare.render import terminal

    terminal.print_appointment_list(rows, today)


@appointment_app.command("remove")
def appointment_remove(
    which: Annotated[
        str,
        typer.Argument(
            metavar="ID|DATE",
            help="The appointment's id from 'lipcare appointment list', or its date when it is the only one that day.",
            show_default=False,
        ),
    ],
) -> None:
    """Forget an appointment: cancelled, moved or added by mistake."""
    from lipcare import appointments
    from lipcare.locale import current

    typed = current().read_digits(which.strip())
    day = None if appointments.is_id(typed) else common.read_date(which, "ID|DATE", clock.today(), ahead=True)
    journal = common.open_journal(create=False)
    if journal is None:
        from lipcare.errors import UsageError

        raise UsageError("no appointments are kept yet; 'lipcare appointment add DATE' keeps one.")
    with journal:
        removed = appointments.remove(journal, typed, day)
    from lipcare.render import terminal

    terminal.print_appointment_removed(removed)
