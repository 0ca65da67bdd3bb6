"""Small helpers for the sentences lipcare builds around protocol text.

They are also where the language in force is read: `_`, `num` and `plural` look at `ACTIVE`, which is
English unless lipcare.i18n has switched it (it is imported only for another language), so English costs
one attribute read per call and no file is opened.
"""

from __future__ import annotations

from collections.abc import Callable


class Active:
    """The language in force for this run."""

    def __init__(self) -> None:
        self.language = "en"
        self.messages: dict[str, str] = {}
        self.plurals: dict[str, dict[str, str]] = {}
        self.category: Callable[[int], str] | None = None
        self.digits: dict[int, int] | None = None
        self.visual = False
        """Reshape and reorder right-to-left lines for terminals without bidi support (--rtl visual)."""
        self.notes: list[str] = []
        """Lines to show with guidance in this language, such as the translation's review state."""


ACTIVE = Active()


def reset_language() -> None:
    """Back to English (every command starts there; tests run many commands in one process)."""
    if ACTIVE.language != "en" or ACTIVE.visual:
        ACTIVE.__init__()  # type: ignore[misc]


def _(message: str) -> str:
    """The interface string `message` (English, the catalogue's key) in the language in force."""
    return ACTIVE.messages.get(message, message) if ACTIVE.messages else message


def num(value: object) -> str:
    """A number (or a time like 08:00) written with the digits in force."""
    written = str(value)
    return written.translate(ACTIVE.digits) if ACTIVE.digits else written


def printable(text: str) -> str:
    """`text` as typed when it prints cleanly, else quoted with its control characters escaped."""
    return text if text.isprintable() else repr(text)


def plural(count: int, word: str) -> str:
    """'1 day', '2 days'; in another language, the catalogue's form of `word` for `count`."""
    if ACTIVE.plurals and ACTIVE.category is not None and word in ACTIVE.plurals:
        forms = ACTIVE.plurals[word]
        return forms.get(ACTIVE.category(count), forms["other"]).format(n=num(count))
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
