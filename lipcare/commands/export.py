"""`lipcare export ics|sheet|fhir`: the plan as a calendar file, a printable page or a FHIR record."""

from typing import TYPE_CHECKING, Annotated

import typer

from lipcare import clock
from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.text import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from lipcare.timeline import Timeline


export_app = typer.Typer(help=COMMANDS["export"], no_args_is_help=True, add_completion=False)
app.add_typer(export_app, name="export")


def plan_timeline(
    treatment: str | None, treatment_time: str | None, protocol_file: str | None
) -> "tuple[Timeline, Callable[[], None]]":
    """The plan, and what remembers the date given once the file is written: an export that fails (a file that
    exists, a disk that is full) leaves the remembered treatment as it was."""
    from lipcare.timeline import build_timeline

    protocol = common.current_protocol(protocol_file)
    today = clock.today()
    treated = common.read_date(treatment, "--date", today) if treatment is not None else None
    at = common.read_time(treatment_time, "--time") if treatment_time is not None else None
    chosen = common.plan_treatment(treated, at)
    tl = build_timeline(
        protocol,
        chosen.treatment.treatment_date,
        today,
        chosen.treatment.treatment_time,
        today,
        common.kept_appointments(),
    )
    tl = common.with_medicines(tl, chosen.treatment.id)

    def remember() -> None:
        if treated is not None or at is not None:
            common.load_treatment(treated, at)
            common.notify(chosen.said() if chosen.earlier is not None else [])

    return tl, remember


@export_app.command("ics")
def export_ics(
    treatment: common.TreatmentDate = None,
    treatment_time: common.TreatmentTime = None,
    output: common.OutputOption = None,
    force: common.ForceOption = False,
    protocol_file: common.ProtocolOption = None,
) -> None:
    """A calendar file (.ics): each rinse, the sun periods, the redness window, the check-ins and your appointments."""
    tl, remember = plan_timeline(treatment, treatment_time, protocol_file)
    target = common.output_target(output, f"lipcare-plan-{tl.treatment_date.isoformat()}.ics", force)
    from lipcare.render.ics import to_ics

    common.write_file(to_ics(tl, clock.moment()), target, _("your calendar"))
    remember()


@export_app.command("sheet")
def export_sheet(
    treatment: common.TreatmentDate = None,
    treatment_time: common.TreatmentTime = None,
    output: common.OutputOption = None,
    force: common.ForceOption = False,
    protocol_file: common.ProtocolOption = None,
) -> None:
    """A printable one- or two-page plan (HTML) with the dates filled in."""
    from lipcare.render.html import plan_sheet

    tl, remember = plan_timeline(treatment, treatment_time, protocol_file)
    target = common.output_target(output, f"lipcare-plan-{tl.treatment_date.isoformat()}.html", force)
    common.write_file(plan_sheet(tl), target, _("your printable plan"))
    remember()


@export_app.command("fhir")
def export_fhir(
    output: common.OutputOption = None,
    force: common.ForceOption = False,
    transaction: Annotated[
        bool, typer.Option("--transaction", help="A transaction bundle (PUT each resource) instead of a collection.")
    ] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Every treatment, not only the current one.")] = False,
    patient_name: Annotated[
        str | None,
        typer.Option(
            "--patient-name", metavar="NAME", help="Your name, if you want it in the file.", show_default=False
        ),
    ] = None,
    patient_id: Annotated[
        str | None,
        typer.Option(
            "--patient-id",
            metavar="[SYSTEM|]ID",
            help="Your patient number at the clinic, if you want it in the file.",
            show_default=False,
        ),
    ] = None,
    protocol_file: common.ProtocolOption = None,
) -> None:
    """Your plan and check-ins as one FHIR R4 Bundle (JSON), for a clinic's record system."""
    from datetime import datetime

    from lipcare.render.fhir import build_bundle, patient_details, to_json
    from lipcare.wording import reworded_rows

    details = patient_details(patient_name, patient_id)
    protocol = common.current_protocol(protocol_file)
    journal = common.existing_journal()
    with journal:
        current = common.current_treatment(journal)
        treatments = [
            (item, list(reworded_rows(protocol, journal.checkins(item))))
            for item in (journal.treatments() if show_all else [current])
        ]
        stored = {item.id: journal.medicines(item) for item, _rows in treatments}
        journal_uid, kept = journal.identity_made()
    target = common.output_target(output, f"lipcare-fhir-{current.treatment_date.isoformat()}.json", force)
    stamp = datetime.combine(clock.today(), clock.now()).astimezone()
    from lipcare.medicines import Schedule

    medicines = {
        item.id: Schedule(protocol.medication, stored[item.id], item.treatment_date, clock.today()).medicines
        for item, _rows in treatments
    }
    bundle = build_bundle(
        protocol,
        journal_uid,
        treatments,
        clock.today(),
        stamp,
        patient_info=details,
        transaction=transaction,
        medicines=medicines,
    )
    common.write_file(to_json(bundle), target, _("your FHIR record"))
    if not kept:  # only now: an export that fails leaves the journal as it was
        with common.existing_journal() as journal:
            journal.identity(journal_uid)
