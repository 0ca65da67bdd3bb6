"""The command line: parse, call the domain, render, exit.

Rich, SQLite and the renderers are imported inside the commands that use
them, so that every command starts fast. There is deliberately no
`from __future__ import annotations` here: Typer reads every command's
annotations on every run, and string annotations would be compiled anew
each time.
"""

import errno
import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from datetime import date, time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, overload

import typer
from typer.core import TyperCommand, TyperGroup

from lipcare import __version__, clock
from lipcare.dates import describe, parse_date, parse_time, shown
from lipcare.errors import FAILURE, NO_TREATMENT, USAGE, LipcareError, UsageError
from lipcare.info import TOPICS
from lipcare.text import ACTIVE, _, inert, num, plural, printable, tolerate_any_encoding, undecodable

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from lipcare.journal import CheckinRow, Journal, PhotoRow
    from lipcare.photos import PreparedPhoto
    from lipcare.protocol import Protocol
    from lipcare.remember import Chosen
    from lipcare.render.export import Contents
    from lipcare.timeline import Timeline


class LipcareGroup(TyperGroup):
    """Turns every error into one line on stderr and an exit code: 2 for usage, 1 otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Commands that were not built for this run (see build_only_the_invoked_command) are listed
        # by name and help, which is all that help and "did you mean" read of them.
        for name, listed in LISTED_ONLY.items():
            self.commands.setdefault(name, listed)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        # Advice must reach a terminal whatever its encoding: what it lacks is spelled in ASCII.
        tolerate_any_encoding(sys.stdout, sys.stderr)
        try:
            if sys.stdout is None:  # started with standard output closed (>&-)
                raise LipcareError(_("standard output is closed, so lipcare has nowhere to print; nothing was done."))
            early_language(self, sys.argv[1:] if args is None else args)
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            code = result if isinstance(result, int) else 0
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not silently at exit
        except BrokenPipeError:
            code = quiet_broken_pipe()
        except LipcareError as error:
            code = fail(str(error), error.exit_code)
        except typer.TyperException as error:  # Click's errors: Typer vendors Click and exports their base
            code = click_error(error)
        except typer.Abort:
            code = fail(_("stopped; nothing was saved."), FAILURE)
        except UnicodeError:  # e.g. a typed answer with bytes that are not UTF-8 (a C locale keeps them)
            code = fail(
                _(
                    "some text given has bytes that are not UTF-8, so lipcare cannot store or show it; "
                    "nothing was saved. Type it again."
                ),
                FAILURE,
            )
        except OSError as error:
            if error.errno == errno.EPIPE:
                code = quiet_broken_pipe()
            else:
                # Files, the journal and protocols turn their own OSErrors into messages; what is left is
                # standard output: closed, a full disk (> /dev/full), a device that fails.
                silence_stdout()
                code = fail(
                    _("could not write to standard output: {error}. Anything lipcare had saved is kept.").format(
                        error=error.strerror or error
                    ),
                    FAILURE,
                )
        except ValueError as error:
            if "null byte" not in str(error) and "null character" not in str(error):
                code = last_resort()
            else:  # os and open() refuse a NUL in a file name, wherever the name was given
                code = fail(_("a file name cannot contain a NUL character; nothing was read or written."), USAGE)
        except Exception:  # the last line of defence: no traceback, no exception name for users
            code = last_resort()
        if standalone_mode:
            sys.exit(code)
        return code


ROOT_LANG: list[str] = []
"""The language given before the command (`lipcare --lang ar photo list`), for commands without their own --lang."""


def typed_language(args: Sequence[str]) -> str | None:
    """The last --lang CODE (or --lang=CODE) on the command line, wherever it is, as typed."""
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


def english_for_sure() -> bool:
    """True when nothing can ask for another language: no LIPCARE_LANG, an English or C locale, and no
    language in the settings (read as text: a stat and, when there are settings, one small read)."""
    if os.environ.get("LIPCARE_LANG", "").strip():
        return False
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            if value.split(".")[0].split("@")[0].split("_")[0].lower() not in ("en", "c", "posix"):
                return False
            break
    from lipcare.paths import SETTINGS_NAME, data_dir

    try:
        return '"language"' not in (data_dir() / SETTINGS_NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True  # no settings; settings that cannot be read are reported by the command that reads them


def early_language(root: "LipcareGroup", args: Sequence[str]) -> None:
    """The language of what Click shows before a command runs (help, errors in the command line) and of the
    commands that do not load a protocol: chosen as the commands choose it (--lang, LIPCARE_LANG, the
    settings, the locale). A language that cannot be chosen leaves English; the command itself says why."""
    from lipcare.text import reset_language

    ROOT_LANG.clear()
    reset_language()
    typed = typed_language(args)
    if typed is None and english_for_sure():
        return
    with suppress(LipcareError):
        interface_language(typed)
    if ACTIVE.language != "en":
        from lipcare.clicktext import translate_help

        translate_help(root)


def last_resort() -> int:
    """The generic message for an exception nothing else handled (called inside its except block)."""
    if os.environ.get("LIPCARE_DEBUG"):
        raise  # the exception being handled, with its traceback
    return fail(
        _(
            "lipcare hit a problem it does not know how to handle. Anything it had saved is kept. "
            "Please report it; run again with LIPCARE_DEBUG=1 to see the details."
        ),
        FAILURE,
    )


def click_error(error: typer.TyperException) -> int:
    """One line for a command line Click could not read (exit 2), or the help when none was given."""
    ctx = getattr(error, "ctx", None)
    message = error.format_message()
    if ACTIVE.language != "en" and type(error).__name__ != "NoArgsIsHelpError":
        from lipcare.clicktext import click_message

        message = click_message(message)
    if type(error).__name__ == "NoArgsIsHelpError":  # `lipcare` or `lipcare data` alone: the help, as Click gives it
        typer.echo(message, err=True)
        return error.exit_code
    if error.exit_code == USAGE:
        hint = " " + _("Try '{command} --help'.").format(command=ctx.command_path) if ctx is not None else ""
        return fail(message + ("" if message.endswith((".", "?", "!", "\u061f")) else ".") + hint, error.exit_code)
    return fail(message, error.exit_code)


class KeptLinesCommand(TyperCommand):
    """A command whose help keeps lines marked with Click's '\\b' as written, without trailing spaces."""

    def get_help(self, ctx: Any) -> str:
        return "\n".join(line.rstrip() for line in super().get_help(ctx).splitlines())


