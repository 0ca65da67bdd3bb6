"""`lipcare timeline`: where the patient stands today, and the plan from the treatment date."""

import sys
from typing import Annotated

import typer

from lipcare import clock
from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.text import _


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
    no_pager: common.NoPager = False,
    lang: common.LangOption = None,
    rtl: common.RtlOption = None,
) -> None:
    from lipcare.errors import NO_TREATMENT, JournalError, UsageError
    from lipcare.timeline import build_timeline, overdue_after_urgent

    protocol = common.current_protocol(protocol_file, lang, rtl)  # first: the language in force reads the dates
    today = clock.today()
    treated = common.read_date(treatment, "--date", today) if treatment is not None else None
    asked = common.read_date(on, "--on", today) if on is not None else today
    at = common.read_time(treatment_time, "--time") if treatment_time is not None else None
    said: list[str] = []
    switched = False
    overdue = None
    if preview and treated is not None:
        said.append(_("Preview: this date was not remembered, and your treatment record is unchanged."))
    else:
        try:
            journal = common.open_journal(create=treated is not None)
            if journal is None:
                raise UsageError(NO_TREATMENT)
            with journal:
                chosen = common.treatment_for(journal, treated, at)
                latest = journal.latest_level(chosen.treatment) if asked == today else None
            treated, at = chosen.treatment.treatment_date, chosen.treatment.treatment_time
            said, switched = chosen.said(), chosen.earlier is not None
            overdue = overdue_after_urgent(latest, today)
        except JournalError as error:
            if treated is None:
                raise
            # The plan itself does not need the journal when the date is given.
            sys.stderr.write(_("Warning: the treatment date could not be remembered: {error}").format(error=error))
            sys.stderr.write("\n")
    assert treated is not None
    follow_up = []
    if overdue is not None:
        follow_up.append(
            _(
                "Your check-in on {date} said to contact your physician today. If you have not, do it now; "
                "then check in again: lipcare checkin"
            ).format(date=overdue.isoformat())
        )
    tl = build_timeline(protocol, treated, asked, at, today)
    # The next rinse counts from the current time only when the plan is for today.
    now = clock.now() if asked == today else None
    if as_json:
        from lipcare.render import jsonout

        # scripts hear of a changed record and of an urgent check-in not followed up, not of a remembered date
        common.notify((said if switched else []) + follow_up)
        common.echo_json(jsonout.timeline(tl, now))
        return
    from lipcare.render import terminal

    echoes = common.understood("--date", treatment, treated) if treatment else []
    echoes += common.understood("--on", on, asked) if on else []
    terminal.print_timeline(tl, now, echoes + said + follow_up, page=not no_pager)
