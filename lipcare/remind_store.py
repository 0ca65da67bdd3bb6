"""The reminders' files in the data folder, read at the cost of a file open: the timer runs `lipcare remind due`
every few minutes, and every command looks for missed reminders.

- `reminders.schedule`: every reminder of the plan (when, kind, title, body, urgency), the language they are in,
  and the fingerprint of what they were made from (the journal, the settings, the protocol file, lipcare's
  version, LIPCARE_PROTOCOL and LIPCARE_LANG). While the fingerprint holds, `remind due` reads this file alone: no
  protocol, no journal, no Typer.
- `reminders.state`: when `remind due` last delivered (so a run after a suspend catches up, late).
- `reminders.missed`: reminders that could not be shown (no session bus, no notification service, an error from
  it) or were shown late; present only when there are some, so the check costs one failed open. The next command
  that prints for a person shows them (lipcare.cli) and removes the file.

The files are `marshal` data (no import to read them, nothing executable), written whole (a temporary file, synced,
renamed), 0600, in the private data folder; one that is not a regular file of the user's, writable by nobody else,
is not read. Times are local wall-clock minutes as integers, YYYYMMDDHHMM, so comparing them needs no `datetime`.
"""

import contextlib
import marshal
import os
import sys

SCHEDULE = "reminders.schedule"
STATE = "reminders.state"
MISSED = "reminders.missed"
FILES = (SCHEDULE, STATE, MISSED)
"""Every file of the reminders in the data folder: `lipcare remind remove` and `lipcare data erase` delete them."""

MAX_BYTES = 1024 * 1024
"""A schedule is a few hundred reminders; a larger file was not written by lipcare and is not read."""


def data_folder() -> str:
    """lipcare's data folder (lipcare.paths.data_dir), without importing pathlib or lipcare.paths on Linux."""
    home = os.environ.get("LIPCARE_HOME", "").strip()
    if home:
        return os.path.expanduser(home)
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        base = os.environ.get("XDG_DATA_HOME", "")
        return os.path.join(base if os.path.isabs(base) else os.path.expanduser("~/.local/share"), "lipcare")
    from lipcare.paths import data_dir

    return str(data_dir())


def key(year: int, month: int, day: int, hour: int, minute: int) -> int:
    """A local time as YYYYMMDDHHMM."""
    return (((year * 100 + month) * 100 + day) * 100 + hour) * 100 + minute


def read(path: str) -> object:
    """What `write` stored at `path`, or None: absent, not a regular file of the user's, open to others, too
    large or damaged."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not _trusted(info) or info.st_size > MAX_BYTES:
                return None
            return marshal.loads(file.read(MAX_BYTES + 1))
    except Exception:  # a damaged or foreign file is no file, whatever is wrong with it
        return None


def _trusted(info: os.stat_result) -> bool:
    import stat

    if not stat.S_ISREG(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & 0o077


def write(path: str, value: object) -> None:
    """Store `value` at `path` whole or not at all: 0600, synced, renamed into place. OSError when it cannot."""
    import tempfile

    data = marshal.dumps(value)  # type: ignore[arg-type]
    folder, name = os.path.split(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def stamp(paths: list[str]) -> list[tuple[str, int, int]]:
    """Each path with its size and modification time (-1, -1 when absent): the fingerprint of a schedule."""
    stamped = []
    for path in paths:
        try:
            info = os.stat(path)
            stamped.append((path, info.st_size, info.st_mtime_ns))
        except OSError:
            stamped.append((path, -1, -1))
    return stamped


ENVIRONMENT = ("LIPCARE_PROTOCOL", "LIPCARE_LANG")
"""The variables that change the plan or its words: a schedule made with other values is made again."""


def environment() -> list[str]:
    return [os.environ.get(name, "").strip() for name in ENVIRONMENT]


def current(schedule: object, version: str) -> bool:
    """Whether `schedule` (as `read` returned it) was made by this lipcare from what is on the disk now."""
    if not isinstance(schedule, dict):
        return False
    stored = schedule.get("fingerprint")
    if not isinstance(stored, list) or schedule.get("version") != version:
        return False
    if schedule.get("environment") != environment():
        return False
    try:
        return stamp([str(path) for path, _size, _mtime in stored]) == [tuple(item) for item in stored]
    except (TypeError, ValueError):
        return False


def take_missed(folder: str) -> list[tuple[int, str, str, str, int]]:
    """The missed reminders kept in `folder`, which are then no longer kept (the caller shows them): each
    (due, kind, title, why, shown: 0 when not shown), oldest first. Empty, at the cost of one failed open, when
    there are none. The file is renamed before it is read, so one that `remind due` writes meanwhile is kept for
    the next command, never lost."""
    path = os.path.join(folder, MISSED)
    taken = f"{path}.{os.getpid()}.shown"
    try:
        os.replace(path, taken)
    except OSError:
        return []
    try:
        found = read(taken)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(taken)
    return valid_missed(found)


def valid_missed(found: object) -> list[tuple[int, str, str, str, int]]:
    if not isinstance(found, list):
        return []
    kept = []
    for item in found:
        if (
            isinstance(item, tuple)
            and len(item) == 5
            and isinstance(item[0], int)
            and isinstance(item[4], int)
            and all(isinstance(part, str) for part in item[1:4])
        ):
            kept.append(item)
    return sorted(kept)
