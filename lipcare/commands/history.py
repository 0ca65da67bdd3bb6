"""`lipcare history`: the check-ins so far, with the redness trend."""

from typing import TYPE_CHECKING, Annotated

import typer

from lipcare.cli import COMMANDS, app
from lipcare.commands import common

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from lipcare.journal import CheckinRow, Journal, PhotoRow, Treatment
    from lipcare.medicines import Missed
    from lipcare.protocol import Protocol


#: Check-ins `history` shows by default: the latest ones; the chart and the count cover every one.
HISTORY_LIMIT = 20


@app.command("history", help=COMMANDS["history"])
def history(
    show_all: Annotated[
        bool, typer.Option("--all", help="Every treatment and every check-in, not only the latest of the current one.")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            metavar="N",
            help=f"Show the latest N check-ins (default {HISTORY_LIMIT}).",
            show_default=False,
        ),
    ] = None,
    protocol_file: common.ProtocolOption = None,
    as_json: common.JsonFlag = False,
) -> None:
    from lipcare.wording import reworded, reworded_amendment, reworded_rows

    protocol = common.current_protocol(protocol_file)
    journal = common.existing_journal()
    with journal:
        treatments = journal.treatments() if show_all else [common.current_treatment(journal)]
        pictures = journal.photos(None if show_all else treatments[0])
        if as_json:  # every check-in unless --limit, streamed from the database
            from lipcare.render import jsonout

            protocol = protocol.with_stored(journal.scale_keys())  # each score row is checked first

            def every_row() -> "Iterator[CheckinRow]":
                for item in treatments:
                    rows = journal.latest_checkins(item, limit) if limit else journal.iter_checkins(item)
                    yield from reworded_rows(protocol, rows)

            by_checkin: dict[int, list[PhotoRow]] = {}
            for picture in pictures:
                by_checkin.setdefault(picture.checkin_id, []).append(picture)
            common.echo_json_list(
                "history",
                "checkins",
                (
                    {**jsonout.checkin_row(row, protocol), **common.photos_json(by_checkin.get(row.id, []), journal)}
                    for row in every_row()
                ),
            )
            return
        from lipcare.render.terminal import HistoryGroup

        shown = limit if limit is not None else None if show_all else HISTORY_LIMIT
        groups = [
            HistoryGroup(
                item,
                list(reworded_rows(protocol, journal.latest_checkins(item, shown))),
                journal.count_checkins(item),
                journal.day_values(item, "redness"),
                [reworded_amendment(protocol, entry) for entry in journal.removed_checkins(item)],
                alert and reworded(protocol, alert),
                missed_of(journal, protocol, item),
            )
            for item in treatments
            for alert in [journal.latest_alert(item)]
        ]
        # A scale the protocol no longer has is shown where the check-ins shown have it.
        stored = dict.fromkeys(key for group in groups for row in group.rows for key in row.scores)
        protocol = protocol.with_stored(stored)
        elsewhere = 0 if show_all else journal.counts()[1] - sum(group.total for group in groups)
        switch_to = other_treatment_with_checkins(journal, treatments) if elsewhere else None
        appointments = journal.appointments()
    from lipcare import clock
    from lipcare.render import terminal

    terminal.print_history(
        protocol,
        groups,
        pictures,
        page=True,
        elsewhere=elsewhere,
        switch_to=switch_to,
        appointments=appointments,
        today=clock.today(),
    )


def missed_of(journal: "Journal", protocol: "Protocol", treatment: "Treatment") -> "list[Missed]":
    """The days the check-ins of `treatment` recorded doses as missed, with the protocol's advice."""
    from lipcare import clock
    from lipcare.medicines import Schedule, missed

    records = journal.doses(treatment)
    if not records:
        return []
    schedule = Schedule(protocol.medication, journal.medicines(treatment), treatment.treatment_date, clock.today())
    return missed(schedule, records)


def other_treatment_with_checkins(journal: "Journal", shown: "list[Treatment]") -> "date | None":
    """The date of the latest treatment, other than those shown, that has check-ins: where to switch back to."""
    ids = {item.id for item in shown}
    found = [item for item in journal.treatments() if item.id not in ids and journal.count_checkins(item)]
    return found[-1].treatment_date if found else None
