"""What the commands share: their common options, reading dates, the protocol and journal in force, output.

Commands call these through the module (`common.current_protocol(...)`), so that a test can replace one
for every command at once.
"""

import os
import sys
from collections.abc import Sequence
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, overload

import typer

from lipcare.dates import describe, parse_date, parse_time, shown
from lipcare.errors import NO_TREATMENT, LipcareError, UsageError
from lipcare.locale import current
from lipcare.text import _, ltr_runs, printable

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lipcare.journal import Journal, PhotoRow
    from lipcare.journal_rows import AppointmentRow, MedicineRow, Treatment
    from lipcare.locale import Locale
    from lipcare.photos import PreparedPhoto
    from lipcare.protocol import Protocol
    from lipcare.timeline import Timeline
    from lipcare.treatment import Chosen


def echo(text: str = "") -> None:
    """A line on stdout in the encoding it has (Click would write UTF-8 to an ASCII stdout); in a right-to-left
    language, its left-to-right runs isolated as on the Rich screens (lipcare.text.ltr_runs), but the one that
    starts a line, which programs read (protocol check's file:line)."""
    locale = current()
    if locale.right_to_left and not locale.visual:  # a line without right-to-left letters (a path) is left
        lines = text.split("\n")
        text = "\n".join(ltr_runs(line, leading=False) if locale.has_right_to_left(line) else line for line in lines)
    sys.stdout.write(f"{text}\n")


def echo_json(kind: str, data: "dict[str, Any]") -> None:
    """One JSON object on stdout, its `"schema"` (lipcare.KIND/VERSION, docs/json.md) first; on an output that is
    not UTF-8, other characters are written as \\u escapes."""
    from lipcare.render import jsonout

    sys.stdout.write(jsonout.dumps({"schema": jsonout.schema_id(kind), **data}, ascii_only=not _stdout_is_utf()) + "\n")


def echo_json_list(kind: str, key: str, items: "Iterable[Any]") -> None:
    """One JSON object on stdout, `{"schema": ..., key: [items]}`, written as `items` are read, at any size
    (other characters escaped as echo_json)."""
    from lipcare.render import jsonout

    for piece in jsonout.dumps_object_stream(kind, key, items, ascii_only=not _stdout_is_utf()):
        sys.stdout.write(piece)


def _stdout_is_utf() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    return encoding.startswith("utf")


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


def read_date(value: str, option: str, today: date, *, ahead: bool = False) -> date:
    """`value` as a date (`ahead`: a date to come, so a weekday is read too: lipcare.dates.parse_date); a usage
    error naming `option` otherwise."""
    try:
        return parse_date(value, today, ahead=ahead)
    except UsageError as error:
        raise UsageError("Invalid value for '{option}': {error}", option=option, error=error) from None


def read_time(value: str, option: str) -> time:
    try:
        return parse_time(value)
    except UsageError as error:
        raise UsageError("Invalid value for '{option}': {error}", option=option, error=error) from None


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


def current_protocol(option: str | None) -> "Protocol":
    """The protocol in force, with the user's clinic details filling in what it leaves empty, in the language of
    the run. The language (with the commands' --lang and --rtl) was chosen at the root before any option was
    parsed (lipcare.locale.choose); loading the protocol changes nothing of it."""
    from lipcare.protocol_cache import load_protocol_cached
    from lipcare.settings import choose_protocol, load_settings, with_user_clinic

    settings = load_settings()
    locale = checked_locale()
    path, chosen_by = choose_protocol(option, os.environ.get("LIPCARE_PROTOCOL", ""), settings)
    cache = usable_cache_dir()
    if not locale.translated:
        return with_user_clinic(load_protocol_cached(path, chosen_by=chosen_by, cache_dir=cache), settings)
    from lipcare.protocol_cache import load_translated_cached

    # The user's clinic details are never translated (lipcare.locale.translation.NOT_TRANSLATED), so they fill in after.
    translated = load_translated_cached(path, chosen_by=chosen_by, locale=locale, cache_dir=cache)
    return with_user_clinic(translated, settings)


