"""`lipcare remind due`, as the scheduler runs it every few minutes: what fell due since the last run is shown on the
desktop, and what cannot be shown is kept for the next lipcare command (never dropped in silence).

lipcare.start sends `lipcare remind due ...` here before Typer is imported, so a run with nothing due reads one small
file (the schedule) and stats the few it was made from: no Typer, no Rich, no protocol, no journal. Only when the
plan changed (the fingerprint, lipcare.remind_store) is the schedule made again, through the commands' own code;
only when something is due are the language, the notifier and jeepney loaded. `lipcare remind due` through Typer
(its help, the tests' runner) calls the same `due`.

Options: --now YYYY-MM-DDTHH:MM (hidden: the tests' clock, never waited for), and --home, --lang, --protocol, which
set LIPCARE_HOME, LIPCARE_LANG and LIPCARE_PROTOCOL (a Windows task has no environment of its own).
"""

import os
import sys

from lipcare import __version__, remind_store

LATE_AFTER_MINUTES = 15
"""A reminder shown more than this long after its time says it is late: the timer runs every 5 minutes, with 30 s
of leeway, so an awake computer never reaches it."""

OPTIONS = {"--home": "LIPCARE_HOME", "--lang": "LIPCARE_LANG", "--protocol": "LIPCARE_PROTOCOL"}


def main(argv: list[str]) -> int:
    """The fast path's entry: `argv` after `remind due`."""
    try:
        now = parse(argv)
        return due(now)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # lipcare.errors (and typing) is imported only when something went wrong
        from lipcare.errors import LipcareError, Message

        if isinstance(error, LipcareError):
            say(error.shown())
            return error.exit_code
        if os.environ.get("LIPCARE_DEBUG"):
            raise
        say(
            Message(
                "lipcare hit a problem it does not know how to handle. Anything it had saved is kept. "
                "Run it again with LIPCARE_DEBUG=1 to see the details, and give them to whoever gave you lipcare."
            ).shown()
        )
        return 1


def say(line: str) -> None:
    try:
        sys.stderr.write(f"lipcare remind due: {line}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def parse(argv: list[str]) -> int | None:
    """The options; the --now given, as YYYYMMDDHHMM, or None."""
    now = None
    args = list(argv)
    while args:
        option = args.pop(0)
        name, equals, value = option.partition("=")
        if name not in (*OPTIONS, "--now"):
            from lipcare.errors import UsageError

            raise UsageError("remind due takes no {option}; the timer runs it as: lipcare remind due", option=option)
        if not equals:
            if not args:
                from lipcare.errors import UsageError

                raise UsageError("{option} needs a value.", option=name)
            value = args.pop(0)
        if name == "--now":
            now = read_now(value)
        else:
            os.environ[OPTIONS[name]] = value
    return now


def read_now(value: str) -> int:
    digits = value.replace("-", "").replace("T", "").replace(":", "").replace(" ", "")
    if len(digits) != 12 or not digits.isdigit():
        from lipcare.errors import UsageError

        raise UsageError("--now needs a time as YYYY-MM-DDTHH:MM, not {value}.", value=value)
    return int(digits)


def due(now: int | None = None) -> int:
    """Show what fell due since the last run; the exit code (1 when a reminder could not be shown: it is kept)."""
    folder = remind_store.data_folder()
    if now is None:
        from lipcare import clock

        at = clock.minute()
        now = remind_store.key(at.year, at.month, at.day, at.hour, at.minute)
    schedule = remind_store.read(os.path.join(folder, remind_store.SCHEDULE))
    if not remind_store.current(schedule, __version__):
        if schedule is None and not os.path.lexists(os.path.join(folder, remind_store.STATE)):
            return 0  # not installed for this data folder (or erased since): nothing to remind of
        schedule = remake(schedule)
    assert isinstance(schedule, dict)
    state = remind_store.read(os.path.join(folder, remind_store.STATE))
    last = state.get("last") if isinstance(state, dict) else None
    if not isinstance(last, int):
        last = schedule.get("made", now)
    reminders = schedule.get("reminders", [])
    found = [item for item in reminders if isinstance(item, tuple) and len(item) == 5 and last < item[0] <= now]
    if not found:
        return 0
    return deliver(folder, found, now)


def remake(old: object) -> dict[str, object]:
    """The schedule made again from the protocol and the journal, and stored; the old one when that fails (an
    encrypted journal that is locked), said on standard error; a LipcareError when there is none."""
    from lipcare.errors import LipcareError
    from lipcare.locale import using
    from lipcare.locale.choose import resolve

    try:
        with using(resolve([], os.environ, False)):
            from lipcare.commands.remind import store_schedule

            return store_schedule()
    except LipcareError as error:
        if isinstance(old, dict):
            say(error.shown() + " (the reminders already planned are used)")
            return old
        raise LipcareError("no reminders could be planned: {error}", error=error) from None


def deliver(folder: str, found: list[tuple[int, str, str, str, int]], now: int) -> int:
    """Show each reminder (the late ones together, saying they are late), keep what was not shown or shown late,
    then remember this run."""
    from datetime import timedelta

    from lipcare import notify
    from lipcare.locale import using
    from lipcare.locale.choose import resolve
    from lipcare.render import notification

    with using(resolve([], os.environ, False)):
        late_after = notification.when(now) - timedelta(minutes=LATE_AFTER_MINUTES)
        late = [item for item in found if notification.when(item[0]) < late_after]
        # The late ones first, so that what is due now is the newest on the screen.
        notes = [(notification.late(late, now), late)] if late else []
        current = [item for item in found if item not in late]
        for minute in sorted({item[0] for item in current}):
            together = [item for item in current if item[0] == minute]
            notes.append((notification.on_time(together), together))
        kept: list[tuple[int, str, str, str, int]] = []
        failed = []
        for note, items in notes:
            try:
                notify.show(note)
            except notify.NotShown as error:
                kept += [(item[0], item[1], item[2], error.why, 0) for item in items]
                failed.append(error)
                continue
            kept += [(item[0], item[1], item[2], "late", now) for item in items if item in late]
        if kept:
            keep_missed(folder, kept)
        remind_store.write(os.path.join(folder, remind_store.STATE), {"last": now})
        if failed:
            from lipcare.text import _

            first = failed[0]
            why = _(notification.WHY.get(first.why, notification.WHY["failed"]))
            say(
                _("{count} reminders not shown ({why}: {detail}); kept for the next lipcare command.").format(
                    count=sum(1 for item in kept if not item[4]), why=why, detail=first.detail
                )
            )
            return 1
    return 0


def keep_missed(folder: str, kept: list[tuple[int, str, str, str, int]]) -> None:
    path = os.path.join(folder, remind_store.MISSED)
    before = remind_store.valid_missed(remind_store.read(path))
    remind_store.write(path, before + [item for item in kept if item not in before])
