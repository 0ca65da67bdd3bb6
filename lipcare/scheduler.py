"""Putting the reminders' timer in the platform's own scheduler, and taking it out again.

Linux: a systemd user timer and service in $XDG_CONFIG_HOME/systemd/user, enabled with `systemctl --user` when a user
manager is running, else written with the command that enables them. macOS: a launchd agent in
~/Library/LaunchAgents, loaded with `launchctl` when it is there. Windows: a Task Scheduler task, registered with
`schtasks` from its XML kept in the data folder. What the files say is lipcare.render.scheduler's; the command
hands them over.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

from lipcare.errors import LipcareError
from lipcare.fasttuple import Record
from lipcare.text import inert

INTERVAL_MINUTES = 5
"""How often the scheduler runs `remind due`: a reminder shows at most this late when the computer is awake."""
UNIT = "lipcare-reminders"
"""The systemd units' name (UNIT.service, UNIT.timer)."""
LABEL = "lipcare.reminders"
"""The launchd agent's label (and its file's name, LABEL.plist)."""
TASK = "lipcare reminders"
"""The Task Scheduler task's name."""
TIMEOUT = 30.0
RUNNING = frozenset({"running", "degraded", "starting", "initializing", "maintenance"})
"""What `systemctl --user is-system-running` says when a user manager is there to start the timer."""
SYSTEMD_ENABLE = f"systemctl --user daemon-reload && systemctl --user enable --now {UNIT}.timer"


class Run(Record):
    """What the scheduler runs: the program and its arguments, and the environment lipcare needs."""

    argv: tuple[str, ...]
    environment: tuple[tuple[str, str], ...]


class Installed(Record):
    """What `install` did: the scheduler, the files written, whether the timer runs, and the command to run when it
    could not be started here ("" when it was)."""

    scheduler: str
    files: list[Path]
    enabled: bool
    command: str


def scheduler() -> str:
    """systemd, launchd or task (Windows)."""
    if sys.platform == "darwin":
        return "launchd"
    return "task" if sys.platform == "win32" else "systemd"


def systemd_dir() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME", ""))
    return (base if base.is_absolute() else Path("~/.config").expanduser()) / "systemd" / "user"


def files_for(kind: str, data_folder: Path) -> list[Path]:
    """Every file `install` writes for the scheduler `kind`."""
    if kind == "launchd":
        return [Path("~/Library/LaunchAgents").expanduser() / f"{LABEL}.plist"]
    if kind == "task":
        return [data_folder / "reminders-task.xml"]
    folder = systemd_dir()
    return [folder / f"{UNIT}.service", folder / f"{UNIT}.timer"]


def installed_files(data_folder: Path) -> list[Path]:
    """The scheduler's files lipcare wrote that are there now (for `remind remove` and `data erase`)."""
    return [path for path in files_for(scheduler(), data_folder) if os.path.lexists(path)]


def this_lipcare(environment: dict[str, str]) -> Run:
    """This Python running lipcare, with the environment given (pythonw.exe on Windows: no console window)."""
    python = Path(sys.executable)
    if scheduler() == "task" and python.with_name("pythonw.exe").exists():
        python = python.with_name("pythonw.exe")
    for word in [str(python), *environment.values()]:
        if any(ord(char) < 0x20 or ord(char) == 0x7F for char in word):
            raise LipcareError(
                "{word} has a control character, which a scheduler's file cannot hold; nothing was installed.",
                word=inert(word),
            )
    return Run((str(python), "-m", "lipcare", "remind", "due"), tuple(sorted(environment.items())))


def command(argv: list[str]) -> subprocess.CompletedProcess[str] | None:
    """`argv` run, its output kept; None when the program is not there or does not answer."""
    if shutil.which(argv[0]) is None:
        return None
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None


def user_manager() -> bool:
    """Whether a systemd user manager is running for this user (`systemctl --user is-system-running`)."""
    done = command(["systemctl", "--user", "is-system-running"])
    return done is not None and done.stdout.strip() in RUNNING


def install(kind: str, contents: list[tuple[Path, str | bytes]]) -> Installed:
    """Write the scheduler's files (lipcare.render.scheduler's, in the order of `files_for`) and start the timer
    where the platform allows."""
    from lipcare.files import atomic_write

    files = [path for path, _text in contents]
    for folder in {path.parent for path in files}:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LipcareError(
                "cannot create the folder {folder}: {error}; nothing was installed.",
                folder=inert(str(folder)),
                error=error.strerror or error,
            ) from None
    for path, text in contents:
        atomic_write(path, text, replace=True)
    if kind == "systemd":
        if not user_manager():
            return Installed(kind, files, False, SYSTEMD_ENABLE)
        steps = [["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"]]
        manual = SYSTEMD_ENABLE
    elif kind == "launchd":
        domain = f"gui/{os.getuid()}"
        command(["launchctl", "bootout", f"{domain}/{LABEL}"])  # an older copy of the agent, if one is loaded
        steps = [["launchctl", "bootstrap", domain, str(files[0])]]
        manual = f"launchctl bootstrap {domain} '{files[0]}'"
    else:
        steps = [["schtasks", "/Create", "/TN", TASK, "/XML", str(files[0]), "/F"]]
        manual = f'schtasks /Create /TN "{TASK}" /XML "{files[0]}" /F'
    for step in steps:
        done = command(step)
        if done is None or done.returncode != 0:
            return Installed(kind, files, False, manual)
    return Installed(kind, files, True, "")


def enabled() -> bool | None:
    """Whether the timer is started (None: this cannot be asked here, such as without a systemd user manager)."""
    kind = scheduler()
    if kind == "systemd":
        if not user_manager():
            return None
        done = command(["systemctl", "--user", "is-enabled", f"{UNIT}.timer"])
        return done is not None and done.stdout.strip() == "enabled"
    if kind == "launchd":
        done = command(["launchctl", "print", f"gui/{os.getuid()}/{LABEL}"])
    else:
        done = command(["schtasks", "/Query", "/TN", TASK])
    return None if done is None else done.returncode == 0


def stop() -> None:
    """Stop the timer where the platform allows (its files are left: `remove` deletes them)."""
    kind = scheduler()
    if kind == "systemd":
        if user_manager():
            command(["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"])
    elif kind == "launchd":
        command(["launchctl", "bootout", f"gui/{os.getuid()}/{LABEL}"])
    else:
        command(["schtasks", "/Delete", "/TN", TASK, "/F"])


def remove(data_folder: Path) -> list[Path]:
    """Stop the timer and delete its files: the files deleted."""
    kind = scheduler()
    stop()
    removed = []
    for path in installed_files(data_folder):
        try:
            path.unlink()
        except OSError as error:
            raise LipcareError(
                "could not delete {path}: {error}.", path=inert(str(path)), error=error.strerror or error
            ) from None
        removed.append(path)
    if kind == "systemd" and removed:
        # The folders install made (and systemd's timers.target.wants) go too when nothing else is in them.
        folder = systemd_dir()
        for empty in (folder / "timers.target.wants", folder, folder.parent):
            with suppress(OSError):
                empty.rmdir()
        if user_manager():
            command(["systemctl", "--user", "daemon-reload"])
    return removed
