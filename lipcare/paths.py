"""Where the user's data lives: $LIPCARE_HOME when set, else the platform's data directory.

The folder holds private health data, so lipcare makes it (and any missing
parent) readable by its owner only, and refuses to use a folder or file that
someone else owns or could change: they could read the notes, or plant a
file (a journal, its -wal/-shm, settings) for lipcare to trust.
"""

import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from lipcare.errors import JournalError
from lipcare.text import _, inert

JOURNAL_NAME = "journal.sqlite3"
SETTINGS_NAME = "settings.json"
MISSED_REMINDERS_NAME = "reminders.missed"
"""The reminders `remind due` could not show, which the next command shows: lipcare.remind_store.MISSED, named
here too so that a command finds there are none without loading the reminders' store (tests/test_remind.py)."""
MAX_SETTINGS_BYTES = 64 * 1024
"""Settings are a few short texts (each at most 500 characters); a larger file was not written by lipcare."""


def read_settings_file(path: Path) -> bytes | None:
    """The bytes of the settings file at `path`, None when there is none. Never waits (a FIFO is refused,
    not opened for a writer), never follows a link, and reads at most MAX_SETTINGS_BYTES + 1 bytes, so a
    file of any size costs little; OSError for one that is not a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise OSError(0, "it is not a regular file")
        return file.read(MAX_SETTINGS_BYTES + 1)


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


def config_dir() -> Path:
    """Where lipcare keeps the settings: LIPCARE_HOME when that is set (everything in one folder), else the
    platform's config folder ($XDG_CONFIG_HOME/lipcare, ~/.config/lipcare on Linux), as jrnl and gh do."""
    home = os.environ.get("LIPCARE_HOME", "").strip()
    if home:
        return Path(home).expanduser()
    return _platform_dir("XDG_CONFIG_HOME", "~/.config", "user_config_path")


def settings_file() -> Path:
    return config_dir() / SETTINGS_NAME


def legacy_settings_file() -> Path | None:
    """Where lipcare kept the settings before they moved to the config folder (beside the journal), when that
    is another place."""
    old = data_dir() / SETTINGS_NAME
    return None if old == settings_file() else old


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
    then check that it is private (see `check_private_dir`). The folders above it that exist are
    checked first: nothing is created inside a folder lipcare refuses."""
    check_ancestors(directory)
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
                "cannot create the folder {folder}: {error}.", folder=inert(str(folder)), error=error.strerror or error
            ) from None
    check_private_dir(directory)


def _owner(uid: int) -> str:
    try:
        import pwd

        return f"user {pwd.getpwuid(uid).pw_name} ({uid})"
    except (ImportError, KeyError):
        return f"user {uid}"


def _trusted_owner(uid: int) -> bool:
    return not hasattr(os, "geteuid") or uid in (os.geteuid(), 0)


def _open_to_others(info: os.stat_result) -> bool:
    """Whether users other than this one (and root) can add, rename or remove what is in a folder: it is
    writable by others, or by a group other than the user's own, and has no sticky bit (which /tmp has:
    there only an entry's owner can rename or remove it)."""
    if info.st_mode & stat.S_ISVTX:
        return False
    if info.st_mode & 0o002:
        return True
    return bool(info.st_mode & 0o020) and (not hasattr(os, "getegid") or info.st_gid != os.getegid())


def check_ancestors(directory: Path) -> None:
    """Raise JournalError unless every existing folder above `directory` is owned by this user or root and
    cannot be changed by anyone else: whoever can rename entries in a parent can swap the data folder for a
    link or a folder of their own. Both the folders as written and, through any link among them, the real
    folders are checked; a link on the way must belong to this user or root."""
    if not hasattr(os, "geteuid"):
        return
    absolute = Path(os.path.normpath(directory.absolute()))
    walk: list[tuple[Path, bool]] = [(folder, False) for folder in absolute.parents]
    index = 0
    while index < len(walk):
        ancestor, follow = walk[index]
        index += 1
        try:
            info = ancestor.stat() if follow else ancestor.lstat()
        except FileNotFoundError:
            continue  # made 0700 by ensure_private_dir
        except OSError as error:
            raise JournalError(
                "cannot use the data folder {folder}: {error}.",
                folder=inert(str(directory)),
                error=error.strerror or error,
            ) from None
        if stat.S_ISLNK(info.st_mode) and _trusted_owner(info.st_uid):
            # The link's own folder is checked next; the real folders (through every link) are checked after
            # the written ones, once. Without a link on the way they are the same folders.
            if not any(followed for _, followed in walk):
                real_parent = Path(os.path.realpath(absolute.parent))
                walk.extend((folder, True) for folder in (real_parent, *real_parent.parents))
            continue
        if not _trusted_owner(info.st_uid):
            reason = _("belongs to {owner}").format(owner=_owner(info.st_uid))
        elif _open_to_others(info):
            reason = _("can be changed by other users (permissions {mode}, no sticky bit)").format(
                mode=f"{stat.S_IMODE(info.st_mode):04o}"
            )
        else:
            continue
        raise JournalError(
            "the folder {parent} above {folder} {reason}, so someone else could replace lipcare's folder "
            "with their own; lipcare will not keep private health data there, and nothing was read or "
            "written. Use a folder of your own: set LIPCARE_HOME to one, or fix that folder.",
            parent=inert(str(ancestor)),
            folder=inert(str(directory)),
            reason=reason,
        )