def echo(text: str = "") -> None:
    """A line on stdout in the encoding it has. (Click would write UTF-8 to an ASCII stdout.)"""
    sys.stdout.write(f"{text}\n")


def echo_json(data: Any) -> None:
    """JSON on stdout; on an output that is not UTF-8, other characters are written as \\u escapes."""
    from lipcare.render import jsonout

    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    echo(jsonout.dumps(data, ascii_only=not encoding.startswith("utf")))


def fail(message: str, code: int) -> int:
    """One line on stderr, outside text in it escaped; a broken stderr cannot turn an error into a crash."""
    first_line = inert(" ".join(_(message).split()))
    with suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    with suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(f"{_('Error:')} {first_line}\n")
        sys.stderr.flush()
    return code


def silence_stdout() -> None:
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def quiet_broken_pipe() -> int:
    """The reader went away (`lipcare history | head -1`): stop quietly, like other Unix tools."""
    silence_stdout()
    return FAILURE


app = typer.Typer(
    cls=LipcareGroup,
    name="lipcare",
    help="Aftercare reminders and a private symptom journal after CO2 laser lip peeling.\n\n"
    "Education and reminders only: lipcare does not diagnose. Your physician's advice comes first.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        echo(f"lipcare {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    lang: Annotated[str | None, typer.Option("--lang", metavar="CODE", hidden=True, show_default=False)] = None,
) -> None:
    """Aftercare reminders and a private symptom journal after CO2 laser lip peeling."""
    if lang is not None:  # `lipcare --lang ar COMMAND`: every command speaks it, with or without its own --lang
        ROOT_LANG.append(lang)


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    zip = "zip"


JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON on stdout, for scripts.")]
TreatmentDate = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        metavar="DATE",
        help="Treatment date: YYYY-MM-DD, today, yesterday, 'N days ago'. Remembered for next time; "
        "a different date starts a new treatment record and keeps the earlier one.",
        show_default=False,
    ),
]
TreatmentTime = Annotated[
    str | None,
    typer.Option(
        "--time",
        metavar="HH:MM",
        help="Time of the treatment; day-0 rinses before it are left out. Remembered.",
        show_default=False,
    ),
]


def read_date(value: str, option: str, today: date) -> date:
    try:
        return parse_date(value, today)
    except UsageError as error:
        raise UsageError(_("Invalid value for '{option}': {error}").format(option=option, error=error)) from None


def read_time(value: str, option: str) -> time:
    try:
        return parse_time(value)
    except UsageError as error:
        raise UsageError(_("Invalid value for '{option}': {error}").format(option=option, error=error)) from None


def understood(option: str, typed: str, resolved: date) -> list[str]:
    """Echo a relative date back, so the user sees what it was taken to mean."""
    if typed.strip() == resolved.isoformat():
        return []
    return [
        _("Understood {option} {typed} as {date}.").format(option=option, typed=shown(typed), date=describe(resolved))
    ]


ProtocolOption = Annotated[
    str | None,
    typer.Option(
        "--protocol",
        metavar="FILE",
        help="A clinic's protocol file. Also LIPCARE_PROTOCOL, or for good: lipcare settings set protocol FILE.",
        show_default=False,
    ),
]


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="CODE",
        help="Language: en or ar. Also LIPCARE_LANG, lipcare settings set language CODE, or your locale.",
        show_default=False,
    ),
]
RtlOption = Annotated[
    str | None,
    typer.Option(
        "--rtl",
        metavar="MODE",
        help="Right-to-left text: logical (for terminals with bidi support, the default), visual (reshaped and "
        "reordered, for xterm, kitty, Windows Terminal; needs lipcare[rtl]) or auto. Also LIPCARE_RTL.",
        show_default=False,
    ),
]


def interface_language(lang: str | None) -> None:
    """Switch the interface to the language in force now, for what a command reads before its protocol."""
    from lipcare.settings import choose_language, load_settings
    from lipcare.text import reset_language

    settings = load_settings()
    reset_language()
    language, _by = choose_language(lang if lang is not None else next(iter(ROOT_LANG), None), os.environ, settings)
    if language != "en":
        from lipcare import i18n

        i18n.activate(language, settings.get("digits", ""))


def current_protocol(option: str | None, lang: str | None = None, rtl: str | None = None) -> "Protocol":
    """The protocol in force, with the user's clinic details filling in what it leaves empty, in the language
    in force (which this also switches the interface to)."""
    from lipcare.paths import cache_dir
    from lipcare.protocol_cache import load_protocol_cached
    from lipcare.settings import choose_language, choose_protocol, load_settings, with_user_clinic
    from lipcare.text import reset_language

    settings = load_settings()
    reset_language()
    language, _ = choose_language(lang if lang is not None else next(iter(ROOT_LANG), None), os.environ, settings)
    path, chosen_by = choose_protocol(option, os.environ.get("LIPCARE_PROTOCOL", ""), settings)
    if language == "en":
        return with_user_clinic(load_protocol_cached(path, chosen_by=chosen_by, cache_dir=cache_dir()), settings)
    from lipcare import i18n
    from lipcare.protocol_cache import load_translated_cached

    i18n.activate(language, settings.get("digits", ""))
    mode = (rtl if rtl is not None else os.environ.get("LIPCARE_RTL", "")).strip().lower() or "logical"
    i18n.choose_rtl(mode, "--rtl" if rtl is not None else "LIPCARE_RTL", sys.stdout.isatty())
    # The user's clinic details are never translated (lipcare.i18n.NOT_TRANSLATED), so they fill in after.
    translated = load_translated_cached(path, chosen_by=chosen_by, language=language, cache_dir=cache_dir())
    return with_user_clinic(translated, settings)


