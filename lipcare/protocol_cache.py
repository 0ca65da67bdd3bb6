"""A cache of the checked protocol, so that commands do not parse and validate the same TOML on every run.

Reading and checking the protocol is most of what lipcare itself does before it prints. The result is
kept in one file, written with `marshal` (no pickle import, nothing executable) and trusted only when:

- its key matches: lipcare's and Python's versions, and the path, size, modification time, change time
  (st_ctime_ns, which no user can set: `cp -p` of an edit of the same length keeps size, inode and mtime)
  and inode of every file that went into it (the shipped default, the clinic's file, and the source of the protocol
  package's types, loader and checks, so an edited checkout never serves stale checks);
- it is a regular file owned by the user and writable by nobody else.

An invalid protocol's verdict (the error it raises, in the language it was said in) is kept under the same
key, so a broken file is not checked again by every command.

Anything else, including any error while reading, is a miss: the protocol is checked from its files as
if there were no cache. Writing is best effort, atomic and 0600; a cache that cannot be written costs
time, never a result. `lipcare protocol check` never uses it.

A protocol in another language is kept in its own file, protocol.LANG.cache, keyed also by the translation
files (present or not: a clinic's FILE.LANG.toml appearing is a change), the interface catalogue, the source of
lipcare.locale.translation and of the language's module, and the digits in force, with the notes the translation
adds (its review state).
"""

from __future__ import annotations

import marshal
import os
import sys
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lipcare import __version__
from lipcare.protocol import types as protocol_types
from lipcare.protocol.types import Protocol, default_protocol_path

if TYPE_CHECKING:
    from lipcare.locale import Locale

CACHE_NAME = "protocol.cache"
_TAG = "\x00"
_INVALID = _TAG + "invalid"
"""The first item of a cached verdict that the protocol is invalid: [_INVALID, language, the error's message]."""
_Key = tuple[object, ...]
_SOURCES = ("types.py", "load.py", "validate.py", "locate.py", "fill.py", "consistency.py")
"""The modules of lipcare.protocol whose source decides what a checked protocol is: an edit to any of them
changes the key. Named, not imported: a cache hit must not load the validator."""


def load_protocol_cached(path: Path | None, *, chosen_by: str, cache_dir: Path | None) -> Protocol:
    """`load_protocol(path, chosen_by=...)`, served from the cache in `cache_dir` when it is current
    (None: a folder lipcare refuses, so the protocol is checked from its files and nothing is written)."""
    from lipcare.errors import ProtocolError
    from lipcare.locale import current

    if cache_dir is None:
        return load_protocol(path, chosen_by=chosen_by)
    key = _key(path, chosen_by)
    cache = cache_dir / CACHE_NAME
    if key is not None:
        payload = _read_payload(cache, key)
        # An invalid protocol's verdict is kept too, so that a broken file (a megabyte of problems) is not
        # checked again by every command; it is said in the language it was found in, or checked again.
        if isinstance(payload, list) and len(payload) == 3 and payload[0] == _INVALID:
            if payload[1] == current().code and isinstance(payload[2], str):
                raise ProtocolError(payload[2])
        else:
            cached = _protocol(payload)
            if cached is not None:
                return cached
    try:
        protocol = load_protocol(path, chosen_by=chosen_by)
    except ProtocolError as error:
        if key is not None:
            _write_payload(cache, key, [_INVALID, current().code, error.shown()])
        raise
    if key is not None:
        _write(cache, key, protocol)
    return protocol


def load_protocol(path: Path | None, *, chosen_by: str) -> Protocol:
    """The protocol read and checked from its files (lipcare.protocol.load, imported only on a miss)."""
    from lipcare.protocol.load import load_protocol as read_and_check

    return read_and_check(path, chosen_by=chosen_by)