def check_private_dir(directory: Path) -> None:
    """Raise JournalError unless `directory` is a folder owned by this user that nobody else can change,
    is not a symbolic link, and every folder above it is safe too (`check_ancestors`)."""
    shown = inert(str(directory))
    check_ancestors(directory)
    try:
        info = directory.lstat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise JournalError(
            "cannot use the data folder {folder}: {error}.", folder=shown, error=error.strerror or error
        ) from None
    if stat.S_ISLNK(info.st_mode):
        raise JournalError(
            "{path} is a symbolic link (to {target}); lipcare does not follow links for its folders, so it "
            "stopped and wrote nothing. Set LIPCARE_HOME to the real folder, or move it in place of the link.",
            path=shown,
            target=inert(os.path.realpath(directory)),
        )
    if not stat.S_ISDIR(info.st_mode):
        raise JournalError("{path} exists and is not a folder, so lipcare cannot keep its data there.", path=shown)
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise JournalError(
            "the data folder {folder} belongs to {owner}, not to you, so lipcare will not keep "
            "private health data there; nothing was read or written. Use a folder of your own: set LIPCARE_HOME "
            "to one, or move this one away.",
            folder=shown,
            owner=_owner(info.st_uid),
        )
    if info.st_mode & 0o022:
        raise JournalError(
            "other users can change the data folder {folder} (permissions {mode}), so "
            "lipcare will not keep private health data there; nothing was read or written. Fix it with: "
            "chmod 700 '{folder}'",
            folder=shown,
            mode=f"{stat.S_IMODE(info.st_mode):04o}",
        )


def check_private_file(path: Path) -> None:
    """Raise JournalError if `path` exists and is a symbolic link, someone else's, or open to other users."""
    shown = inert(str(path))
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise JournalError("cannot check {path}: {error}.", path=shown, error=error.strerror or error) from None
    if stat.S_ISLNK(info.st_mode):
        target = inert(os.path.realpath(path))
        raise JournalError(
            "{path} is a symbolic link (to {target}); lipcare does not follow links for its private files, so it "
            "stopped and wrote nothing. Move the real file to {path} in place of the link, or set LIPCARE_HOME to "
            "the folder it is in.",
            path=shown,
            target=target,
        )
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise JournalError(
            "{path} belongs to {owner}, not to you, so lipcare will not use it; nothing was read "
            "or written. Move it away if you do not know where it came from.",
            path=shown,
            owner=_owner(info.st_uid),
        )
    if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
        raise JournalError(
            "other users can read or change {path} (permissions {mode}), and it holds "
            "private health data; lipcare stopped and wrote nothing. Fix it with: chmod 600 '{path}'",
            path=shown,
            mode=f"{stat.S_IMODE(info.st_mode):04o}",
        )


PHOTOS_NAME = "photos"
"""The folder of kept photos beside the journal (lipcare.photos.FOLDER_NAME)."""


def check_private_place(directory: Path, files: Iterable[Path] = (), *, folder_checked: bool = False) -> None:
    """Check the data folder, the photos folder and every private file in it, before any is opened.
    `folder_checked`: the caller has just checked the data folder itself (`check_private_dir`)."""
    if not folder_checked:
        check_private_dir(directory)
    for file in {*private_files(directory), *files}:
        check_private_file(file)
    photos = directory / PHOTOS_NAME
    if photos.is_symlink():
        raise JournalError(
            "{path} is a symbolic link (to {target}); lipcare does not follow links for your photos, "
            "so it stopped and wrote nothing. Move the real folder in its place.",
            path=inert(str(photos)),
            target=inert(os.path.realpath(photos)),
        )
    if photos.is_dir():
        check_private_dir(photos)
