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
    lang: common.LangOption = None,
) -> None:
    from lipcare.render.html import checkin_report_parts

    protocol = common.current_protocol(protocol_file, lang)
    journal = common.existing_journal()
    with journal:
        current = common.current_treatment(journal)
        target = common.output_target(output, f"lipcare-report-{current.treatment_date.isoformat()}.html", force)
        protocol = protocol._replace(questions=protocol.questions.with_stored(journal.scale_keys()))  # dropped ones too
        pictures = journal.photos(current)
        embedded: list[tuple[PhotoRow, bytes]] = []
        if pictures and not no_photos:
            from lipcare.photos import read_photos

            embedded = read_photos(journal, pictures)
        left_out, missing = (len(pictures), 0) if no_photos else (0, len(pictures) - len(embedded))
        # Written as it is read from the journal (twice: the charts, then the table), at any size.
        parts = checkin_report_parts(
            protocol, current, lambda: journal.iter_checkins(current), clock.today(), embedded, left_out, missing
        )
        common.write_file(parts, target, _("your report"))