@overload
def open_journal(*, create: Literal[True]) -> "Journal": ...
@overload
def open_journal(*, create: bool) -> "Journal | None": ...
def open_journal(*, create: bool) -> "Journal | None":
    """The journal; None only when there is none yet and `create` is false."""
    from lipcare.journal import Journal
    from lipcare.paths import journal_path

    return Journal.open(journal_path(), create=create)


def treatment_for(journal: "Journal", treated: date | None, at: time | None) -> "Chosen":
    """The treatment given on the command line (remembered from now on) or the remembered one."""
    from lipcare.remember import choose_treatment

    return choose_treatment(journal, treated, at)


def load_treatment(treated: date | None, at: time | None) -> "Chosen":
    """The treatment to use, remembering a newly given date."""
    journal = open_journal(create=treated is not None)
    if journal is None:
        raise UsageError(NO_TREATMENT)
    with journal:
        return treatment_for(journal, treated, at)


def notify(lines: list[str]) -> None:
    """Messages beside --json output go to stderr, so stdout stays JSON alone."""
    for text in lines:
        sys.stderr.write(f"{_('Note:')} {text}\n")


NoPager = Annotated[
    bool, typer.Option("--no-pager", help="Print directly, even when the output is longer than the screen.")
]


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
    "fever",
    "pus",
    "blisters",
    "cold-sores",
    "worsening-pain",
    "spreading-redness",
    "eye",
    "severe-itching",
    "white-bumps",
    "colour-change",
)


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()


def stdin_is_closed() -> bool:
    return sys.stdin is None or sys.stdin.closed


class Target:
    """Where a command writes: standard output ('-') or a file, and whether it may replace one.

    A plain class: `lipcare --help` loads this module and should build nothing it does not use."""

    __slots__ = ("name", "replace")

    def __init__(self, name: str, replace: bool) -> None:
        self.name = name
        self.replace = replace


def output_target(output: str | None, default_name: str, force: bool) -> Target:
    """Resolve -o, asking before an existing file is replaced (--force: without asking)."""
    if output == "":
        raise UsageError(_("Invalid value for '--output': give a file name, or '-' for standard output."))
    name = output or default_name
    if name == "-":
        return Target(name, True)
    from lipcare.files import check_output_path

    path = Path(name).expanduser()
    check_output_path(path)  # a FIFO, device, socket or dangling link is refused even with --force
    refuse_private_file(path)
    if force:
        return Target(name, True)
    if not path.exists() or path.is_dir():
        return Target(name, False)  # a folder is refused when writing; a file appearing meanwhile is not replaced
    if not stdin_is_terminal():
        raise LipcareError(_("{path} already exists; add --force to replace it.").format(path=printable(str(path))))
    if not confirm(_("{path} already exists. Replace it?").format(path=printable(str(path)))):
        raise LipcareError(_("{path} was left as it was; nothing was written.").format(path=printable(str(path))))
    return Target(name, True)


def confirm(question: str) -> bool:
    """Ask `question` in a terminal; no unless answered yes (in Arabic: نعم or ن, or y)."""
    if ACTIVE.language == "en":
        return typer.confirm(question, default=False)
    from lipcare import clicktext

    return clicktext.confirm(question)


def refuse_private_file(path: Path) -> None:
    """-o never names the journal, its -wal/-shm or the settings: --force would replace saved data."""
    from lipcare.paths import data_dir, private_files

    try:
        target = path.resolve()
        own = {file.resolve() for file in private_files(data_dir())}
    except (OSError, RuntimeError, ValueError):
        return  # the write itself reports what is wrong with the name
    if target in own:
        raise LipcareError(
            _(
                "{path} is where lipcare keeps your data, so it will not write "
                "over it, even with --force; choose another file name."
            ).format(path=printable(str(path)))
        )


def write_file(text: "str | bytes | Iterable[str]", target: Target, what: str) -> None:
    """Write to standard output, or to a file safely: a temporary file renamed into place.
    `text` may come in pieces, written as they come."""
    from lipcare.files import atomic_write

    if target.name == "-":
        assert not isinstance(text, bytes), "binary output goes to a file"
        for piece in [text] if isinstance(text, str) else text:
            sys.stdout.write(piece)
        return
    path = Path(target.name).expanduser()
    atomic_write(path, text, replace=target.replace)
    echo(_("Wrote {what} to {path}").format(what=what, path=printable(str(path))))


def refuse_empty_output(value: str | None) -> str | None:
    """Checked while the command line is read, so nothing (no record switch) happens before the error."""
    if value == "":
        raise UsageError(_("Invalid value for '--output': give a file name, or '-' for standard output."))
    return value


OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Where to write; '-' is standard output.",
        show_default=False,
        callback=refuse_empty_output,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE without asking.")]


def complete_topic(incomplete: str) -> list[str]:
    """Shell completion for `lipcare info`: the topics, then the everyday words it understands."""
    from lipcare.info import aliases

    return [word for word in (*TOPICS, *sorted(aliases())) if word.startswith(incomplete)]


