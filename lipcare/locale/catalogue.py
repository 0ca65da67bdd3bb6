"""The interface catalogues, data/messages.LANG.toml: the interface's own strings keyed by their English text,
and the plural forms of the counted words ("day", "check-in"...), one per CLDR plural category.

Read only for a language other than English, through the protocol's guarded TOML reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lipcare.errors import Message


def data_file(name: str) -> Path:
    """A file of lipcare's data folder (beside the default protocol)."""
    from lipcare.protocol import default_protocol_path

    return default_protocol_path().parent / name


def read(file: Path) -> dict[str, Any]:
    """A translation or catalogue file, {} when there is none; ProtocolError when it cannot be read."""
    from lipcare.errors import ProtocolError

    data, problem = read_guarded(file)
    if problem is not None:
        raise ProtocolError("cannot read the translation {problem}.", problem=problem)
    return data


def read_guarded(file: Path) -> tuple[dict[str, Any], Message | None]:
    """A translation file read through the protocol's own guarded reader (no FIFO or device, at most
    MAX_FILE_BYTES, deep nesting refused): its data ({} when absent), or what is wrong with it."""
    from lipcare.protocol.load import NO_SUCH_FILE, TRANSLATION, _read_toml

    data, _raw, problems = _read_toml(file, TRANSLATION)
    if data is not None:
        return data, None
    if problems[0].said is NO_SUCH_FILE:
        return {}, None
    return {}, problems[0].as_message()  # a file that is not read always has its problem


_CATALOGUES: dict[tuple[str, int, int], dict[str, Any]] = {}
"""Catalogues read in this process, by file, modification time and size (tests run many commands in one)."""


def catalogue(language: str) -> dict[str, Any]:
    """data/messages.LANG.toml, read once a process while it does not change."""
    file = data_file(f"messages.{language}.toml")
    try:
        info = file.stat()
    except OSError:
        return read(file)
    key = (str(file), info.st_mtime_ns, info.st_size)
    if key not in _CATALOGUES:
        _CATALOGUES[key] = read(file)
    return _CATALOGUES[key]
