"""`lipcare checkin`: record today's answers in the journal and say what to do."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from lipcare import clock
from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.errors import LipcareError, UsageError
from lipcare.text import _, num, printable, undecodable

if TYPE_CHECKING:
    from datetime import date, time

    from lipcare.amend import Amended
    from lipcare.assess import Answers
    from lipcare.journal import Journal
    from lipcare.journal_rows import Treatment
    from lipcare.medicines import Missed
    from lipcare.photos import PreparedPhoto
    from lipcare.protocol import Protocol
    from lipcare.protocol.types import Medication
    from lipcare.treatment import Chosen


class KeptLinesCommand(TyperCommand):
    """A command whose help keeps lines marked with Click's '\\b' as written, without trailing spaces."""

    def get_help(self, ctx: Any) -> str:
        return "\n".join(line.rstrip() for line in super().get_help(ctx).splitlines())


#: The default protocol's warning-sign keys, for `checkin --help` without loading the protocol
#: (a test keeps this list equal to data/protocol.toml).
def symptom_lines(width: int = 44) -> str:
    """The keys on lines of at most `width`, never broken inside a key."""
    lines = [""]
    for key in SYMPTOM_KEYS:
        if lines[-1] and len(lines[-1]) + len(key) + 2 > width:
            lines.append("")
        lines[-1] += f"{key}, " if key != SYMPTOM_KEYS[-1] else key
    return "\n".join(line.rstrip() for line in lines)


SYMPTOM_KEYS = (
    "airway",
    "eye",
    "heavy-bleeding",
    "red-eye",
    "bleeding",
    "rash",
    "pus",
    "blisters",
    "cold-sores",
    "fever",
    "chills",
    "cannot-eat-drink",
    "worsening-pain",
    "spreading-redness",
    "itching",
    "white-bumps",
    "colour-change",
    "thickening",
    "not-healed",
)


PhotoOption = Annotated[
    list[str] | None,
    typer.Option(
        "--photo",
        metavar="FILE",
        help="A photo of your lips (JPEG, PNG, WebP, HEIC) to keep with the check-in; repeat for more. "
        "Kept as a new copy without location or camera details, at most 2048 pixels on its long side.",
        show_default=False,
    ),
]


def prepare_typed_photo(typed: str) -> "PreparedPhoto":
    from lipcare.photos import prepare_photo

    return prepare_photo(Path(typed).expanduser())


def plan_checkin_treatment(journal: "Journal | None", treated: "date | None", at: "time | None") -> "Chosen | None":
    """The treatment the check-in will be saved under, without remembering it yet; None when none is given or
    remembered."""
    from lipcare.journal_rows import Treatment
    from lipcare.treatment import Chosen, plan_treatment

    if journal is None or (treated is None and journal.current_treatment() is None):
        return Chosen(Treatment(0, treated, at), None, True) if treated is not None else None
    return plan_treatment(journal, treated, at)


def doses_due(
    journal: "Journal | None", protocol: "Protocol", treatment: "Treatment", on: "date", today: "date"
) -> "list[Medication]":
    """The medicines with a dose due on `on` (today: up to now), with the patient's own and changes."""
    from lipcare.medicines import Schedule, due_on

    stored = journal.medicines(treatment) if journal is not None and treatment.id else []
    schedule = Schedule(protocol.medication, stored, treatment.treatment_date, today)
    return due_on(schedule, on, clock.now() if on == today else None)


def missed_doses(due: "list[Medication]", statuses: dict[str, str], on: "date") -> "list[Missed]":
    from lipcare.journal_rows import DoseRecord
    from lipcare.medicines import Schedule, missed

    schedule = Schedule(due, (), on, on)
    return missed(schedule, [DoseRecord(on, key, status) for key, status in statuses.items()])


def ask_treatment_date(today: "date") -> "date":
    """A check-in with no treatment date given or remembered asks for it on a terminal; elsewhere it stops with
    the command to run."""
    import shlex

    from lipcare.cli import TYPED

    typed = list(TYPED) or ["checkin"]
    if not common.stdin_is_terminal():
        command = shlex.join(["lipcare", *typed, "--date", "YYYY-MM-DD"])
        raise UsageError(
            "no treatment date given or remembered, and standard input is not a terminal to ask for it. "
            "Run it with the date of your treatment: {command}",
            command=printable(command),
        )
    from lipcare.render import prompts, terminal

    try:
        return prompts.ask_treatment_date(terminal.console(stderr=True), today)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        raise typer.Abort() from None