@app.command()
def info(
    topic: Annotated[
        str | None,
        typer.Argument(
            help=f"Show one section only: {', '.join(TOPICS)}; or a word such as pain, sun, rinse, swelling, "
            "redness, crusts or signs.",
            show_default=False,
            autocompletion=complete_topic,
        ),
    ] = None,
    protocol_file: ProtocolOption = None,
    as_json: JsonFlag = False,
    no_pager: NoPager = False,
    lang: LangOption = None,
    rtl: RtlOption = None,
) -> None:
    """What the procedure is, its steps, the expected course, aftercare, warning signs and sources."""
    from lipcare.info import find_topics

    found = find_topics(topic) if topic is not None else TOPICS
    if found is None:
        raise UsageError(
            _(
                "Invalid value for '[TOPIC]': unknown topic {topic}. "
                "Topics: {topics}; or words such as pain, sun, rinse, swelling, redness, crusts."
            ).format(topic=shown(topic or ""), topics=", ".join(TOPICS))
        )
    topics = list(found)
    protocol = current_protocol(protocol_file, lang, rtl)
    if as_json:
        from lipcare.render import jsonout

        echo_json(jsonout.info(protocol, topics))
        return
    from lipcare.render import terminal

    echoes = (
        [_("Showing {topics} for {topic}.").format(topics=_(" and ").join(topics), topic=shown(topic))]
        if topic and topics != [topic]
        else []
    )
    terminal.print_info(protocol, topics, echoes, page=not no_pager)


@app.command()
def timeline(
    treatment: TreatmentDate = None,
    on: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="The day to show the plan for (default: today).", show_default=False),
    ] = None,
    treatment_time: TreatmentTime = None,
    preview: Annotated[
        bool,
        typer.Option("--preview", help="Show the plan for --date without remembering it or changing your record."),
    ] = False,
    protocol_file: ProtocolOption = None,
    as_json: JsonFlag = False,
    no_pager: NoPager = False,
    lang: LangOption = None,
    rtl: RtlOption = None,
) -> None:
    """Where you stand today, and your rinse, sun and recovery plan from the treatment date."""
    from lipcare.errors import JournalError
    from lipcare.timeline import build_timeline

    protocol = current_protocol(protocol_file, lang, rtl)  # first: the language in force reads the dates
    today = clock.today()
    treated = read_date(treatment, "--date", today) if treatment is not None else None
    asked = read_date(on, "--on", today) if on is not None else today
    at = read_time(treatment_time, "--time") if treatment_time is not None else None
    said: list[str] = []
    switched = False
    if preview and treated is not None:
        said.append(_("Preview: this date was not remembered, and your treatment record is unchanged."))
    else:
        try:
            chosen = load_treatment(treated, at)
            treated, at = chosen.treatment.treatment_date, chosen.treatment.treatment_time
            said, switched = chosen.said(), chosen.earlier is not None
        except JournalError as error:
            if treated is None:
                raise
            # The plan itself does not need the journal when the date is given.
            sys.stderr.write(_("Warning: the treatment date could not be remembered: {error}").format(error=error))
            sys.stderr.write("\n")
    assert treated is not None
    tl = build_timeline(protocol, treated, asked, at, today)
    # The next rinse counts from the current time only when the plan is for today.
    now = clock.now() if asked == today else None
    if as_json:
        from lipcare.render import jsonout

        notify(said if switched else [])  # scripts hear of a changed record, not of a remembered date
        echo_json(jsonout.timeline(tl, now))
        return
    from lipcare.render import terminal

    echoes = understood("--date", treatment, treated) if treatment else []
    echoes += understood("--on", on, asked) if on else []
    terminal.print_timeline(tl, now, echoes + said, page=not no_pager)


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


def prepare_photos(files: list[str]) -> "list[PreparedPhoto]":
    """Each photo read and cleaned, once each; the first that cannot be kept stops the command."""
    if not files:
        return []
    from lipcare.photos import prepare_photo

    prepared = [prepare_photo(Path(file).expanduser()) for file in files]
    return list({photo.info.sha256: photo for photo in prepared}.values())


def prepare_typed_photo(typed: str) -> "PreparedPhoto":
    from lipcare.photos import prepare_photo

    return prepare_photo(Path(typed).expanduser())


def remove_photo_orphans(journal: "Journal") -> None:
    """Delete photo files a crash left without a check-in (best effort, quick when there are none)."""
    from lipcare.photos import remove_orphans

    remove_orphans(journal)


def photos_json(rows: "Sequence[PhotoRow]", journal: "Journal") -> dict[str, Any]:
    from lipcare.photos import photos_dir
    from lipcare.render import jsonout

    return {"photos": [jsonout.photo(row, photos_dir(journal)) for row in rows]}