def checked_locale() -> "Locale":
    """The locale of the run; the usage error when the language or --rtl asked for cannot be used."""
    locale = current()
    if locale.problem is not None:
        raise locale.problem
    return locale


def usable_cache_dir() -> Path | None:
    """The protocol cache's folder, or None when lipcare refuses it (another user's, open to others, a link,
    or under such a folder): the command then runs without the cache, checking the protocol from its files
    and writing nothing there, and says so on standard error. Commands that keep no private data (info,
    timeline --preview, protocol) still work; those that need the journal refuse the same folder."""
    from lipcare.errors import JournalError
    from lipcare.paths import cache_dir, check_private_dir, data_dir

    folder = cache_dir()
    try:
        if folder.parent == data_dir():  # LIPCARE_HOME/cache: the data folder must be usable too
            check_private_dir(folder.parent)
        check_private_dir(folder)
    except JournalError as error:
        from lipcare.cli import NOTES_ON_SUCCESS

        NOTES_ON_SUCCESS.append(
            _("Note: lipcare ran without its cache and wrote nothing there: {reason}").format(reason=error.shown())
        )
        return None
    return folder


@overload
def open_journal(*, create: Literal[True]) -> "Journal": ...


@overload
def open_journal(*, create: bool) -> "Journal | None": ...


def open_journal(*, create: bool) -> "Journal | None":
    """The journal; None only when there is none yet and `create` is false."""
    from lipcare.journal import Journal
    from lipcare.paths import journal_path

    return Journal.open(journal_path(), create=create)


def existing_journal() -> "Journal":
    """The journal, for a command that works on a treatment's record: a usage error when there is none yet."""
    journal = open_journal(create=False)
    if journal is None:
        raise UsageError(NO_TREATMENT)
    return journal


def current_treatment(journal: "Journal") -> "Treatment":
    """The treatment the journal remembers: a usage error when it remembers none."""
    current = journal.current_treatment()
    if current is None:
        raise UsageError(NO_TREATMENT)
    return current


def treatment_for(journal: "Journal", treated: date | None, at: time | None) -> "Chosen":
    """The treatment given on the command line (remembered from now on) or the remembered one."""
    from lipcare.treatment import choose_treatment

    return choose_treatment(journal, treated, at)


def load_treatment(treated: date | None, at: time | None) -> "Chosen":
    """The treatment to use, remembering a newly given date."""
    journal = open_journal(create=treated is not None)
    if journal is None:
        raise UsageError(NO_TREATMENT)
    with journal:
        return treatment_for(journal, treated, at)


def plan_treatment(treated: date | None, at: time | None) -> "Chosen":
    """The treatment to use, without remembering a newly given date yet (`load_treatment` does, once the command
    can no longer fail); a new record has id 0."""
    from lipcare.journal_rows import Treatment
    from lipcare.treatment import Chosen, plan_treatment

    journal = open_journal(create=False)
    if journal is None:
        if treated is None:
            raise UsageError(NO_TREATMENT)
        return Chosen(Treatment(0, treated, at), None, True)
    with journal:
        return plan_treatment(journal, treated, at)


def with_medicines(tl: "Timeline", treatment_id: int) -> "Timeline":
    """`tl` with the medicines in force for the treatment `treatment_id`: the protocol's with the patient's changes
    and own medicines from the journal (none read for a treatment not yet remembered, id 0)."""
    if not treatment_id:
        return tl
    from lipcare.journal_rows import Treatment

    journal = open_journal(create=False)
    if journal is None:
        return tl
    with journal:
        stored = journal.medicines(Treatment(treatment_id, tl.treatment_date, tl.treatment_time))
    return medicines_applied(tl, stored)