def amend_checkin(
    protocol: "Protocol",
    changes: "Answers",
    correct: int | None,
    remove: int | None,
    yes: bool,
    *,
    treatment: str | None,
    on: str | None,
    today: "date",
    photos: list[str],
    as_json: bool,
) -> None:
    """`checkin --correct ID` and `checkin --remove ID`."""
    from lipcare.amend import correct_checkin, find_checkin, remove_checkin
    from lipcare.checkin import check_answers

    if correct is not None and remove is not None:
        raise UsageError("Invalid value for '--remove': give --correct ID or --remove ID, not both.")
    if correct is None and remove is None:
        raise UsageError("Invalid value for '--yes': it goes with --remove ID.")
    if treatment is not None:
        raise UsageError(
            "Invalid value for '--date': a check-in stays with its treatment; --correct and --remove take no --date."
        )
    if remove is not None:
        given = [*changes.scores, changes.crusting, changes.symptoms, changes.note, changes.painkillers_relieve]
        if on is not None or photos or any(item is not None for item in given) or changes.contacted is not None:
            raise UsageError(
                "Invalid value for '--remove': it takes no answers; to change a check-in use --correct ID."
            )
        journal = common.existing_journal()
        with journal:
            row = find_checkin(journal, remove)
            if not yes:
                if not common.stdin_is_terminal():
                    raise UsageError(
                        "standard input is not a terminal to ask; add --yes to remove check-in {id} without asking.",
                        id=num(remove),
                    )
                question = _(
                    "Remove check-in {id} of {date} (day {day}, {level})? A record that it was removed is kept."
                )
                if not common.confirm(
                    question.format(id=num(row.id), date=row.on.isoformat(), day=num(row.day), level=_(row.shown_level))
                ):
                    raise LipcareError("Check-in {id} was left as it was; nothing was changed.", id=num(row.id))
            amended = remove_checkin(journal, protocol, remove, today)
            common.remove_photo_orphans(journal)
        if as_json:
            from lipcare.render import jsonout

            common.echo_json("amendment", jsonout.amended(reworded_before(amended, protocol), protocol))
            return
        from lipcare.render import terminal

        terminal.print_removed(amended)
        return
    assert correct is not None
    asked = common.read_date(on, "--on", today) if on is not None else None
    given = [*changes.scores, changes.crusting, changes.symptoms, changes.note, changes.painkillers_relieve]
    given += [changes.painkillers_taken, changes.contacted]
    if (
        asked is None
        and not photos
        and all(item is None for item in given[len(changes.scores) :])
        and not changes.scores
    ):
        raise UsageError(
            "Invalid value for '--correct': give the answers that change as options, for example "
            "lipcare checkin --correct {id} --redness 1 (the others keep their values).",
            id=num(correct),
        )
    check_answers(protocol, changes, to_be_asked=True)
    prepared = common.prepare_photos(photos)
    journal = common.existing_journal()
    with journal:
        amended = correct_checkin(journal, protocol, correct, today, changes, asked, prepared)
    assert amended.recorded is not None
    if as_json:
        from lipcare.render import jsonout

        common.echo_json("amendment", jsonout.amended(reworded_before(amended, protocol), protocol))
        return
    from lipcare.locale import current
    from lipcare.render import terminal

    recorded = amended.recorded
    saved = _("Corrected check-in {id}: day {day}, {date}. What it said before is kept.").format(
        id=num(recorded.id), day=num(recorded.day), date=recorded.on.isoformat()
    )
    # The translation's review state first, as every other output in that language says it.
    echoes = [*current().notes, *(common.understood("--on", on, recorded.on) if on else [])]
    # The later check-ins whose level changed are named right under the corrected one.
    terminal.print_checkin(
        recorded, protocol, echoes, "\n".join([saved, *terminal.level_change_lines(amended.changes)])
    )