@app.command(cls=KeptLinesCommand)
def checkin(
    treatment: TreatmentDate = None,
    treatment_time: TreatmentTime = None,
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
            help="With --pain: whether painkillers relieve the pain (asked when pain is severe).",
            show_default=False,
        ),
    ] = None,
    symptom: Annotated[
        list[str] | None,
        typer.Option(
            "--symptom",
            "-s",
            metavar="KEY",
            help="A warning sign you have now (repeat for more). 'lipcare info warning-signs' says what each "
            "means; a clinic's protocol may list others. The default signs:\n\n\b\n" + symptom_lines(),
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
    protocol_file: ProtocolOption = None,
    as_json: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Record how your lips are today in your private journal, and see what to do."""
    from lipcare.assess import Answers
    from lipcare.checkin import check_answers, check_day, is_interactive, record_checkin, scores_from_options

    interface_language(lang)  # before the dates are read: in Arabic they may be typed in Arabic-Indic digits
    today = clock.today()
    treated = read_date(treatment, "--date", today) if treatment is not None else None
    asked = read_date(on, "--on", today) if on is not None else today
    at = read_time(treatment_time, "--time") if treatment_time is not None else None
    if note is not None and undecodable(note):
        raise UsageError(_("Invalid value for '--note': it has bytes that are not UTF-8 text; type it again."))
    # What was not given stays None (unknown), never 0; the questions ask exactly that.
    scores = scores_from_options({"redness": redness, "swelling": swelling, "pain": pain}, answer or [])
    answers = Answers(scores, crusting, tuple(symptom) if symptom is not None else None, note, painkillers)
    interactive = is_interactive(answers)
    protocol = current_protocol(protocol_file, lang)
    check_answers(protocol, answers, to_be_asked=interactive)  # a mistyped answer is said before anything else
    if interactive and stdin_is_closed():
        raise LipcareError(
            _(
                "standard input is closed, so lipcare cannot ask its questions; nothing was saved. Give the answers "
                "as options instead: --redness N (0-3) [--swelling N] [--pain N] [--answer KEY=N] [--crusting] "
                "[--symptom KEY ...]."
            )
        )
    if interactive and not stdin_is_terminal():
        raise UsageError(
            _(
                "standard input is not a terminal, so lipcare cannot ask its questions. Give the answers as options: "
                "--redness N (0-3) [--swelling N] [--pain N] [--answer KEY=N] [--crusting] [--symptom KEY ...] "
                "[--note TEXT]."
            )
        )
    photos = prepare_photos(photo or [])  # before any question or write: a photo that cannot be kept stops here
    journal = open_journal(create=True)
    with journal:
        remove_photo_orphans(journal)
        chosen = treatment_for(journal, treated, at)
        record = chosen.treatment
        check_day(record, asked, today)
        if interactive:
            from lipcare.render import prompts, terminal

            # With --json the questions go to stderr, so stdout carries the JSON alone.
            try:
                answers = prompts.ask_answers(
                    terminal.console(stderr=as_json), protocol, answers, record.treatment_date, asked
                )
                if not photo:
                    photos += prompts.ask_photos(terminal.console(stderr=as_json), prepare_typed_photo)
            except KeyboardInterrupt:  # Ctrl-C while asking: nothing has been written yet
                sys.stderr.write("\n")
                raise typer.Abort() from None
        recorded = record_checkin(journal, protocol, record, asked, today, answers, photos)
    if as_json:
        from lipcare.render import jsonout

        notify(chosen.said() if chosen.earlier is not None else [])
        echo_json({**jsonout.recorded(recorded, protocol), **photos_json(recorded.photos, journal)})
        return
    from lipcare.render import terminal

    echoes = understood("--date", treatment, record.treatment_date) if treatment else []
    echoes += understood("--on", on, asked) if on else []
    terminal.print_checkin(recorded, protocol, echoes + chosen.said())
    terminal.print_photos_kept(recorded.photos)


#: Check-ins `history` shows by default: the latest ones; the chart and the count cover every one.
HISTORY_LIMIT = 20


@app.command()
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
    protocol_file: ProtocolOption = None,
    as_json: JsonFlag = False,
    no_pager: NoPager = False,
    lang: LangOption = None,
) -> None:
    """Your check-ins with a redness trend: what to bring to your follow-up."""
    from lipcare.paths import journal_path

    protocol = current_protocol(protocol_file, lang)
    journal = open_journal(create=False)
    if journal is None:
        raise LipcareError(
            _("there is no journal yet at {path}; {then}").format(path=journal_path(), then=_(NO_TREATMENT))
        )
    with journal:
        if show_all:
            treatments = journal.treatments()
        else:
            current = journal.current_treatment()
            if current is None:
                raise UsageError(NO_TREATMENT)
            treatments = [current]
        pictures = journal.photos(None if show_all else current)
        if as_json:  # every check-in unless --limit, streamed from the database
            from lipcare.render import jsonout

            # Scales the protocol no longer has are kept, for every check-in (each score row is checked first).
            protocol = protocol._replace(questions=protocol.questions.with_stored(journal.scale_keys()))

            def every_row() -> "Iterator[CheckinRow]":
                for item in treatments:
                    yield from journal.latest_checkins(item, limit) if limit else journal.iter_checkins(item)

            rows = every_row()
            encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
            by_checkin: dict[int, list[PhotoRow]] = {}
            for picture in pictures:
                by_checkin.setdefault(picture.checkin_id, []).append(picture)
            items = (
                {**jsonout.checkin_row(row, protocol), **photos_json(by_checkin.get(row.id, []), journal)}
                for row in rows
            )
            for piece in jsonout.dumps_stream(items, ascii_only=not encoding.startswith("utf")):
                sys.stdout.write(piece)
            return
        from lipcare.render.terminal import HistoryGroup

        shown = limit if limit is not None else None if show_all else HISTORY_LIMIT
        groups = [
            HistoryGroup(
                item,
                journal.latest_checkins(item, shown),
                journal.count_checkins(item),
                journal.day_values(item, "redness"),
            )
            for item in treatments
        ]
        # A scale the protocol no longer has is shown where the check-ins shown have it.
        stored = dict.fromkeys(key for group in groups for row in group.rows for key in row.scores)
        protocol = protocol._replace(questions=protocol.questions.with_stored(list(stored)))
        elsewhere = 0 if show_all else journal.counts()[1] - sum(group.total for group in groups)
    from lipcare.render import terminal

    terminal.print_history(protocol, groups, pictures, page=not no_pager, elsewhere=elsewhere)


data_app = typer.Typer(help="Where your journal is; export or erase it.", no_args_is_help=True)
app.add_typer(data_app, name="data")


@data_app.command("path")
def data_path() -> None:
    """Print where your journal is kept."""
    from lipcare.paths import journal_path

    path = journal_path()
    echo(str(path))
    if not path.exists():
        sys.stderr.write(_("(no journal there yet: it is created the first time you give a treatment date)") + "\n")


@data_app.command("export")
def data_export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json, csv, or zip (the JSON and your photos; needs -o).")
    ] = ExportFormat.json,
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE; '-' (the default) is standard output.")
    ] = "-",
    force: ForceOption = False,
    protocol_file: ProtocolOption = None,
) -> None:
    """Write everything in your journal as JSON or CSV, or as a zip file of the JSON with your photos."""
    from lipcare.paths import journal_path
    from lipcare.render.export import export_csv_parts, export_json_parts

    if fmt is ExportFormat.zip and output == "-":
        raise UsageError(_("--format zip writes a file: give its name with -o, for example -o lipcare-journal.zip."))
    protocol = current_protocol(protocol_file)
    journal = open_journal(create=False)
    if journal is None:
        raise LipcareError(_("there is nothing to export: no journal at {path}.").format(path=journal_path()))
    target = output_target(output, "-", force)
    with journal:
        contents = export_contents(journal)
        if fmt is ExportFormat.zip:
            from lipcare.photos import read_photos
            from lipcare.render.export import export_zip

            read = read_photos(journal, contents.photos)
            write_file(export_zip(contents, protocol, read), target, _("your journal and photos"))
            return
        # Written as it is read from the journal, at any size.
        parts = (export_json_parts if fmt is ExportFormat.json else export_csv_parts)(contents, protocol)
        write_file(parts, target, _("your journal"))


def export_contents(journal: "Journal") -> "Contents":
    """What `data export` writes: the journal's records (check-ins read as they are written) and the settings."""
    from lipcare.photos import folder_beside
    from lipcare.render.export import Contents
    from lipcare.settings import load_settings

    return Contents(
        journal.path,
        load_settings(),
        journal.treatments(),
        journal.current_treatment(),
        journal.photos(),
        folder_beside(journal.path),
        journal.scale_keys(),
        journal.iter_checkins,
        journal.count_checkins,
    )


@data_app.command("erase")
def data_erase(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    with_settings: Annotated[
        bool, typer.Option("--settings", help="Also delete your settings (clinic details, protocol file).")
    ] = False,
) -> None:
    """Delete your journal and photos: every treatment, check-in and photo (with --settings, your settings too)."""
    from lipcare.journal import erase_files, files_to_erase, folder_to_erase, journal_files
    from lipcare.paths import journal_path
    from lipcare.photos import erase_folder, folder_beside
    from lipcare.settings import settings_path

    path = journal_path()
    files = files_to_erase([*journal_files(path), *([settings_path()] if with_settings else [])])
    kept = (
        ""
        if with_settings or not settings_path().exists()
        else " "
        + _("Your settings are kept in {path}; add --settings to delete them too.").format(path=settings_path())
    )
    photo_folder = folder_beside(path)
    pictures = folder_to_erase(photo_folder)  # refuses a link or hard-linked photos, like the journal
    if os.path.lexists(photo_folder):
        files.append(photo_folder)  # deleted with every photo in it
    if not files:
        echo(_("Nothing to erase: there is no journal at {path}.").format(path=path) + kept)
        return
    what = _("your settings")
    if os.path.lexists(path):
        try:
            journal = open_journal(create=False)
            if journal is None:  # gone since it was looked for a moment ago
                raise LipcareError(f"{path} is no longer there")
            with journal:
                treatments, checkins = journal.counts()
            what = _("{checkins} of {treatments}").format(
                checkins=plural(checkins, "check-in"), treatments=plural(treatments, "treatment")
            )
        except LipcareError as error:
            what = _("a journal that cannot be read ({error})").format(error=error)
    if pictures:
        what += _(" and {photos}").format(photos=plural(len(pictures), "photo file"))
    if not yes:
        if not stdin_is_terminal():
            raise UsageError(_("erasing needs a confirmation; run it in a terminal or add --yes."))
        if not confirm(
            _("Delete {folder}/ {files} with {what}? This cannot be undone").format(
                folder=path.parent, files=_(", ").join(f.name for f in files), what=inert(what)
            )
        ):
            echo(_("Nothing was deleted."))
            return
    try:
        if photo_folder in files:
            erase_folder(photo_folder)
    except OSError as error:
        raise LipcareError(
            _("could not delete {path}: {error}; nothing else was deleted.").format(
                path=inert(str(error.filename)), error=error.strerror
            )
        ) from None
    erase_files([file for file in files if file != photo_folder])
    echo(inert(_("Deleted {files}: {what}.").format(files=_(", ").join(str(file) for file in files), what=what) + kept))


settings_app = typer.Typer(
    help="Your clinic's details and protocol file, kept for every command.", no_args_is_help=True
)
app.add_typer(settings_app, name="settings")


@settings_app.command("show")
def settings_show(as_json: JsonFlag = False) -> None:
    """Show your settings and where they are kept."""
    from lipcare.settings import KEYS, load_settings, settings_path

    values = load_settings()
    shown_values = {key: values.get(key, "") for key in KEYS}
    if as_json:
        echo_json(shown_values)
        return
    for key, value in shown_values.items():
        echo(f"{key}: {inert(value) or _('(not set)')}")
    sys.stderr.write(_("(kept in {path})").format(path=settings_path()) + "\n")


class SettingKey(StrEnum):
    """The settings, as choices that `--help` and shell completion list (a test keeps them to settings.KEYS)."""

    clinic_name = "clinic-name"
    clinic_phone = "clinic-phone"
    clinic_out_of_hours_phone = "clinic-out-of-hours-phone"
    protocol = "protocol"
    language = "language"
    digits = "digits"


@settings_app.command("set")
def settings_set(
    setting: Annotated[
        SettingKey,
        typer.Argument(metavar="KEY", help=f"The setting to change: {', '.join(SettingKey)}.", show_default=False),
    ],
    value: Annotated[str, typer.Argument(show_default=False)],
) -> None:
    """Set a setting, for example: lipcare settings set clinic-phone "+44 20 7946 0000"."""
    from lipcare.protocol import load_protocol
    from lipcare.settings import change_setting

    key = setting.value
    if key == "protocol":
        # Only a protocol that passes the check is kept, so no later command fails on it.
        if "\x00" in value:
            raise UsageError(_("Invalid value for 'VALUE': a file name cannot contain a NUL character."))
        value = str(Path(value).expanduser().resolve())
        load_protocol(Path(value))
    values = change_setting(key, value)
    echo(f"{key}: {inert(values[key])}")


@settings_app.command("unset")
def settings_unset(
    setting: Annotated[
        SettingKey,
        typer.Argument(metavar="KEY", help=f"The setting to remove: {', '.join(SettingKey)}.", show_default=False),
    ],
) -> None:
    """Remove a setting."""
    from lipcare.settings import change_setting

    key = setting.value
    change_setting(key, None)
    echo(f"{key}: {_('(not set)')}")


export_app = typer.Typer(
    help="Your plan as a calendar file, a printable page or a FHIR record for a clinic.", no_args_is_help=True
)
app.add_typer(export_app, name="export")


def plan_timeline(
    treatment: str | None, treatment_time: str | None, protocol_file: str | None, lang: str | None = None
) -> "Timeline":
    from lipcare.timeline import build_timeline

    protocol = current_protocol(protocol_file, lang)
    today = clock.today()
    treated = read_date(treatment, "--date", today) if treatment is not None else None
    at = read_time(treatment_time, "--time") if treatment_time is not None else None
    chosen = load_treatment(treated, at)
    notify(chosen.said() if chosen.earlier is not None else [])
    return build_timeline(protocol, chosen.treatment.treatment_date, today, chosen.treatment.treatment_time, today)


@export_app.command("ics")
def export_ics(
    treatment: TreatmentDate = None,
    treatment_time: TreatmentTime = None,
    output: OutputOption = None,
    force: ForceOption = False,
    protocol_file: ProtocolOption = None,
    lang: LangOption = None,
) -> None:
    """A calendar file (.ics) with every rinse, the sun periods, the redness window and a daily check-in."""
    tl = plan_timeline(treatment, treatment_time, protocol_file, lang)
    target = output_target(output, f"lipcare-plan-{tl.treatment_date.isoformat()}.ics", force)
    from lipcare.render.ics import to_ics

    write_file(to_ics(tl), target, _("your calendar"))


@export_app.command("sheet")
def export_sheet(
    treatment: TreatmentDate = None,
    treatment_time: TreatmentTime = None,
    output: OutputOption = None,
    force: ForceOption = False,
    protocol_file: ProtocolOption = None,
    lang: LangOption = None,
) -> None:
    """A printable one- or two-page plan (HTML) with the dates filled in."""
    from lipcare.render.html import plan_sheet

    tl = plan_timeline(treatment, treatment_time, protocol_file, lang)
    target = output_target(output, f"lipcare-plan-{tl.treatment_date.isoformat()}.html", force)
    write_file(plan_sheet(tl), target, _("your printable plan"))


@export_app.command("fhir")
def export_fhir(
    output: OutputOption = None,
    force: ForceOption = False,
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
    protocol_file: ProtocolOption = None,
) -> None:
    """Your plan and check-ins as one FHIR R4 Bundle (JSON), for a clinic's record system."""
    from datetime import datetime

    from lipcare.render.fhir import build_bundle, patient_details, to_json

    details = patient_details(patient_name, patient_id)
    protocol = current_protocol(protocol_file)
    journal = open_journal(create=False)
    if journal is None:
        raise UsageError(NO_TREATMENT)
    with journal:
        current = journal.current_treatment()
        if current is None:
            raise UsageError(NO_TREATMENT)
        treatments = [(item, journal.checkins(item)) for item in (journal.treatments() if show_all else [current])]
        journal_uid = journal.identity()
    target = output_target(output, f"lipcare-fhir-{current.treatment_date.isoformat()}.json", force)
    stamp = datetime.combine(clock.today(), clock.now()).astimezone()
    bundle = build_bundle(
        protocol, journal_uid, treatments, clock.today(), stamp, patient_info=details, transaction=transaction
    )
    write_file(to_json(bundle), target, _("your FHIR record"))


@app.command()
def report(
    output: OutputOption = None,
    force: ForceOption = False,
    protocol_file: ProtocolOption = None,
    no_photos: Annotated[
        bool, typer.Option("--no-photos", help="Leave your photos out, for a copy to share more widely.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """A report of your check-ins with a chart and your photos (one HTML file), to bring to your follow-up."""
    from lipcare.render.html import checkin_report_parts

    protocol = current_protocol(protocol_file, lang)
    journal = open_journal(create=False)
    if journal is None:
        raise UsageError(NO_TREATMENT)
    with journal:
        current = journal.current_treatment()
        if current is None:
            raise UsageError(NO_TREATMENT)
        target = output_target(output, f"lipcare-report-{current.treatment_date.isoformat()}.html", force)
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
        write_file(parts, target, _("your report"))


photo_app = typer.Typer(help="Photos of your lips, kept with your check-ins.", no_args_is_help=True)
app.add_typer(photo_app, name="photo")


@photo_app.command("add")
def photo_add(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The photo: JPEG, PNG, WebP or HEIC.", show_default=False)
    ],
    on: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="The day of the check-in to add it to (default: today).", show_default=False),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add a photo of your lips to a day's check-in, as a new copy without location or camera details."""
    from lipcare.photos import add_to_day

    today = clock.today()
    asked = read_date(on, "--on", today) if on is not None else today
    (photo,) = prepare_photos([file])
    journal = open_journal(create=False)
    if journal is None:
        raise UsageError(NO_TREATMENT)
    with journal:
        remove_photo_orphans(journal)
        current = journal.current_treatment()
        if current is None:
            raise UsageError(NO_TREATMENT)
        kept, new = add_to_day(journal, current.id, asked.isoformat(), photo)
    if as_json:
        echo_json({"on": asked.isoformat(), "added": new, **photos_json([kept], journal)})
        return
    from lipcare.render import terminal

    for line in understood("--on", on, asked) if on else []:
        echo(line)
    if new:
        terminal.print_photos_kept([kept])
    else:
        echo(
            _("This photo is already kept with your check-in of {date}; nothing was added.").format(
                date=describe(asked)
            )
        )


@photo_app.command("list")
def photo_list(
    show_all: Annotated[
        bool, typer.Option("--all", help="Photos of every treatment, not only the current one.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """The photos kept with your check-ins: day, size, id and file."""
    from lipcare.photos import photos_dir

    journal = open_journal(create=False)
    if journal is None:
        raise UsageError(NO_TREATMENT)
    with journal:
        current = None if show_all else journal.current_treatment()
        if current is None and not show_all:
            raise UsageError(NO_TREATMENT)
        pictures = journal.photos(current)
        folder = photos_dir(journal)
    if as_json:
        echo_json(photos_json(pictures, journal)["photos"])
        return
    from lipcare.render import terminal

    terminal.print_photo_list(pictures, folder)


@photo_app.command("remove")
def photo_remove(
    photo_id: Annotated[
        str,
        typer.Argument(
            metavar="PHOTO",
            help="The photo's id (its first characters are enough), from 'lipcare photo list'.",
            show_default=False,
        ),
    ],
) -> None:
    """Delete a photo you kept by mistake: its file and its place in your journal."""
    from lipcare.photos import remove

    journal = open_journal(create=False)
    if journal is None:
        raise UsageError(NO_TREATMENT)
    with journal:
        removed = remove(journal, photo_id)
    days = _(", ").join(
        sorted({_("{date} (day {day})").format(date=row.on.isoformat(), day=num(row.day)) for row in removed})
    )
    echo(_("Deleted the photo {photo} of {days}.").format(photo=removed[0].sha256[:12], days=days))


protocol_app = typer.Typer(help="A clinic's own protocol: write, check and show it.", no_args_is_help=True)
app.add_typer(protocol_app, name="protocol")


@protocol_app.command("init")
def protocol_init(
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE]",
            help="Where to write (default clinic-protocol.toml); the same as -o FILE.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Write the default protocol, with comments, as a starting point for a clinic's own."""
    from lipcare.protocol import starter_protocol

    if file is not None and output is not None and file != output:
        raise UsageError(_("give the file once: either FILE or -o FILE."))
    target = output_target(file if file is not None else output, "clinic-protocol.toml", force)
    write_file(starter_protocol(), target, _("a starting protocol"))
    if target.name != "-":
        echo(_("Edit it, then run: {command}").format(command=f"lipcare protocol check {printable(target.name)}"))


@protocol_app.command("check")
def protocol_check(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The protocol file to check.", show_default=False)],
) -> None:
    """Check a protocol file and list every problem in it. Exit 0 when it is valid, 1 when not."""
    from lipcare.protocol import check_protocol

    checked = check_protocol(Path(file).expanduser())
    if checked.protocol is None:
        for problem in checked.problems:
            echo(inert(str(problem)))
        sys.stderr.write(
            _("{problems} found in {file}.").format(
                problems=plural(len(checked.problems), "problem"), file=printable(file)
            )
            + "\n"
        )
        raise typer.Exit(FAILURE)
    protocol = checked.protocol
    echo(
        inert(
            _("{file}: valid lipcare protocol '{name}' version {version}.").format(
                file=printable(file), name=protocol.name, version=protocol.version
            )
        )
    )
    if checked.defaulted:
        echo(_("Taken from the default protocol: {parts}.").format(parts=_(", ").join(checked.defaulted)))
    for warning in checked.warnings:
        echo(inert(_("Warning: {warning}").format(warning=warning)))
    from lipcare.i18n import translation_report

    for report_line in translation_report(protocol, Path(file).expanduser()):
        echo(inert(report_line))


@protocol_app.command("show")
def protocol_show(protocol_file: ProtocolOption = None, as_json: JsonFlag = False) -> None:
    """Show the protocol in force: its name, where it comes from and its main values."""
    from lipcare.protocol import check_protocol
    from lipcare.settings import choose_protocol, load_settings

    protocol = current_protocol(protocol_file)
    path, _ = choose_protocol(protocol_file, os.environ.get("LIPCARE_PROTOCOL", ""), load_settings())
    defaulted = check_protocol(path).defaulted if path else []
    if as_json:
        from lipcare.render import jsonout

        echo_json(jsonout.protocol_summary(protocol, defaulted))
        return
    from lipcare.render import terminal

    terminal.print_protocol(protocol, defaulted)


LISTED_ONLY: dict[str, TyperCommand] = {}
"""Commands shown in the top-level help but not built, by name."""


def build_only_the_invoked_command(args: Sequence[str]) -> None:
    """Typer builds the Click object of every command, options and all, on each run.

    When the first argument names a command exactly, only that one is registered, so the others cost
    nothing. Otherwise (no argument, --help, --version, a typo that deserves "did you mean") no command
    runs, and each is listed by its name and help alone, which is all the top-level help reads of it.
    Shell completion needs them all, so it gets them all. A test checks that the help is identical.
    """
    if any(key.startswith("_LIPCARE_COMPLETE") for key in os.environ):
        return
    import inspect

    from typer.models import DefaultPlaceholder

    while args and (args[0] == "--lang" or args[0].startswith("--lang=")):  # `lipcare --lang ar COMMAND`
        args = args[2:] if args[0] == "--lang" else args[1:]
    name = args[0] if args else None
    commands = {
        command.name or typer.main.get_command_name(getattr(command.callback, "__name__", "")): command
        for command in app.registered_commands
    }
    groups = {group.name: group for group in app.registered_groups if isinstance(group.name, str)}
    if name in commands or name in groups:
        app.registered_commands = [commands[name]] if name in commands else []
        app.registered_groups = [groups[name]] if name in groups else []
        return
    for command_name, command in commands.items():
        text = inspect.cleandoc(command.help) if command.help is not None else inspect.getdoc(command.callback)
        LISTED_ONLY[command_name] = TyperCommand(
            command_name,
            help=text,
            short_help=command.short_help,
            hidden=command.hidden,
            deprecated=command.deprecated,
        )
    for group_name, group in groups.items():
        hidden = group.hidden if not isinstance(group.hidden, DefaultPlaceholder) else False
        LISTED_ONLY[group_name] = TyperCommand(group_name, help=typer.main.solve_typer_info_help(group), hidden=hidden)
    app.registered_commands, app.registered_groups = [], []


def main() -> None:
    build_only_the_invoked_command(sys.argv[1:])
    app()
