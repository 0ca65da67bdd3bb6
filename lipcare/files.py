"""Writing files so that a reader never sees half of one and nothing is replaced by accident."""

from __future__ import annotations

import os
from pathlib import Path

from lipcare.errors import LipcareError


def atomic_write(path: Path, text: str | bytes, *, replace: bool) -> None:
    """Write `text` to a temporary file beside `path`, sync it, then rename it into place.

    The new file is readable by its owner only (0600). Without `replace`, an
    existing `path` is an error and is left untouched.
    """
    import tempfile

    if path.is_dir():
        raise LipcareError(f"{path} is a folder; give a file name.")
    if path.exists() and not replace:
        raise LipcareError(f"{path} already exists; add --force to replace it.")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise LipcareError(f"cannot write {path}: {error.strerror or error}.") from None
    written = Path(temporary)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(text.encode("utf-8") if isinstance(text, str) else text)
            file.flush()
            os.fsync(file.fileno())
        if not replace and path.exists():  # appeared while we wrote
            raise LipcareError(f"{path} already exists; add --force to replace it.")
        written.replace(path)
    except OSError as error:
        raise LipcareError(f"cannot write {path}: {error.strerror or error}.") from None
    finally:
        written.unlink(missing_ok=True)
