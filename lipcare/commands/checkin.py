"""`lipcare checkin`: record today's answers in the journal and say what to do."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from lipcare import clock
from lipcare.cli import COMMANDS, app, interface_language
from lipcare.commands import common
from lipcare.errors import LipcareError, UsageError
from lipcare.text import _, undecodable

if TYPE_CHECKING:
    from lipcare.photos import PreparedPhoto


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
            help="Redness 0-3 (0 none, 1 mild, 2 moderate, 3 severe). Skips the questions: an answer not given "
            "is kept as not recorded, never as 0.",
            show_default=False,
        ),
    ] = None,
    swelling: Annotated[int | None, typer.Option(help="Swelling 0-3.", show_default=False)] = None,
    pain: Annotated[int | None, typer.Option(help="Pain 0-10.", show_default=False)] = None,
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
    note: Annotated[str | None, typer.Option(help="A note for your physician.", show_default=False)] = None,
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
    protocol_file: common.ProtocolOption = None,
    as_json: common.JsonFlag = False,
    lang: common.LangOption = None,
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

    interface_language(lang)  # before the dates are read: in Arabic they may be typed in Arabic-Indic digits
    today = clock.today()
    treated = common.read_date(treatment, "--date", today) if treatment is not None else None
    asked = common.read_date(on, "--on", today) if on is not None else today
    at = common.read_time(treatment_time, "--time") if treatment_time is not None else None
    if note is not None and undecodable(note):
        raise UsageError(_("Invalid value for '--note': it has bytes that are not UTF-8 text; type it again."))
    # What was not given stays None (unknown), never 0; the questions ask exactly that.
    scores = scores_from_options({"redness": redness, "swelling": swelling, "pain": pain}, answer or [])
    protocol = common.current_protocol(protocol_file, lang)
    if painkillers_not_taken and painkillers is not None:
        raise UsageError(
            _("Invalid value for '--painkillers-not-taken': give it or --painkillers-help/--painkillers-no-help.")
        )
    taken = False if painkillers_not_taken else None
    answers = Answers(scores, crusting, signs_given(protocol, symptom), note, painkillers, taken, contacted)
    interactive = is_interactive(answers)
    check_answers(protocol, answers, to_be_asked=interactive)  # a mistyped answer is said before anything else
    if interactive and common.stdin_is_closed():
        raise LipcareError(
            _(
                "standard input is closed, so lipcare cannot ask its questions; nothing was saved. Give the answers "
                "as options instead: --redness N (0-3) [--swelling N] [--pain N] [--answer KEY=N] [--crusting] "
                "[--symptom KEY ...]."
            )
        )
    if interactive and not common.stdin_is_terminal():
        raise UsageError(
            _(
                "standard input is not a terminal, so lipcare cannot ask its questions. Give the answers as options: "
                "--redness N (0-3) [--swelling N] [--pain N] [--answer KEY=N] [--crusting] [--symptom KEY ...] "
                "[--note TEXT]."
            )
        )
    photos = common.prepare_photos(photo or [])  # before any question or write: a photo that cannot be kept stops here
    journal = common.open_journal(create=True)
    with journal:
        common.remove_photo_orphans(journal)
        chosen = common.treatment_for(journal, treated, at)
        record = chosen.treatment
        check_day(record, asked, today)
        if interactive:
            from lipcare.render import prompts, terminal

            # With --json the questions go to stderr, so stdout carries the JSON alone.
            try:
                still_open = open_problems(journal, record, asked)
                answers = prompts.ask_answers(
                    terminal.console(stderr=as_json), protocol, answers, record.treatment_date, asked, still_open
                )
                if not photo:
                    photos += prompts.ask_photos(terminal.console(stderr=as_json), prepare_typed_photo)
            except KeyboardInterrupt:  # Ctrl-C while asking: nothing has been written yet
                sys.stderr.write("\n")
                raise typer.Abort() from None
        recorded = record_checkin(journal, protocol, record, asked, today, answers, photos)
    if as_json:
        from lipcare.render import jsonout

        common.notify(chosen.said() if chosen.earlier is not None else [])
        common.echo_json({**jsonout.recorded(recorded, protocol), **common.photos_json(recorded.photos, journal)})
        return
    from lipcare.render import terminal

    echoes = common.understood("--date", treatment, record.treatment_date) if treatment else []
    echoes += common.understood("--on", on, asked) if on else []
    terminal.print_checkin(recorded, protocol, echoes + chosen.said())
    terminal.print_photos_kept(recorded.photos)
