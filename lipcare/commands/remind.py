"""`lipcare remind install|status|remove|due`: desktop reminders of the plan, run by the platform's own scheduler.

`install` stores the plan's reminders (lipcare.remind_store) and puts a timer in the scheduler (lipcare.scheduler)
that runs `remind due` every few minutes; `due` (lipcare.remind_due, also run without Typer by lipcare.start) shows
what fell due and keeps what it could not show; `status` says what is installed and what comes next; `remove` takes
it all away.
"""

import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lipcare import clock
from lipcare.cli import COMMANDS, app
from lipcare.commands import common
from lipcare.text import _, inert, iso, num

if TYPE_CHECKING:
    from lipcare.reminders import Reminder
    from lipcare.scheduler import Run

remind_app = typer.Typer(help=COMMANDS["remind"], no_args_is_help=True, add_completion=False)
app.add_typer(remind_app, name="remind")

SCHEDULER_NAMES = {
    "systemd": "a systemd user timer",
    "launchd": "a launchd agent",
    "task": "a Task Scheduler task",
}


def now_key() -> int:
    """lipcare's clock (lipcare.clock, which tests set) as YYYYMMDDHHMM."""
    from lipcare.remind_store import key

    today, now = clock.today(), clock.now()
    return key(today.year, today.month, today.day, now.hour, now.minute)


def minute_key(at: datetime) -> int:
    from lipcare.remind_store import key

    return key(at.year, at.month, at.day, at.hour, at.minute)


def pinned_environment(protocol_file: str | None) -> dict[str, str]:
    """What the scheduler's run needs to plan as this run does: the data folder when LIPCARE_HOME chose it, the
    protocol file given, and the language unless the settings chose it (the run reads the settings itself)."""
    from lipcare.cli import TYPED
    from lipcare.locale.choose import choose_language, typed_option
    from lipcare.settings import load_settings

    pinned = {}
    home = os.environ.get("LIPCARE_HOME", "").strip()
    if home:
        pinned["LIPCARE_HOME"] = str(Path(home).expanduser().absolute())
    protocol = protocol_file or os.environ.get("LIPCARE_PROTOCOL", "").strip()
    if protocol:
        pinned["LIPCARE_PROTOCOL"] = str(Path(protocol).expanduser().absolute())
    code, chosen_by = choose_language(typed_option(TYPED, "--lang"), os.environ, load_settings())
    if chosen_by != "language":
        pinned["LIPCARE_LANG"] = code
    return pinned


def plan() -> "tuple[list[Reminder], str]":
    """The reminders of the plan in force (rinses, check-ins, doses, appointments), and its treatment date."""
    from datetime import timedelta

    from lipcare.medicines import Schedule
    from lipcare.reminders import plan_reminders, plan_with_appointments

    protocol = common.current_protocol(None)
    journal = common.existing_journal()
    with journal:
        treatment = common.current_treatment(journal)
        appointments = journal.appointments()
        medicines = journal.medicines(treatment)
        # A check-in changes the journal, so the timer's next run plans again, without that day's check-in reminder
        checked_in = {day for _id, day in journal.checkin_ids_from(treatment, clock.today())}
    treated = treatment.treatment_date
    reminders = plan_reminders(protocol, treated, treatment.treatment_time, checked_in)
    schedule = Schedule(protocol.medication, medicines, treated, clock.today())
    doses = schedule.doses_between(treated - timedelta(days=366), treated + timedelta(days=366))  # every course
    return plan_with_appointments(reminders, appointments, doses), treated.isoformat()


def store_schedule(made: int | None = None) -> dict[str, Any]:
    """Plan the reminders and store them with the fingerprint of what they were made from (lipcare.remind_store):
    the schedule `remind due` reads."""
    from lipcare import __version__, remind_store
    from lipcare.locale import current
    from lipcare.paths import data_dir, ensure_private_dir, journal_path, legacy_settings_file, settings_file
    from lipcare.protocol.types import default_protocol_path
    from lipcare.settings import choose_protocol, load_settings

    reminders, treated = plan()
    path, _by = choose_protocol(None, os.environ.get("LIPCARE_PROTOCOL", ""), load_settings())
    journal = journal_path()
    watched = [journal, journal.with_name(journal.name + "-wal"), settings_file(), default_protocol_path()]
    watched += [file for file in (legacy_settings_file(), path) if file is not None]
    schedule: dict[str, Any] = {
        "version": __version__,
        "environment": remind_store.environment(),
        "fingerprint": remind_store.stamp([str(file) for file in watched]),  # after the journal was closed
        "language": current().code,
        "treatment": treated,
        "made": made if made is not None else now_key(),
        "reminders": [(minute_key(item.at), item.kind, item.title, item.body, item.urgency) for item in reminders],
    }
    folder = data_dir()
    ensure_private_dir(folder)
    write(folder / remind_store.SCHEDULE, schedule)
    return schedule


