"""Writing files so that a reader never sees half of one and nothing is replaced by accident."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from lipcare.errors import LipcareError, Message
from lipcare.text import inert


def atomic_write(path: Path, text: str | bytes | Iterable[str], *, replace: bool) -> None:
    """Write `text` to a temporary file beside `path`, sync it, then rename it into place.

    The new file is readable by its owner only (0600). Without `replace`, an
    existing `path` is an error and is left untouched.
    """
    import tempfile

    check_output_path(path)
    if path.is_dir():
        raise LipcareError("{path} is a folder; give a file name.", path=inert(str(path)))
    if path.exists() and not replace:
        raise LipcareError("{path} already exists; add --force to replace it.", path=inert(str(path)))
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise LipcareError("cannot write {path}: {error}.", path=path, error=error.strerror or error) from None
    written = Path(temporary)
    try:
        with os.fdopen(fd, "wb") as file:
            for piece in [text] if isinstance(text, str | bytes) else text:  # pieces are written as they come
                file.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            file.flush()
            os.fsync(file.fileno())
        if not replace and path.exists():  # appeared while we wrote
            raise LipcareError("{path} already exists; add --force to replace it.", path=path)
        written.replace(path)
    except OSError as error:
        raise LipcareError("cannot write {path}: {error}.", path=path, error=error.strerror or error) from None
    finally:
        written.unlink(missing_ok=True)


def check_output_path(path: Path) -> None:
    """Refuse to write where the result would not be a regular file of the user's.

    A FIFO, a device or a socket would be replaced by a file (or, written to,
    hang or reach hardware); a dangling symbolic link points somewhere that
    does not exist yet. All are refused, with or without --force.
    """
    import stat

    if "\x00" in str(path):
        raise LipcareError("cannot write {path}: a file name cannot contain a NUL character.", path=inert(str(path)))
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise LipcareError(
            "cannot write {path}: {error}.", path=inert(str(path)), error=error.strerror or error
        ) from None
    if stat.S_ISLNK(mode):
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise LipcareError(
                "{path} is a symbolic link to something that does not exist; lipcare does not write "
                "through it. Remove the link or choose another file name.",
                path=inert(str(path)),
            ) from None
        except OSError as error:
            raise LipcareError(
                "cannot write {path}: {error}.", path=inert(str(path)), error=error.strerror or error
            ) from None
    kinds = {
        stat.S_ISFIFO: "a named pipe (FIFO)",
        stat.S_ISCHR: "a device",
        stat.S_ISBLK: "a device",
        stat.S_ISSOCK: "a socket",
    }
    for test, kind in kinds.items():
        if test(mode):
            raise LipcareError(
                "{path} is {kind}, not a regular file, so lipcare will not write to it; nothing was "
                "written. To write to standard output, use -o -.",
                path=inert(str(path)),
                kind=Message(kind),
            )
