"""`lipcare medicine add|list|remove`: the patient's own medicines, and their changes to the protocol's."""

from typing import Annotated

import typer

from lipcare import clock
from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.text import _, num, printable

medicine_app = typer.Typer(help=COMMANDS["medicine"], no_args_is_help=True, add_completion=False)
app.add_typer(medicine_app, name="medicine")


@medicine_app.command("add")
def medicine_add(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="The medicine's name; a protocol medicine's name or key (antiviral) changes that one.",
            show_default=False,
        ),
    ],
    times: Annotated[
        str | None,
        typer.Option(metavar="HH:MM,...", help="When you take it each day: 08:00,20:00.", show_default=False),
    ] = None,
    from_day: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DAY|DATE",
            help="The first day: a date, or a day of the treatment (0, or -1 for the day before). Default: day 0.",
            show_default=False,
        ),
    ] = None,
    to_day: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="DAY|DATE", help="The last day: a date, or a day of the treatment.", show_default=False
        ),
    ] = None,
    dose: Annotated[
        str, typer.Option(metavar="TEXT", help="How much, as you were told: '1 tablet'.", show_default=False)
    ] = "",
    purpose: Annotated[
        str, typer.Option("--for", metavar="TEXT", help="What it is for: 'pain'.", show_default=False)
    ] = "",
    protocol_file: common.ProtocolOption = None,
    as_json: common.JsonFlag = False,
) -> None:
    """Add a medicine you take, or change the days, times or dose of one of the protocol's."""
    from lipcare.medicines import check_text, parse_day, parse_times, plan_add

    today = clock.today()
    at = parse_times(times) if times is not None else None
    dose_text = check_text(dose, "--dose")
    purpose_text = check_text(purpose, "--for")
    protocol = common.current_protocol(protocol_file)
    journal = common.existing_journal()
    with journal:
        treatment = common.current_treatment(journal)
        treated = treatment.treatment_date
        first = parse_day(from_day, "--from", treated, today) if from_day is not None else None
        last = parse_day(to_day, "--to", treated, today) if to_day is not None else None
        stored = journal.medicines(treatment)
        row = plan_add(protocol.medication, stored, treatment.id, name, at, first, last, dose_text, purpose_text)
        row = row._replace(id=journal.add_medicine(treatment, row))
    from lipcare.medicines import Schedule

    item = Schedule(protocol.medication, [row], treated, today).medicine(row.key)
    assert item is not None
    if as_json:
        from lipcare.render import jsonout

        common.echo_json(
            "medicine", {"added": {**jsonout.medicine(item, treated, row.id), "changes_protocol": row.adjusts}}
        )
        return
    from lipcare.render import terminal

    said = _("Changed {name}, from the protocol (id {id}):") if row.adjusts else _("Added {name} (id {id}):")
    also = None
    if not row.adjusts and protocol.medication:
        # A patient who adds their antiviral under its drug name would get two courses on the screen and four
        # reminders a day: say what the protocol already plans, and how to change it instead.
        also = _(
            "The plan already has: {medicines}. If this is one of them, undo this with 'lipcare medicine "
            "remove {id}' and change that one instead, by its key: lipcare medicine add {key} --times HH:MM,HH:MM"
        ).format(
            medicines=_("; ").join(f"{each.name} ({each.key})" for each in protocol.medication),
            id=num(row.id),
            key=protocol.medication[0].key,
        )
    terminal.print_medicine_added(said.format(name=row.name, id=num(row.id)), item, treated, also)


@medicine_app.command("list")
def medicine_list(protocol_file: common.ProtocolOption = None, as_json: common.JsonFlag = False) -> None:
    """Your medicines: the protocol's, as you changed them, and your own, with their days and times."""
    from lipcare.medicines import Schedule

    today = clock.today()
    protocol = common.current_protocol(protocol_file)
    journal = common.existing_journal()
    with journal:
        treatment = common.current_treatment(journal)
        stored = journal.medicines(treatment)
    schedule = Schedule(protocol.medication, stored, treatment.treatment_date, today)
    own = {row.key: row.id for row in stored if not row.adjusts}
    adjusted = {row.key: row.id for row in stored if row.adjusts}
    if as_json:
        from lipcare.render import jsonout

        medicines = [
            jsonout.medicine(item, treatment.treatment_date, own.get(item.key) or adjusted.get(item.key))
            for item in schedule.medicines
        ]
        common.echo_json("medicines", {"treatment_date": treatment.treatment_date.isoformat(), "medicines": medicines})
        return
    from lipcare.render import terminal

    terminal.print_medicine_list(schedule.medicines, own, adjusted, treatment.treatment_date)


@medicine_app.command("remove")
def medicine_remove(
    medicine: Annotated[
        str,
        typer.Argument(
            metavar="NAME|ID", help="The medicine's name or id, from 'lipcare medicine list'.", show_default=False
        ),
    ],
) -> None:
    """Remove a medicine you added, or your change to one of the protocol's (which then takes its own again)."""
    from lipcare.medicines import find_stored

    journal = common.existing_journal()
    with journal:
        treatment = common.current_treatment(journal)
        row = find_stored(journal.medicines(treatment), medicine)
        journal.remove_medicine(row.id)
    said = (
        _("Removed your change to {name}; the protocol's days and times apply again.")
        if row.adjusts
        else _("Removed {name} from your medicines.")
    )
    common.echo(said.format(name=printable(row.name)))
