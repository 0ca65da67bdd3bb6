"""Where the user's data lives: $LIPCARE_HOME when set, else the platform's data directory."""

from __future__ import annotations

import os
from pathlib import Path

from lipcare.errors import JournalError

JOURNAL_NAME = "journal.sqlite3"


def data_dir() -> Path:
    home = os.environ.get("LIPCARE_HOME", "").strip()
    if home:
        return Path(home).expanduser()
    import platformdirs  # only needed when LIPCARE_HOME is not set

    return platformdirs.user_data_path("lipcare", appauthor=False)


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
        directory.parent.mkdir(parents=True, exist_ok=True)
        directory.mkdir(mode=0o700)
        directory.chmod(0o700)
    except FileExistsError:
        if not directory.is_dir():
            raise JournalError(
                f"{directory} exists and is not a folder, so lipcare cannot keep its data there."
            ) from None
    except OSError as error:
        raise JournalError(f"cannot create the folder {directory}: {error.strerror or error}.") from None
