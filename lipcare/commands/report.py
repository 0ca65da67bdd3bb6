"""`lipcare report`: the check-ins as one HTML file for the follow-up."""

from typing import TYPE_CHECKING, Annotated

import typer

from lipcare import clock
from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.text import _

if TYPE_CHECKING:
    from lipcare.journal import PhotoRow


@app.command("report", help=COMMANDS["report"])
def report(
    output: common.OutputOption = None,
    force: common.ForceOption = False,
    protocol_file: common.ProtocolOption = None,
    no_photos: Annotated[
        bool, typer.Option("--no-photos", help="Leave your photos out, for a copy to share more widely.")
    ] = False,
    patient_name: Annotated[
        str | None,
        typer.Option(
            "--patient-name",
            metavar="NAME",
            help="Your name, to put on the report (not kept; 'lipcare settings set patient-name' keeps it).",
            show_default=False,
        ),
    ] = None,
    patient_born: Annotated[
        str | None,
        typer.Option(
            "--patient-born",
            metavar="YYYY-MM-DD",
            help="Your date of birth, to put on the report (not kept; 'lipcare settings set patient-born' keeps it).",
            show_default=False,
        ),
    ] = None,
) -> None:
    from lipcare.commands.history import missed_of
    from lipcare.render.html import checkin_report_parts
    from lipcare.settings import check_birth_date, load_settings

    settings = load_settings()
    born = check_birth_date(patient_born, "--patient-born") if patient_born is not None else None
    patient = (
        " ".join((patient_name if patient_name is not None else settings.get("patient-name", "")).split()),
        born if born is not None else settings.get("patient-born", ""),
    )
    from lipcare.wording import reworded_amendment, reworded_rows

    protocol = common.current_protocol(protocol_file)
    journal = common.existing_journal()
    with journal:
        current = common.current_treatment(journal)
        target = common.output_target(output, f"lipcare-report-{current.treatment_date.isoformat()}.html", force)
        protocol = protocol.with_stored(journal.scale_keys())  # the scales it has since dropped too
        pictures = journal.photos(current)
        embedded: list[tuple[PhotoRow, bytes]] = []
        if pictures and not no_photos:
            from lipcare.photos import read_photos

            embedded = read_photos(journal, pictures)
        left_out, missing = (len(pictures), 0) if no_photos else (0, len(pictures) - len(embedded))
        # Written as it is read from the journal (twice: the charts, then the table), at any size.
        parts = checkin_report_parts(
            protocol,
            current,
            lambda: reworded_rows(protocol, journal.iter_checkins(current)),
            clock.today(),
            embedded,
            left_out,
            missing,
            patient,
            [reworded_amendment(protocol, entry) for entry in journal.removed_checkins(current)],
            journal.appointments(),
            missed_of(journal, protocol, current),
        )
        common.write_file(parts, target, _("your report"))