def _key(path: Path | None, chosen_by: str) -> _Key | None:
    package = Path(protocol_types.__file__).parent
    files = [default_protocol_path(), *(package / name for name in _SOURCES)]
    if path is not None:
        files.append(path)
    stats: list[object] = []
    for file in files:
        try:
            stat = file.stat()
        except (OSError, ValueError):
            return None  # let the loader report it
        stats.append((str(file), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
    return (__version__, sys.version, str(path) if path is not None else "", chosen_by, tuple(stats))


def load_translated_cached(path: Path | None, *, chosen_by: str, locale: Locale, cache_dir: Path | None) -> Protocol:
    """`lipcare.locale.translation.translated_protocol` of the protocol at `path` in the language of `locale`,
    served from protocol.LANG.cache when it is current; the notes it adds to the locale are restored too."""
    from lipcare.locale import translation

    if cache_dir is None:
        return translation.translated_protocol(load_protocol(path, chosen_by=chosen_by), locale, path)
    key = _translated_key(path, chosen_by, locale)
    cache = cache_dir / f"protocol.{locale.code}.cache"
    if key is not None:
        payload = _read_payload(cache, key)
        try:
            stored, notes = payload
            protocol = _rebuild(stored, _types())
            if isinstance(protocol, Protocol) and all(isinstance(note, str) for note in notes):
                locale.notes.extend(notes)
                return protocol
        except Exception:  # no cache, or a damaged one: a miss
            pass
    english = load_protocol_cached(path, chosen_by=chosen_by, cache_dir=cache_dir)
    before = len(locale.notes)
    protocol = translation.translated_protocol(english, locale, path)
    if key is not None:
        _write(cache, key, protocol, notes=list(locale.notes[before:]))
    return protocol


def _translated_key(path: Path | None, chosen_by: str, locale: Locale) -> _Key | None:
    from lipcare.locale import catalogue, translation

    key = _key(path, chosen_by)
    if key is None:
        return None
    language = locale.code
    files = [
        *translation.translation_files(language, path),
        catalogue.data_file(f"messages.{language}.toml"),
        Path(translation.__file__),
        Path(str(locale.language.__file__)),  # how the language says its dates, weeks and numbers
    ]
    stats: list[object] = []
    for file in files:
        try:
            stat = file.stat()
        except FileNotFoundError:
            stats.append((str(file), None))  # absent: its appearing later changes the key
            continue
        except (OSError, ValueError):
            return None
        stats.append((str(file), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
    return (*key, language, locale.digits is not None, tuple(stats))


def _protocol(payload: Any) -> Protocol | None:
    try:
        protocol = _rebuild(payload, _types())
    except Exception:  # a damaged or foreign cache is a miss, whatever is wrong with it
        return None
    return protocol if isinstance(protocol, Protocol) else None


def _read_payload(cache: Path, key: _Key) -> Any:
    """The payload stored under `key`, or None (no cache, another key, untrusted or damaged)."""
    try:
        fd = os.open(cache, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as file:
            stat = os.fstat(file.fileno())
            if not _trusted(stat):
                return None
            stored_key, payload = marshal.loads(file.read())
            return payload if stored_key == key else None
    except Exception:  # a damaged or foreign cache is a miss, whatever is wrong with it
        return None


def _trusted(stat: os.stat_result) -> bool:
    import stat as stat_module

    if not stat_module.S_ISREG(stat.st_mode):
        return False
    if hasattr(os, "getuid") and stat.st_uid != os.getuid():
        return False
    return not stat.st_mode & 0o022


def _write(cache: Path, key: _Key, protocol: Protocol, notes: list[str] | None = None) -> None:
    try:
        payload = _plain(protocol) if notes is None else (_plain(protocol), notes)
    except (TypeError, ValueError):
        return  # a value the cache cannot hold: simply not cached
    _write_payload(cache, key, payload)


def _write_payload(cache: Path, key: _Key, payload: Any) -> None:
    try:
        record: Any = (key, payload)
        data = marshal.dumps(record)
    except (TypeError, ValueError):
        return  # a value the cache cannot hold: simply not cached
    import tempfile

    from lipcare.errors import LipcareError
    from lipcare.paths import ensure_private_dir

    try:
        ensure_private_dir(cache.parent)
        fd, temporary = tempfile.mkstemp(prefix=".protocol-", suffix=".tmp", dir=cache.parent)
    except (OSError, LipcareError):
        return
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        Path(temporary).replace(cache)
    except OSError:
        pass
    finally:
        Path(temporary).unlink(missing_ok=True)


def _types() -> dict[str, type]:
    """The NamedTuple classes a protocol is made of, by name."""
    return {
        name: value
        for name, value in vars(protocol_types).items()
        if isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields")
    }


def _plain(value: Any) -> Any:
    """Nested NamedTuples, tuples, dicts, times and scalars as values marshal can write."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return (_TAG + type(value).__name__, *(_plain(item) for item in value))
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, time):
        return (_TAG + "time", value.hour, value.minute, value.second)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot cache {type(value).__name__}")


_NESTED = frozenset({tuple, list, dict})
"""What `_plain` makes of a record, a tuple and a dict; anything else is stored as itself."""
_TIME = _TAG + "time"


def _rebuild(value: Any, types: dict[str, type]) -> Any:
    """What `_plain` stored, as it was. Every command served from the cache runs this over the whole protocol
    (some 1,300 values), so values that hold nothing nested (most records, every list of texts) are taken as
    they are, found by one pass in C (`isdisjoint` over their types), and a record is made with `tuple.__new__`
    once its number of values is checked (a record's own constructor would fill defaults and accept keywords,
    which a stored record never needs)."""
    kind = type(value)
    if kind is tuple:
        name = value[0]
        items = value[1:]
        if not _NESTED.isdisjoint(map(type, items)):
            items = tuple([_rebuild(item, types) if type(item) in _NESTED else item for item in items])
        if name == _TIME:
            return time(*items)
        record = types[name[1:]]
        if len(items) != len(record._fields):  # type: ignore[attr-defined]
            raise ValueError(f"{record.__name__} stored with {len(items)} values")
        return tuple.__new__(record, items)
    if kind is list:
        if _NESTED.isdisjoint(map(type, value)):
            return tuple(value)
        return tuple([_rebuild(item, types) if type(item) in _NESTED else item for item in value])
    if kind is dict:
        return {key: _rebuild(item, types) if type(item) in _NESTED else item for key, item in value.items()}
    return value
