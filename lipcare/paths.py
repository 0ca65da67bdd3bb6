"""Where the user's data lives: $LIPCARE_HOME when set, else the platform's data directory."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from lipcare.errors import JournalError

JOURNAL_NAME = "journal.sqlite3"


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


def ensure_private_dir(directory: Path) -> None:
    """Create `directory` readable by its owner only (0700), whatever the umask.

    A directory that already exists keeps its mode: it may be one the user
    chose for other things too, and lipcare's files in it are 0600 anyway.
    """
    if directory.is_dir():
        return
    try:
        # Every folder made here, the missing parents too, is 0700 whatever the umask.
        missing = [folder for folder in (directory, *directory.parents) if not folder.exists()]
        for folder in reversed(missing):
            folder.mkdir(mode=0o700, exist_ok=folder != directory)
            folder.chmod(0o700)
    except FileExistsError:
        if not directory.is_dir():
            raise JournalError(
                f"{directory} exists and is not a folder, so lipcare cannot keep its data there."
            ) from None
    except OSError as error:
        raise JournalError(f"cannot create the folder {directory}: {error.strerror or error}.") from None
