"""Finding the shipped protocol, reading TOML and merging a clinic's file over the default.

`load_protocol` reads a file, checks all of it, and either returns a frozen
`Protocol` or raises `ProtocolError` listing every problem found, each naming
the file, the key and what was expected. Nothing half-valid is ever returned.
The checks themselves are in `lipcare.protocol.validate`, imported only when a
file is checked.
"""

import re
from pathlib import Path
from typing import Any

from lipcare.errors import Message, ProtocolError
from lipcare.protocol.types import (
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    MAX_PROBLEMS,
    Checked,
    Problem,
    Protocol,
    default_protocol_path,
)
from lipcare.text import inert, plural, printable


def load_protocol(path: Path | None = None, *, chosen_by: str = "") -> Protocol:
    """Load and validate a protocol: the shipped default, or `path` over it.

    Raises ProtocolError with the first problem and how to see them all.
    """
    checked = check_protocol(path, chosen_by=chosen_by)
    if checked.protocol is None:
        count = len(checked.problems) + checked.more
        more = Message(" ({count} in all)", count=plural(count, "problem")) if count > 1 else ""
        if path is None:  # only a damaged installation gets here
            raise ProtocolError(
                "invalid protocol: {problem}{more}.", problem=checked.problems[0].as_message(), more=more
            )
        # Said to a patient whose clinic's file broke: nothing is advised from it, and how to go on.
        from lipcare.protocol.types import BY_SETTINGS

        back = {
            BY_SETTINGS: Message("meanwhile 'lipcare settings unset protocol' goes back to lipcare's default"),
            "LIPCARE_PROTOCOL": Message("meanwhile unset LIPCARE_PROTOCOL to go back to lipcare's default"),
        }.get(chosen_by, Message("meanwhile leave out --protocol to use lipcare's default"))
        raise ProtocolError(
            "the protocol file {file} cannot be used, so nothing is advised from it: {problem}{more}. "
            "Ask whoever gave it to you for a corrected file ('lipcare protocol check {file}' lists every "
            "problem); {back}.",
            file=printable(str(path)),
            problem=checked.problems[0].as_message(),
            more=more,
            back=back,
        )
    return checked.protocol


def check_protocol(path: Path | None = None, *, chosen_by: str = "") -> Checked:
    """Check a protocol file, reporting every problem at once.

    A clinic's file may be partial: tables are merged key by key over the
    default protocol, lists of tables ([[course]], [[warning_signs]],
    [[info]]) replace the default list whole, and [[sources]] are added to the
    default sources (an entry with the same id replaces the default one).
    """
    from lipcare.protocol.validate import _Reader

    default_file = default_protocol_path()
    default_data, default_raw, problems = _read_toml(default_file)
    if default_data is None:  # only a broken installation gets here
        return Checked(None, problems, [])
    given: dict[str, Any] | None = None  # the clinic's own file, before the merge
    if path is None:
        data, raw, defaulted, name = default_data, default_raw, [], printable(str(default_file))
    else:
        user_data, raw, problems = _read_toml(path)
        if user_data is None:
            return Checked(None, problems, [])
        given = user_data
        name = printable(str(path))
        data = _merge(default_data, user_data)
        if "course" not in user_data:
            data["course"] = _restating(data)
        defaulted = _missing(default_data, user_data, "")
        if "format" not in user_data:
            problems = [
                Problem(
                    name,
                    "format",
                    Message("missing: a protocol file starts with format = {version}", version=str(FORMAT_VERSION)),
                )
            ]
    reader = _Reader(name, raw)
    reader.problems.extend(problems)
    unknown = _unknown(default_data, given, "") if given is not None else []
    for key, message in (_unknown_message(*item) for item in unknown[:MAX_PROBLEMS]):
        reader.problem(key, message)
    protocol = reader.protocol(data)
    if reader.problems:
        # At most MAX_PROBLEMS are named (a file of 100,000 unknown keys is not listed key by key); the
        # rest are counted.
        in_file_order = sorted(reader.problems, key=lambda problem: problem.line or 0)
        more = max(0, len(in_file_order) - MAX_PROBLEMS) + max(0, len(unknown) - MAX_PROBLEMS)
        return Checked(None, in_file_order[:MAX_PROBLEMS], defaulted, more=more)
    origin = name if not chosen_by else f"{name} ({chosen_by})"
    return Checked(protocol._replace(origin=origin), [], defaulted, tuple(reader.warnings(protocol)))


