"""`lipcare protocol init`: the default protocol written out as a clinic's commented starting file.

The file is built from data: the shipped default parsed with tomllib, its id and name set to a clinic's,
and every value written back as TOML in the default's own order, with the header and the comments kept
in data/starter.toml (each above the table or key it names). Writing is deterministic and lossless:
reading the result back gives the default's values exactly (tests/test_protocol_cli.py).
"""

import re
from pathlib import Path
from typing import Any

from lipcare.protocol.types import default_protocol_path

STARTER_NAME = "starter.toml"
"""The header and comments of the starting file, beside the default protocol in data/."""
STARTER_ID = "my-clinic"
STARTER_TITLE = "My clinic's aftercare protocol"
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def starter_protocol() -> str:
    """The default protocol as a commented starting point for a clinic's own file."""
    import tomllib

    default = tomllib.loads(default_protocol_path().read_text(encoding="utf-8-sig"))
    starter = tomllib.loads(starter_path().read_text(encoding="utf-8"))
    default["protocol"] = {**default["protocol"], "id": STARTER_ID, "name": STARTER_TITLE}
    return to_toml(default, starter["header"], starter["comments"])


def starter_path() -> Path:
    return default_protocol_path().with_name(STARTER_NAME)


def to_toml(data: dict[str, Any], header: str, comments: dict[str, str]) -> str:
    """`data` as TOML text: `header` first, then each table in order with `comments[path]` above the table
    or key at that path (list items share their list's path, and its comment is written once)."""
    lines = [f"# {line}".rstrip() for line in header.strip("\n").splitlines()] + [""]
    _Writer(lines, comments).table(data, ())
    return "\n".join(lines) + "\n"


class _Writer:
    def __init__(self, lines: list[str], comments: dict[str, str]) -> None:
        self.lines = lines
        self.comments = comments
        self.pending: list[str] = []
        self.written: set[str] = set()

    def comment(self, path: tuple[str, ...]) -> None:
        """Queue the comment for `path`, once; it is written above the next key or header."""
        key = ".".join(path)
        if key in self.comments and key not in self.written:
            self.written.add(key)
            self.pending.extend(f"# {line}".rstrip() for line in self.comments[key].strip("\n").splitlines())

    def emit(self, line: str, *, blank: bool = False) -> None:
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines.extend(self.pending)
        self.pending.clear()
        self.lines.append(line)

    def table(self, data: dict[str, Any], path: tuple[str, ...], header: str = "") -> None:
        scalars = {key: value for key, value in data.items() if not _is_table(value) and not _is_table_list(value)}
        if header or scalars:
            if header:
                self.emit(header, blank=True)
            for key, value in scalars.items():
                self.comment((*path, key))
                self.emit(f"{_key(key)} = {_value(value)}")
        for key, value in data.items():
            inner = (*path, key)
            if _is_table(value):
                self.comment(inner)
                has_scalars = any(not _is_table(v) and not _is_table_list(v) for v in value.values())
                self.table(value, inner, f"[{_dotted(inner)}]" if has_scalars or not value else "")
            elif _is_table_list(value):
                self.comment(inner)
                for item in value:
                    self.table(item, inner, f"[[{_dotted(inner)}]]")


def _is_table(value: Any) -> bool:
    return isinstance(value, dict)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _dotted(path: tuple[str, ...]) -> str:
    return ".".join(_key(part) for part in path)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"the starting protocol cannot hold {type(value).__name__}")  # only what the default uses


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped, everything else as it is."""
    escaped = "".join(
        _ESCAPES.get(char, f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char) for char in text
    )
    return f'"{escaped}"'
