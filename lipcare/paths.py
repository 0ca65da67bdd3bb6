"""Where the user's data lives: $LIPCARE_HOME when set, else the platform's data directory.

The folder holds private health data, so lipcare makes it (and any missing
parent) readable by its owner only, and refuses to use a folder or file that
someone else owns or could change: they could read the notes, or plant a
file (a journal, its -wal/-shm, settings) for lipcare to trust.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from lipcare.errors import JournalError
from lipcare.text import _, inert

JOURNAL_NAME = "journal.sqlite3"
SETTINGS_NAME = "settings.json"


def data_dir() -> Path:
    home = os.environ.get("LIPCARE_HOME", "").strip()
    if home:
        return Path(home).expanduser()
    return _platform_dir("XDG_DATA_HOME", "~/.local/share", "user_data_path")


def cache_dir() -> Path:
    """Where lipcare keeps what it can always rebuild (the checked protocol): inside LIPCARE_HOME when
    that is set, so a run writes nowhere else, else the platform's cache folder."""
    home = os.environ.get("LIPCARE_HOME", "").strip()
    if home:
        return Path(home).expanduser() / "cache"
    return _platform_dir("XDG_CACHE_HOME", "~/.cache", "user_cache_path")


def _platform_dir(variable: str, default: str, platformdirs_function: str) -> Path:
    """The user's folder for lipcare on this platform.

    On Linux and the BSDs this is the XDG rule, written out here because importing platformdirs costs
    5-7 ms on every command (tests check both give the same folder); elsewhere platformdirs decides.
    """
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        base = Path(os.environ.get(variable, ""))
        return (base if base.is_absolute() else Path(default).expanduser()) / "lipcare"
    import platformdirs

    function: Callable[..., Path] = getattr(platformdirs, platformdirs_function)
    return function("lipcare", appauthor=False)


def journal_path() -> Path:
    return data_dir() / JOURNAL_NAME


def private_files(directory: Path) -> list[Path]:
    """Every file lipcare keeps in `directory`: the journal, its -wal and -shm, the settings."""
    journal = directory / JOURNAL_NAME
    return [
        journal,
        journal.with_name(JOURNAL_NAME + "-wal"),
        journal.with_name(JOURNAL_NAME + "-shm"),
        directory / SETTINGS_NAME,
    ]


def ensure_private_dir(directory: Path) -> None:
    """Create `directory`, and every missing folder above it, as 0700 whatever the umask;
    then check that it is private (see `check_private_dir`)."""
    missing: list[Path] = []
    folder = directory
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
            folder.chmod(0o700)  # mkdir's mode is reduced by the umask
        except FileExistsError:
            pass  # made meanwhile; it is checked below like any existing folder
        except OSError as error:
            raise JournalError(
                _("cannot create the folder {folder}: {error}.").format(
                    folder=inert(str(folder)), error=error.strerror or error
                )
            ) from None
    check_private_dir(directory)


def _owner(uid: int) -> str:
    try:
        import pwd

        return f"user {pwd.getpwuid(uid).pw_name} ({uid})"
    except (ImportError, KeyError):
        return f"user {uid}"


def check_private_dir(directory: Path) -> None:
    """Raise JournalError unless `directory` is a folder owned by this user that nobody else can change."""
    shown = inert(str(directory))
    try:
        info = directory.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise JournalError(
            _("cannot use the data folder {folder}: {error}.").format(folder=shown, error=error.strerror or error)
        ) from None
    if not stat.S_ISDIR(info.st_mode):
        raise JournalError(
            _("{path} exists and is not a folder, so lipcare cannot keep its data there.").format(path=shown)
        )
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise JournalError(
            _(
                "the data folder {folder} belongs to {owner}, not to you, so lipcare will not keep "
                "private health data there; nothing was read or written. Use a folder of your own: set LIPCARE_HOME "
                "to one, or move this one away."
            ).format(folder=shown, owner=_owner(info.st_uid))
        )
    if info.st_mode & 0o022:
        raise JournalError(
            _(
                "other users can change the data folder {folder} (permissions {mode}), so "
                "lipcare will not keep private health data there; nothing was read or written. Fix it with: "
                "chmod 700 '{folder}'"
            ).format(folder=shown, mode=f"{stat.S_IMODE(info.st_mode):04o}")
        )


def check_private_file(path: Path) -> None:
    """Raise JournalError if `path` exists and is a symbolic link, someone else's, or open to other users."""
    shown = inert(str(path))
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise JournalError(
            _("cannot check {path}: {error}.").format(path=shown, error=error.strerror or error)
        ) from None
    if stat.S_ISLNK(info.st_mode):
        target = inert(os.path.realpath(path))
        raise JournalError(
            _(
                "{path} is a symbolic link (to {target}); lipcare does not follow links for its private files, so it "
                "stopped and wrote nothing. Move the real file to {path} in place of the link, or set LIPCARE_HOME to "
                "the folder it is in."
            ).format(path=shown, target=target)
        )
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise JournalError(
            _(
                "{path} belongs to {owner}, not to you, so lipcare will not use it; nothing was read "
                "or written. Move it away if you do not know where it came from."
            ).format(path=shown, owner=_owner(info.st_uid))
        )
    if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
        raise JournalError(
            _(
                "other users can read or change {path} (permissions {mode}), and it holds "
                "private health data; lipcare stopped and wrote nothing. Fix it with: chmod 600 '{path}'"
            ).format(path=shown, mode=f"{stat.S_IMODE(info.st_mode):04o}")
        )


PHOTOS_NAME = "photos"
"""The folder of kept photos beside the journal (lipcare.photos.FOLDER_NAME)."""


def check_private_place(directory: Path, files: Iterable[Path] = ()) -> None:
    """Check the data folder, the photos folder and every private file in it, before any is opened."""
    check_private_dir(directory)
    for file in {*private_files(directory), *files}:
        check_private_file(file)
    photos = directory / PHOTOS_NAME
    if photos.is_symlink():
        raise JournalError(
            _(
                "{path} is a symbolic link (to {target}); lipcare does not follow links for your photos, "
                "so it stopped and wrote nothing. Move the real folder in its place."
            ).format(path=inert(str(photos)), target=inert(os.path.realpath(photos)))
        )
    if photos.is_dir():
        check_private_dir(photos)
