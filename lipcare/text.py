"""Small helpers for the sentences lipcare builds around outside text (notes, settings, protocols).

`_`, `num`, `plural` and `digits_in` say things in the language of the run: lipcare.locale.current(), English
unless the root command chose another (lipcare.locale.choose), so English costs one context-variable read per
call and no file is opened.
"""

import codecs
import contextlib
import re
from datetime import date
from functools import cache
from typing import Literal

from lipcare.locale import current


def _(message: str) -> str:
    """The interface string `message` (English, the catalogue's key) in the language of the run."""
    return current().gettext(message)


def num(value: object) -> str:
    """A number (or a time like 08:00) written with the digits of the run's language."""
    return current().num(value)


def digits_in(text: str) -> str:
    """`text` built around numbers (a check-in's reasons) with the run's digits, except in Latin codes (CO2)."""
    return current().digits_in(text)


def iso(day: date) -> str:
    """An ISO date ('2026-11-01') put in a sentence: kept in its order in a right-to-left language."""
    return current().iso(day)


def plural(count: int, word: str) -> str:
    """'1 day', '2 days'; in another language, the catalogue's form of `word` for `count`."""
    return current().plural(count, word)


#: Bidirectional embedding, override and isolate controls, and the bidi marks (ALM, LRM, RLM): they reorder how
#: text is shown ("38<RLM>.<RLM>5" shows as "385." after Arabic). lipcare's own LRM (around an ISO date in
#: Arabic) is added after escaping. The one table: lipcare.locale.translation refuses the same characters in
#: translations.
BIDI_CONTROLS = frozenset(
    chr(code) for code in [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
#: Invisible characters that split or join what is shown without a trace: zero width space, word joiner, zero
#: width no-break space (a byte order mark). ZWNJ and ZWJ (U+200C, U+200D) shape Arabic, Persian and emoji,
#: and are allowed.
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff")
#: Two or more ZERO WIDTH JOINERs in a row join nothing (a joiner stands between the two characters it joins), and
#: Rich cannot lay such a run out at narrow widths (rich 15 raises IndexError or ZeroDivisionError once a line
#: starts with one): escaped in outside text (and by the terminal's console before Rich wraps any text), refused in
#: a protocol and a translation, as the invisible characters above are. A single joiner, as emoji and Arabic use
#: it, is kept.
JOINER_RUN = "\u200d\u200d"
JOINER_RUNS = "\u200d{2,}"
"""The pattern of every such run, however long."""
#: The line and paragraph separators, which break a line as a line feed does (a calendar drops an event whose
#: title has one).
SEPARATORS = frozenset("\u2028\u2029")
#: C0, DEL, C1, the bidi controls and marks, zero-width characters and the Unicode line separators: never shown
#: raw, whoever wrote the text.
UNSAFE = (
    frozenset(chr(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]) | BIDI_CONTROLS | ZERO_WIDTH | SEPARATORS
)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


MARKS = frozenset("\u061c\u200e\u200f")
"""The bidi marks ALM, LRM and RLM: in UNSAFE, so refused in a protocol, a translation and escaped in outside
text (`inert(..., marks=True)`: notes, clinic details, CSV cells); lipcare's own Arabic messages and dates carry
LRM, so escaping a whole line of lipcare's output (the terminal's safety net) leaves them."""

Escapes = Literal["outside", "ours", "json"]


@cache
def _escapes(kind: Escapes) -> dict[int, str]:
    """str.translate's table for `kind`: "outside" (every unsafe character), "ours" (the bidi marks kept) or "json"
    (DEL, C1 and bidi controls as JSON's \\u escapes). Made the first time a text needs one: most runs escape
    nothing, and the three tables cost more to build than the rest of this module."""
    if kind == "json":
        return {code: f"\\u{code:04x}" for code in map(ord, UNSAFE) if code >= 0x7F}
    return {ord(char): _escaped(char) for char in (UNSAFE if kind == "outside" else UNSAFE - MARKS)}


_LATIN_RUN = r"(?:--?|\[|\.{0,2}/|~/?|\+)?[A-Za-z0-9](?:[^\u0600-\u06ff\u200e\u200f\u2066-\u2069\n]*[A-Za-z0-9\])\"'])?"
"""A left-to-right run in right-to-left text (ltr_runs): compiled the first time a right-to-left line needs it
(re caches it), not when English output starts."""


def ltr_runs(text: str, *, leading: bool = True) -> str:
    """`text` (a line lipcare prints, in a right-to-left language written in logical order) with each left-to-right
    run between the isolates LRI and PDI: from a Latin letter or digit (an option's dashes, a footnote's bracket,
    a path's / or ~/, a + before it) to the last one before an Arabic letter or the line's end, with what is
    between, so that a time, a code such as mayo-expect, a file name, --pain or a command keeps its order and
    its punctuation on a terminal that does bidi. Text with an isolate already (a phone, or a line isolated once)
    is returned as it is (the same object). Without `leading`, a run that starts the line is left bare: it sets
    the line's direction, and a program reads it as written (protocol check's file:line, an editor's link)."""
    if "\u2066" in text or not any(char.isascii() and char.isalnum() for char in text):
        return text
    latin_run = re.compile(_LATIN_RUN)
    first = latin_run.search(text)
    if not leading and first is not None and not text[: first.start()].strip():
        return text[: first.end()] + latin_run.sub(_isolated_run, text[first.end() :])
    return latin_run.sub(_isolated_run, text)


def _isolated_run(found: re.Match[str]) -> str:
    """A run between LRI and PDI; a closing bracket or quote it does not open, and spaces at its end, stay
    outside it."""
    run, outside = found[0], ""
    while (run[-1] in ")]" and run.count(run[-1]) > run.count("(" if run[-1] == ")" else "[")) or (
        run[-1] in "\"'" and run.count(run[-1]) % 2
    ):
        run, outside = run[:-1], run[-1] + outside
    core = run.rstrip()
    return f"\u2066{core}\u2069{run[len(core) :]}{outside}"


def inert(text: str, *, keep_lines: bool = False, marks: bool = False) -> str:
    """`text` with every control character (C0, DEL, C1), bidi control, zero-width character and line
    separator escaped, readably: ESC becomes `\\x1b`, RIGHT-TO-LEFT OVERRIDE `\\u202e`. With `keep_lines`,
    line breaks stay; with `marks`, the bidi marks are escaped too (outside text only: see MARKS)."""
    kind: Escapes = "outside" if marks else "ours"
    if keep_lines:
        return _escape_lines(text, kind)
    return text if text.isprintable() else _joiner_runs(text.translate(_escapes(kind)))


def _joiner_runs(text: str) -> str:
    """`text` with every run of JOINER_RUN's joiners escaped (an escaped text has no other raw invisible run)."""
    if JOINER_RUN not in text:
        return text
    return re.sub(JOINER_RUNS, lambda run: _escaped("\u200d") * len(run.group()), text)


def _escape_lines(text: str, kind: Escapes) -> str:
    """`text.translate(_escapes(kind))` with its line breaks kept, quickly when most lines need nothing.

    Every unsafe character is outside Unicode's printable set (they are all of category Cc or Cf), so a
    line that `str.isprintable` accepts has none: the C check replaces a table look-up per character,
    which cost a millisecond for one page of JSON. Most texts have nothing to escape on any line: one check of
    the whole text (its line breaks aside) then returns it as it is."""
    if text.replace("\n", " ").isprintable():
        return text
    table = _escapes(kind)
    escaped = "\n".join(line if line.isprintable() else line.translate(table) for line in text.split("\n"))
    return escaped if kind == "json" else _joiner_runs(escaped)


# JSON keeps every character, but DEL, C1 and bidi controls are written as \\u escapes, which mean
# the same to a JSON reader and cannot act on a terminal (json already escapes C0).


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls as \\u escapes: the same data, inert on a terminal."""
    return _escape_lines(text, "json")


def first_unsafe(text: str, *, allow: str = "") -> str | None:
    """The first control or bidi character in `text` that is not in `allow`, or JOINER_RUN where two joiners in a
    row come first; None when there is neither."""
    found = next((char for char in text if char in UNSAFE and char not in allow), None)
    if JOINER_RUN in text and "\u200d" not in allow and (found is None or text.index(JOINER_RUN) < text.index(found)):
        return JOINER_RUN
    return found


def undecodable(text: str) -> bool:
    """True when `text` holds bytes that were not UTF-8 (Python keeps them as lone surrogates):
    such text cannot be stored in the journal or written to a UTF-8 file."""
    return any("\ud800" <= char <= "\udfff" for char in text)


def printable(text: str) -> str:
    """`text` on one line, with control and bidi characters escaped (see `inert`)."""
    return inert(text)


# --- any output encoding --------------------------------------------------------------
#
# A patient's terminal may not speak UTF-8 (PYTHONIOENCODING=ascii, a latin-1 locale, an
# old Windows console). Advice must still reach them, so what cannot be encoded is spelled
# in plain characters instead of stopping the command.

ERRORS = "lipcare-plain"
"""The codec error handler that spells characters an output encoding lacks in ASCII."""

PLAIN = {
    "\u00b0": "deg",  # degree sign
    "\u00b7": "-",  # middle dot
    "\u2022": "*",  # bullet
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2011": "-",  # non-breaking hyphen
    "\u2212": "-",  # minus sign
    "\u2026": "...",  # horizontal ellipsis
    "\u2192": "->",  # rightwards arrow
    "\u2190": "<-",  # leftwards arrow
    "\u2265": ">=",  # greater-than or equal to
    "\u2264": "<=",  # less-than or equal to
    "\u00d7": "x",  # multiplication sign
    "\u2018": "'",  # left single quotation mark
    "\u2019": "'",  # right single quotation mark
    "\u201c": '"',  # left double quotation mark
    "\u201d": '"',  # right double quotation mark
    "\u00a0": " ",  # no-break space
    "\u2588": "#",  # full block
    "\u2581": "_",  # lower one eighth block
    "\u2502": "|",  # box drawings light vertical
    "\u2506": ":",  # box drawings light triple dash vertical
    "\u2500": "-",  # box drawings light horizontal
    "\u2514": "+",  # box drawings light up and right
}


def spell(char: str, following: str = "") -> str:
    """`char` in ASCII: a known substitute, the letter without its accent, or '?'."""
    if char in PLAIN:
        word = PLAIN[char]
        # "38 °C" reads "38 deg C", not "38 degC".
        return word + " " if char == "°" and following.isalpha() else word
    if "\u2500" <= char <= "\u257f":  # box drawing: corners and joints become '+'
        return "+"
    import unicodedata

    bare = "".join(part for part in unicodedata.normalize("NFKD", char) if part.isascii() and part.isprintable())
    return bare or "?"


def _plain_errors(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object
    spelled = [spell(text[i], text[i + 1 : i + 2]) for i in range(error.start, error.end)]
    return "".join(spelled), error.end


codecs.register_error(ERRORS, _plain_errors)


def encodable(text: str, encoding: str) -> str:
    """`text` as it will reach an output in `encoding`: what it lacks is spelled in ASCII."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, ERRORS).decode(encoding)
    except LookupError:
        return text
    return text


def tolerate_any_encoding(*streams: object) -> None:
    """Make text streams spell what their encoding lacks instead of raising."""
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = str(getattr(stream, "encoding", "") or "")
        if reconfigure is None or encoding.lower().replace("-", "").startswith("utf"):
            continue
        with contextlib.suppress(ValueError, OSError):  # a closed or detached stream keeps its own handling
            reconfigure(errors=ERRORS)