@app.command("checkin", help=COMMANDS["checkin"], cls=KeptLinesCommand)
def checkin(
    treatment: common.TreatmentDate = None,
    treatment_time: common.TreatmentTime = None,
    on: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Record the check-in for an earlier day (default: today).", show_default=False
        ),
    ] = None,
    redness: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="Redness 0-3 (0 none, 1 mild, 2 moderate, 3 severe). Skips the questions: an answer not given "
            "is kept as not recorded, never as 0.",
            show_default=False,
        ),
    ] = None,
    swelling: Annotated[int | None, typer.Option(metavar="N", help="Swelling 0-3.", show_default=False)] = None,
    pain: Annotated[int | None, typer.Option(metavar="N", help="Pain 0-10.", show_default=False)] = None,
    crusting: Annotated[
        bool | None, typer.Option("--crusting/--no-crusting", help="Crusts on the lips.", show_default=False)
    ] = None,
    painkillers: Annotated[
        bool | None,
        typer.Option(
            "--painkillers-help/--painkillers-no-help",
            help="With --pain: whether painkillers relieve the pain (asked from a pain of 4).",
            show_default=False,
        ),
    ] = None,
    painkillers_not_taken: Annotated[
        bool,
        typer.Option(
            "--painkillers-not-taken", help="With --pain: you have not taken any painkillers.", show_default=False
        ),
    ] = False,
    contacted: Annotated[
        bool | None,
        typer.Option(
            "--contacted/--not-contacted",
            help="Whether you have contacted your clinic about what an earlier check-in said to call about.",
            show_default=False,
        ),
    ] = None,
    symptom: Annotated[
        list[str] | None,
        typer.Option(
            "--symptom",
            "-s",
            metavar="KEY",
            help="A warning sign you have now (repeat for more), or 'none' for none of them; not given, the signs "
            "are kept as not recorded. 'lipcare info warning-signs' says what each means and the other words each "
            "takes; a clinic's protocol may list others. The default signs:\n\n\b\n" + symptom_lines(),
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="A note for your physician.", show_default=False)
    ] = None,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            metavar="KEY=N",
            help="A score by its scale's key, for a scale a clinic's protocol adds (--answer itching=2) or a "
            "built-in one (redness, swelling, pain); repeat for more. 'lipcare protocol show' lists the scales.",
            show_default=False,
        ),
    ] = None,
    photo: PhotoOption = None,
    doses: Annotated[
        str | None,
        typer.Option(
            "--doses",
            metavar="STATUS",
            help="Whether you took the doses of every medicine due that day so far: taken, missed or some. Not "
            "given, they are kept as not recorded, never as taken.",
            show_default=False,
        ),
    ] = None,
    dose: Annotated[
        list[str] | None,
        typer.Option(
            "--dose",
            metavar="MEDICINE=STATUS",
            help="The same for one medicine (--dose antiviral=missed); repeat for more.",
            show_default=False,
        ),
    ] = None,
    correct: Annotated[
        int | None,
        typer.Option(
            "--correct",
            metavar="ID",
            help="Correct check-in ID (its number in 'lipcare history') with the answers that change, given as "
            "options (--redness 1, --on DATE...). It is judged again, with every later check-in; what it was is kept.",
            show_default=False,
        ),
    ] = None,
    remove: Annotated[
        int | None,
        typer.Option(
            "--remove",
            metavar="ID",
            help="Remove check-in ID and its photos, after asking; later check-ins are judged again. A record that "
            "it was removed is kept.",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --remove: remove without asking.")] = False,
    protocol_file: common.ProtocolOption = None,
    as_json: common.JsonFlag = False,
) -> None:
    from lipcare.assess import Answers
    from lipcare.checkin import (
        check_answers,
        check_day,
        is_interactive,
        open_problems,
        record_checkin,
        scores_from_options,
        signs_given,
    )
    from lipcare.medicines import dose_statuses

    common.checked_locale()  # an unknown --lang is said before anything else
    today = clock.today()
    treated = common.read_date(treatment, "--date", today) if treatment is not None else None
    asked = common.read_date(on, "--on", today) if on is not None else today
    at = common.read_time(treatment_time, "--time") if treatment_time is not None else None
    if note is not None and undecodable(note):
        raise UsageError("Invalid value for '--note': it has bytes that are not UTF-8 text; type it again.")
    # What was not given stays None (unknown), never 0; the questions ask exactly that.
    scores = scores_from_options({"redness": redness, "swelling": swelling, "pain": pain}, answer or [])
    protocol = common.current_protocol(protocol_file)
    if painkillers_not_taken and painkillers is not None:
        raise UsageError(
            "Invalid value for '--painkillers-not-taken': give it or --painkillers-help/--painkillers-no-help."
        )
    taken = False if painkillers_not_taken else None
    answers = Answers(scores, crusting, signs_given(protocol, symptom), note, painkillers, taken, contacted)
    if (correct is not None or remove is not None) and (doses is not None or dose):
        raise UsageError(
            "Invalid value for '--doses': doses are recorded with a new check-in, not with --correct or --remove."
        )
    if correct is not None or remove is not None or yes:
        amend_checkin(
            protocol,
            answers,
            correct,
            remove,
            yes,
            treatment=treatment,
            on=on,
            today=today,
            photos=photo or [],
            as_json=as_json,
        )
        return
    interactive = is_interactive(answers)
    check_answers(protocol, answers, to_be_asked=interactive)  # a mistyped answer is said before anything else
    if interactive and common.stdin_is_closed():
        raise LipcareError(
            "standard input is closed, so lipcare cannot ask its questions; nothing was saved. Give the answers "
            "as options instead: --redness N (0-3) [--swelling N] [--pain N] [--answer KEY=N] [--crusting] "
            "[--symptom KEY ...]."
        )
    if interactive and not common.stdin_is_terminal():
        raise UsageError(
            "standard input is not a terminal, so lipcare cannot ask its questions. Give the answers as options: "
            "--redness N (0-3) [--swelling N] [--pain N] [--answer KEY=N] [--crusting] [--symptom KEY ...] "
            "[--note TEXT]."
        )
    photos = common.prepare_photos(photo or [])  # before any question or write: a photo that cannot be kept stops here
    # Nothing is written until the answers are saved: the treatment given with --date is checked against the day,
    # the questions are asked, and only then are the treatment remembered and the check-in saved, in one transaction.
    # A check-in that fails (or is stopped) leaves the journal and the remembered treatment as they were.
    journal = common.open_journal(create=False)
    try:
        planned = plan_checkin_treatment(journal, treated, at)
        if treated is None and planned is None:
            treated = ask_treatment_date(today)
            planned = plan_checkin_treatment(journal, treated, at)
        assert planned is not None
        check_day(planned.treatment, asked, today, "--on" if on is not None or treated is None else "--date")
        due = doses_due(journal, protocol, planned.treatment, asked, today)
        statuses = dose_statuses(doses, dose or [], due)
        if interactive:
            from lipcare.render import prompts, terminal

            # With --json the questions go to stderr, so stdout carries the JSON alone.
            try:
                known = journal is not None and planned.treatment.id != 0
                still_open = open_problems(journal, planned.treatment, asked) if journal and known else ()
                answers = prompts.ask_answers(
                    terminal.console(stderr=as_json),
                    protocol,
                    answers,
                    planned.treatment.treatment_date,
                    asked,
                    still_open,
                )
                if not photo:
                    photos += prompts.ask_photos(terminal.console(stderr=as_json), prepare_typed_photo)
                # Last, so that input that ends before it (a script's answers) keeps the doses not recorded.
                statuses = prompts.ask_doses(terminal.console(stderr=as_json), due, statuses, asked == today)
            except KeyboardInterrupt:  # Ctrl-C while asking: nothing has been written yet
                sys.stderr.write("\n")
                raise typer.Abort() from None
        if journal is None:
            journal = common.open_journal(create=True)
        common.remove_photo_orphans(journal)
        with journal.transaction():
            chosen = common.treatment_for(journal, treated, at)
            record = chosen.treatment
            recorded = record_checkin(journal, protocol, record, asked, today, answers, photos)
            if statuses:
                journal.record_doses(record, asked, statuses)
    finally:
        if journal is not None:
            journal.close()
    missed = missed_doses(due, statuses, asked)
    if as_json:
        from lipcare.render import jsonout

        common.notify(chosen.said() if chosen.earlier is not None else [])
        common.echo_json(
            "checkin",
            {
                **jsonout.recorded(recorded, protocol),
                **common.photos_json(recorded.photos, journal),
                "doses": statuses,
                "missed_doses": [jsonout.missed_dose(item) for item in missed],
            },
        )
        return
    from lipcare.locale import current
    from lipcare.render import terminal

    echoes = list(current().notes)  # the translation's review state, as every other output in that language says it
    echoes += common.understood("--date", treatment, record.treatment_date) if treatment else []
    echoes += common.understood("--on", on, asked) if on else []
    terminal.print_checkin(recorded, protocol, echoes + chosen.said(), missed=missed)
    terminal.print_photos_kept(recorded.photos)


def reworded_before(amended: "Amended", protocol: "Protocol") -> "Amended":
    """A correction or removal with what the check-in said before in the language of the run (lipcare.wording)."""
    from lipcare.wording import reworded

    return amended._replace(checkin=reworded(protocol, amended.checkin))
