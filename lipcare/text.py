"""Small helpers for the sentences lipcare builds around outside text (notes, settings, protocols)."""

from __future__ import annotations

import re

#: Bidirectional embedding, override and isolate controls: they reorder how text is shown.
BIDI_CONTROLS = frozenset(chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
#: C0, DEL, C1 and the bidi controls: never shown raw, whoever wrote the text.
UNSAFE = frozenset(chr(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]) | BIDI_CONTROLS


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_ESCAPE_ALL = {ord(char): _escaped(char) for char in UNSAFE}
_KEEP_LINES = {code: text for code, text in _ESCAPE_ALL.items() if code != ord("\n")}
_UNSAFE_PATTERN = re.compile("[" + "".join(re.escape(char) for char in sorted(UNSAFE)) + "]")


def inert(text: str, *, keep_lines: bool = False) -> str:
    """`text` with every control character (C0, DEL, C1) and bidi control escaped, readably:
    ESC becomes `\\x1b`, RIGHT-TO-LEFT OVERRIDE `\\u202e`. With `keep_lines`, line breaks stay."""
    return text.translate(_KEEP_LINES if keep_lines else _ESCAPE_ALL)


# JSON keeps every character, but DEL, C1 and bidi controls are written as \\u escapes, which mean
# the same to a JSON reader and cannot act on a terminal (json already escapes C0).
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in map(ord, UNSAFE) if code >= 0x7F}


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls as \\u escapes: the same data, inert on a terminal."""
    return text.translate(_JSON_ESCAPES)


def first_unsafe(text: str, *, allow: str = "") -> str | None:
    """The first control or bidi character in `text` that is not in `allow`, or None."""
    for match in _UNSAFE_PATTERN.finditer(text):
        if match.group() not in allow:
            return match.group()
    return None


def printable(text: str) -> str:
    """`text` on one line, with control and bidi characters escaped (see `inert`)."""
    return inert(text)


def plural(count: int, word: str) -> str:
    """'1 day', '2 days'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