def _read_toml(file: Path, what: str = "protocol file") -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """Read a TOML file lipcare is given (a protocol, or its translation: `what`), guarded: a FIFO or device
    is refused without waiting, at most MAX_FILE_BYTES are read, and deep nesting or a huge number is a
    problem, not a crash."""
    import os
    import stat
    import tomllib

    name = printable(str(file))
    if "\x00" in str(file):
        return None, "", [Problem(name, "", Message("no such file (a file name cannot contain a NUL character)"))]
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below like a device.
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None, "", [Problem(name, "", NO_SUCH_FILE)]
    except IsADirectoryError:
        return None, "", [Problem(name, "", _folder(what))]
    except PermissionError:
        return None, "", [Problem(name, "", Message("permission denied"))]
    except OSError as error:
        return None, "", [Problem(name, "", Message("cannot be read ({reason})", reason=str(error.strerror or error)))]
    try:
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if stat.S_ISDIR(mode):
                return None, "", [Problem(name, "", _folder(what))]
            if not stat.S_ISREG(mode):
                return None, "", [Problem(name, "", Message("is not a regular file (a device, pipe or socket)"))]
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, "", [Problem(name, "", Message("cannot be read ({reason})", reason=str(error.strerror or error)))]
    if len(data) > MAX_FILE_BYTES:
        too_large = (
            Message("is too large: a translation file may be at most {most} bytes", most=MAX_FILE_BYTES)
            if what == TRANSLATION
            else Message("is too large: a protocol file may be at most {most} bytes", most=MAX_FILE_BYTES)
        )
        return None, "", [Problem(name, "", too_large)]
    try:
        raw = data.decode("utf-8-sig")  # a byte order mark, as some editors write, is accepted
    except UnicodeDecodeError:
        return None, "", [Problem(name, "", Message("is not UTF-8 text"))]
    try:
        return tomllib.loads(raw), raw, []
    except tomllib.TOMLDecodeError as error:
        mistake, line = _toml_mistake(raw, str(error))
        return None, raw, [Problem(name, "", mistake, line)]
    except RecursionError:
        return None, raw, [Problem(name, "", Message("is nested too deeply (lists or tables inside each other)"))]
    except ValueError:  # Python refuses to read integers of more than 4300 digits
        return None, raw, [Problem(name, "", Message("contains a number too long to read"))]


NO_SUCH_FILE = Message("no such file")
TRANSLATION = "translation file"
"""`_read_toml`'s `what` for a translation file."""


def _folder(what: str) -> Message:
    if what == TRANSLATION:
        return Message("is a directory, not a translation file")
    return Message("is a directory, not a protocol file")