def write(path: Path, value: object) -> None:
    from lipcare import remind_store
    from lipcare.errors import LipcareError

    try:
        remind_store.write(str(path), value)
    except OSError as error:
        raise LipcareError(
            "cannot write {path}: {error}.", path=inert(str(path)), error=error.strerror or error
        ) from None


def at_text(minute: int) -> str:
    """2026-11-24 12:00, in the digits of the run."""
    text = str(minute)
    return f"{iso(day_of(minute))} {num(text[8:10] + ':' + text[10:12])}"


def day_of(minute: int) -> date:
    return date(minute // 10**8, minute // 10**6 % 100, minute // 10**4 % 100)


def iso_minute(minute: int) -> str:
    text = str(minute)
    return f"{text[0:4]}-{text[4:6]}-{text[6:8]}T{text[8:10]}:{text[10:12]}"


@remind_app.command("install")
def remind_install(
    protocol_file: common.ProtocolOption = None,
) -> None:
    """Show the plan's reminders (rinses, doses, appointments, check-ins) on this computer's desktop, at their times."""
    from lipcare import remind_store, scheduler
    from lipcare.errors import LipcareError
    from lipcare.paths import data_dir

    if protocol_file is not None:
        os.environ["LIPCARE_PROTOCOL"] = protocol_file  # the schedule and the timer's runs use it alike
    now = now_key()
    pinned = pinned_environment(protocol_file)
    run = scheduler.this_lipcare(pinned)  # refuses a path a scheduler's file cannot hold, before writing anything
    schedule = store_schedule(made=now)
    ahead = [item for item in schedule["reminders"] if item[0] > now]
    folder = data_dir()
    if not ahead:
        remove_files(folder)
        last = schedule["reminders"][-1][0] if schedule["reminders"] else now
        raise LipcareError("your plan's reminders ended on {date}; nothing was installed.", date=iso(day_of(last)))
    write(folder / remind_store.STATE, {"last": now})
    installed = scheduler.install(scheduler.scheduler(), unit_files(run, folder))
    said = (
        _("Desktop reminders installed: {what}.")
        if installed.enabled
        else _("Desktop reminders written, but not started yet: {what}.")  # the lines below say how to start them
    )
    common.echo(said.format(what=_(SCHEDULER_NAMES[installed.scheduler])))
    for path in installed.files:
        common.echo("  " + inert(str(path), marks=True))
    common.echo(next_line(ahead))
    common.echo(
        _("Last reminder of the plan: {at}; they stop by themselves after it.").format(at=at_text(ahead[-1][0]))
    )
    if installed.enabled:
        common.echo(
            _("The timer is running. lipcare remind status says what comes next; lipcare remind remove stops it.")
        )
    else:
        common.echo(_("The timer could not be started here. Start it with:"))
        common.echo("  " + inert(installed.command, marks=True))


def next_line(ahead: "list[Any]") -> str:
    """'Next reminder: Sat 5 Dec at 20:00, Cold-water rinse; Antiviral medicine.': every reminder of the first minute
    ahead, as the one notification that shows them together."""
    first = ahead[0][0]
    titles = _("; ").join(item[2] for item in ahead if item[0] == first)  # two appointments: both named
    return _("Next reminder: {at}, {title}.").format(at=at_text(first), title=titles)


def unit_files(run: "Run", folder: Path) -> "list[tuple[Path, str | bytes]]":
    """The scheduler's files for `run`, with what each says."""
    from lipcare import scheduler
    from lipcare.render import scheduler as render

    kind = scheduler.scheduler()
    files = scheduler.files_for(kind, folder)
    if kind == "launchd":
        return [(files[0], render.launchd_plist(run))]
    if kind == "task":  # starting today; schtasks reads UTF-16
        return [(files[0], render.task_xml(run, f"{clock.today().isoformat()}T00:00:00").encode("utf-16"))]
    return [(files[0], render.systemd_service(run)), (files[1], render.systemd_timer())]


@remind_app.command("status")
def remind_status(as_json: common.JsonFlag = False) -> None:
    """Whether desktop reminders are installed, where, and the next one."""
    from lipcare import __version__, remind_store, scheduler
    from lipcare.paths import data_dir

    folder = data_dir()
    files = scheduler.installed_files(folder)
    schedule = remind_store.read(str(folder / remind_store.SCHEDULE))
    if schedule is not None and not remind_store.current(schedule, __version__):
        from contextlib import suppress

        from lipcare.errors import LipcareError

        # The plan changed since (a new appointment): made again, as the timer's next run would. When it cannot be
        # read (a locked encrypted journal), the stored one is what the timer uses.
        with suppress(LipcareError):
            schedule = store_schedule()
    reminders = schedule.get("reminders", []) if isinstance(schedule, dict) else []
    state = remind_store.read(str(folder / remind_store.STATE))
    last_run = state.get("last") if isinstance(state, dict) else None
    now = now_key()
    ahead = [item for item in reminders if item[0] > now]
    missed = remind_store.valid_missed(remind_store.read(str(folder / remind_store.MISSED)))
    enabled = scheduler.enabled() if files else False
    if as_json:
        common.echo_json(
            "remind",
            {
                "installed": bool(files),
                "scheduler": scheduler.scheduler(),
                "files": [str(path) for path in files],
                "enabled": enabled,
                "treatment_date": schedule.get("treatment") if isinstance(schedule, dict) else None,
                "next": reminder_json(ahead[0]) if ahead else None,
                "last": reminder_json(reminders[-1]) if reminders else None,
                "ended": bool(reminders) and not ahead,
                "last_run": iso_minute(last_run) if isinstance(last_run, int) else None,
                "missed": len(missed),
            },
        )
        return
    if not files:
        common.echo(_("Desktop reminders are not installed. To install them: lipcare remind install"))
        return
    common.echo(_("Desktop reminders are installed: {what}.").format(what=_(SCHEDULER_NAMES[scheduler.scheduler()])))
    for path in files:
        common.echo("  " + inert(str(path), marks=True))
    if enabled is None:
        common.echo(_("Whether the timer runs cannot be asked here (no scheduler answers). To start it:"))
    if enabled is False:
        common.echo(_("The timer is not running. Start it with:"))
    if not enabled:
        systemd = scheduler.scheduler() == "systemd"
        common.echo("  " + (scheduler.SYSTEMD_ENABLE if systemd else "lipcare remind install"))
    if ahead:
        common.echo(next_line(ahead))
        common.echo(
            _("Last reminder of the plan: {at}; they stop by themselves after it.").format(at=at_text(ahead[-1][0]))
        )
    elif reminders:
        common.echo(
            _(
                "The plan's reminders ended on {date}: none are left. lipcare remind remove takes the timer away."
            ).format(date=iso(day_of(reminders[-1][0])))
        )


def reminder_json(item: tuple[int, str, str, str, int]) -> dict[str, Any]:
    return {"at": iso_minute(item[0]), "kind": item[1], "title": item[2], "urgency": ("low", "normal")[item[4]]}


def remove_files(folder: Path) -> list[Path]:
    """Delete the reminders' files in the data folder: the files deleted."""
    from lipcare import remind_store

    removed = []
    for name in remind_store.FILES:
        path = folder / name
        if os.path.lexists(path):
            path.unlink()
            removed.append(path)
    return removed


@remind_app.command("remove")
def remind_remove() -> None:
    """Stop the desktop reminders and delete everything remind install wrote."""
    from lipcare import scheduler
    from lipcare.errors import LipcareError
    from lipcare.paths import data_dir

    folder = data_dir()
    removed = scheduler.remove(folder)
    try:
        removed += remove_files(folder)
    except OSError as error:
        raise LipcareError(
            "could not delete {path}: {error}.", path=inert(str(error.filename)), error=error.strerror
        ) from None
    if not removed:
        common.echo(_("Desktop reminders were not installed; nothing to remove."))
        return
    common.echo(_("Desktop reminders removed; deleted:"))
    for path in removed:
        common.echo("  " + inert(str(path), marks=True))


@remind_app.command("due")
def remind_due(
    now: Annotated[str | None, typer.Option("--now", hidden=True)] = None,
) -> None:
    """Show the reminders that are due on the desktop (the timer runs this every 5 minutes)."""
    from lipcare import remind_due as due

    code = due.due(due.read_now(now) if now is not None else now_key())
    if code:
        raise typer.Exit(code)