def medicines_applied(tl: "Timeline", stored: "Sequence[MedicineRow]") -> "Timeline":
    """`tl` with the patient's changes and own medicines `stored` in the journal applied to the protocol's."""
    if not stored:
        return tl
    from lipcare.medicines import Schedule

    return tl._replace(medicines=Schedule(tl.protocol.medication, stored, tl.treatment_date, tl.on).medicines)


def notify(lines: list[str]) -> None:
    """Messages beside --json output go to stderr, so stdout stays JSON alone."""
    for text in lines:
        sys.stderr.write(f"{_('Note:')} {text}\n")


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()


def stdin_is_closed() -> bool:
    return sys.stdin is None or sys.stdin.closed


class Target:
    """Where a command writes: standard output ('-') or a file, and whether it may replace one."""

    __slots__ = ("name", "replace")

    def __init__(self, name: str, replace: bool) -> None:
        self.name = name
        self.replace = replace


def output_target(output: str | None, default_name: str, force: bool) -> Target:
    """Resolve -o, asking before an existing file is replaced (--force: without asking)."""
    if output == "":
        raise UsageError("Invalid value for '--output': give a file name, or '-' for standard output.")
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
        raise LipcareError("{path} already exists; add --force to replace it.", path=printable(str(path)))
    if not confirm(_("{path} already exists. Replace it?").format(path=printable(str(path)))):
        raise LipcareError("{path} was left as it was; nothing was written.", path=printable(str(path)))
    return Target(name, True)


def confirm(question: str) -> bool:
    """Ask `question` in a terminal; no unless answered yes (in Arabic: نعم or ن, or y)."""
    if not current().translated:
        return typer.confirm(question, default=False)
    from lipcare import click_words

    return click_words.confirm(question)


def refuse_private_file(path: Path) -> None:
    """-o never names a file inside lipcare's folders (the journal, its -wal/-shm, the settings, a kept photo,
    the cache): --force would replace saved data."""
    from lipcare.paths import cache_dir, config_dir, data_dir, private_files

    try:
        target = path.resolve()
        own = {file.resolve() for file in [*private_files(data_dir()), *private_files(config_dir())]}
        folders = [data_dir().resolve(), cache_dir().resolve(), config_dir().resolve()]
    except (OSError, RuntimeError, ValueError):
        return  # the write itself reports what is wrong with the name
    if target in own or any(target.is_relative_to(folder) for folder in folders):
        raise LipcareError(
            "{path} is where lipcare keeps your data, so it will not write "
            "over it, even with --force; choose another file name.",
            path=printable(str(path)),
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
        raise UsageError("Invalid value for '--output': give a file name, or '-' for standard output.")
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


ForceOption = Annotated[bool, typer.Option("--force", "-f", help="Replace FILE without asking.")]


def prepare_photos(files: list[str]) -> "list[PreparedPhoto]":
    """Each photo read and cleaned, once each; the first that cannot be kept stops the command."""
    if not files:
        return []
    from lipcare.photos import prepare_photo

    prepared = [prepare_photo(Path(file).expanduser()) for file in files]
    return list({photo.info.sha256: photo for photo in prepared}.values())


def remove_photo_orphans(journal: "Journal") -> None:
    """Delete photo files a crash left without a check-in (best effort, quick when there are none)."""
    from lipcare.photos import remove_orphans

    remove_orphans(journal)


def photos_json(rows: "Sequence[PhotoRow]", journal: "Journal") -> dict[str, Any]:
    from lipcare.photos import photos_dir
    from lipcare.render import jsonout

    return {"photos": [jsonout.photo(row, photos_dir(journal)) for row in rows]}


def kept_appointments() -> "tuple[AppointmentRow, ...]":
    """Every follow-up appointment kept, in order; none when there is no journal yet (nothing is created)."""
    journal = open_journal(create=False)
    if journal is None:
        return ()
    with journal:
        return tuple(journal.appointments())