def _merge(default: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(default)
    for key, value in override.items():
        base = default.get(key)
        if isinstance(base, dict) and isinstance(value, dict):
            merged[key] = _merge(base, value)
        elif key == "sources" and isinstance(base, list) and isinstance(value, list):
            ids = {item.get("id") for item in value if isinstance(item, dict)}
            merged[key] = [item for item in base if item.get("id") not in ids] + value
        else:
            merged[key] = value
    return merged


def _restating(data: dict[str, Any]) -> Any:
    """The default's [[course]] under a clinic's values: an item that restates one of them (the redness item's
    last day is the redness window: lipcare.protocol.consistency.RESTATED) follows the clinic's value, so a
    window of 42 days does not leave 'Redness, days 0-28' beside it."""
    from lipcare.protocol.consistency import RESTATED

    course = data.get("course")
    if not isinstance(course, list):
        return course
    followed = []
    for item in course:
        name = RESTATED.get(str(item.get("key"))) if isinstance(item, dict) else None
        if name is not None:
            table, key = name.split(".")
            value = data.get(table, {}).get(key) if isinstance(data.get(table), dict) else None
            first = item.get("first_day", 0)
            # A value the check refuses (-1) is left to it: the problem is reported where it is written.
            if isinstance(value, int) and not isinstance(value, bool) and isinstance(first, int) and first <= value:
                item = {**item, "last_day": min(value, 3650)}
        followed.append(item)
    return followed


def _missing(default: dict[str, Any], override: dict[str, Any], path: str) -> list[str]:
    from lipcare.protocol.validate import _join

    missing = []
    for key, value in default.items():
        where = _join(path, key)
        if key not in override:
            missing.append(where)
        elif isinstance(value, dict) and isinstance(override[key], dict):
            missing.extend(_missing(value, override[key], where))
    return missing


def _unknown_message(where: str, key: str, allowed: list[str], table: str | Message) -> tuple[str, Message]:
    import difflib

    close = difflib.get_close_matches(key, allowed, n=1)
    hint = Message("did you mean {match}? ", match=close[0]) if close else ""
    return where, Message("unknown key; {hint}{table} may have {keys}", hint=hint, table=table, keys=", ".join(allowed))


def _unknown(
    default: dict[str, Any], given: dict[str, Any], path: str, label: str | Message = ""
) -> list[tuple[str, str, list[str], str | Message]]:
    """Keys of a clinic's file that the protocol does not have (a typo such as `phne` would otherwise be
    ignored, and the default kept without a word). The keys a table may have are the default's; the items
    of a list of tables may have any key of the default's items. A clinic's own scales under [checkin]
    are checked by the validator, which knows their keys."""
    from lipcare.protocol.types import CHECKIN_TABLES
    from lipcare.protocol.validate import _join

    found = []
    for key, value in given.items():
        where = _join(path, key)
        if path == "checkin" and key not in CHECKIN_TABLES:
            continue  # a scale, built-in or the clinic's own
        if key not in default:
            table = label or (f"[{path}]" if path else Message("a protocol file"))
            found.append((where, key, list(default), table))
            continue
        base = default[key]
        if isinstance(base, dict) and isinstance(value, dict):
            found.extend(_unknown(base, value, where))
        elif isinstance(base, list) and isinstance(value, list) and base and all(isinstance(i, dict) for i in base):
            model = _item_model(base)
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    found.extend(
                        _unknown(model, item, f"{where}[{index}]", Message("an item of [[{table}]]", table=where))
                    )
    return found


def _item_model(items: list[dict[str, Any]]) -> dict[str, Any]:
    """What an item of a list of tables may hold: every key of the default's items (lists joined)."""
    model: dict[str, Any] = {}
    for item in items:
        for key, value in item.items():
            if isinstance(value, list) and isinstance(model.get(key), list):
                model[key] = model[key] + value
            else:
                model.setdefault(key, value)
    return model


def _toml_mistake(raw: str, said: str) -> tuple[Message, int | None]:
    """What is wrong with a file tomllib cannot read, said so that a clinic's staff can put it right, and its line.
    The routine mistakes are read from the line itself (text without quotes, a number with a leading 0 or spaces,
    a missing closing quote, curly quotes); the parser's other messages are mapped; anything else is the parser's
    own English, marked as its words."""
    match = re.search(r"\(at line (\d+), column (\d+)\)$", said)
    lines = raw.splitlines()
    if match is not None:
        line, column = int(match.group(1)), int(match.group(2))
    else:  # "at end of document": an unclosed string or list; its line is the last that opens one
        line = next((number for number in range(len(lines), 0, -1) if _opens(lines[number - 1])), 0)
        column = len(lines[line - 1]) + 1 if line else 0
    text = lines[line - 1] if 0 < line <= len(lines) and len(lines[line - 1]) <= 2000 else ""
    pair = re.match(r"""\s*([A-Za-z0-9_.\-"' ]+?)\s*=\s*(.*?)\s*$""", text)
    if pair is not None and column > text.index("=") + 1:
        key, value = pair.group(1), pair.group(2)
        hint = _value_mistake(key, value)
        if hint is not None:
            return hint, line or None
    reason = said.rsplit(" (at ", 1)[0]
    for start, message in _PARSER_SAYS:
        if reason.startswith(start):
            return message, line or None
    words = Message("in the TOML parser's words: {said}", said=inert(said))
    return Message("is not valid TOML: {error}", error=words), line or None


def _opens(line: str) -> bool:
    """Whether a line opens a string or a list it does not close."""
    value = line.partition("=")[2].strip() if "=" in line else ""
    if value.startswith(('"', "'")):
        quote = value[0]
        return len(re.sub(r"\\.", "", value[1:]).split(quote)) < 2
    return value.startswith("[") and value.count("[") > value.count("]")


def _value_mistake(key: str, value: str) -> Message | None:
    """A routine mistake in the value of `key = value`, with the line as it should be."""
    shown = value if len(value) <= 60 else value[:57] + "..."

    def fixed(text: str) -> str:
        return inert(f"{key} = {text}")

    if value[:1] in "\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019":
        inner = value.strip("\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019 ")
        return Message('use straight double quotes ("), not curly ones: {fixed}', fixed=fixed(f'"{inner[:57]}"'))
    if value.startswith('"') and not value.startswith('"""'):
        body = re.sub(r"\\.", "", value[1:])
        if '"' not in body:
            return Message(
                "this text has no closing double quote: end it on the same line: {fixed}", fixed=fixed(f'{shown}"')
            )
        return None
    if value.startswith("'") and "'" not in value[1:]:
        return Message("this text has no closing quote: end it on the same line: {fixed}", fixed=fixed(f"{shown}'"))
    if re.fullmatch(r"\+?[0-9][0-9 ()\-]*[0-9]", value) and (
        re.match(r"\+?0[0-9]", value) or " " in value or value.startswith("+")
    ):
        return Message(
            "a number cannot start with 0 or hold spaces; a phone number is text, so put it in double quotes: {fixed}",
            fixed=fixed(f'"{shown}"'),
        )
    text = value.split(" #")[0].strip()
    if re.match(r"[^\W_]", text):  # a letter or digit of any script: words meant as text
        import tomllib

        try:
            tomllib.loads(f"value = {text}")
        except ValueError:  # not a value on its own: words, "9 to 5", a date TOML does not have
            return Message("put text in double quotes: {fixed}", fixed=fixed(f'"{text[:60]}"'))
    return None


_PARSER_SAYS = (
    ("Cannot overwrite a value", Message("this key is given twice in its table; keep one")),
    ("Cannot declare", Message("this table is given twice; keep one [table] line and put its keys under it")),
    ("Expected ']' at the end of a table", Message("a table's name ends with ], as in [clinic]")),
    ("Expected ']]' at the end of an array", Message("a list item's table ends with ]], as in [[course]]")),
    (
        "Expected newline or end of document",
        Message("only a comment starting with # may follow a value on its line; put text with spaces in double quotes"),
    ),
    ("Unclosed array", Message('a list ends with ], as in times = ["08:00", "20:00"]')),
    (
        "Expected '=' after a key",
        Message("each line is key = value (text in double quotes), a [table], or a comment starting with #"),
    ),
    (
        "Invalid statement",
        Message("each line is key = value (text in double quotes), a [table], or a comment starting with #"),
    ),
)
"""The parser's other messages, said as what to do (tomllib's own words, in Python 3.11 to 3.14)."""
