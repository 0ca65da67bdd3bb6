"""The exceptions whose messages are written for the person at the terminal.

The CLI catches these once, prints the message as a single line on stderr and exits with the code the
exception carries. Anything else that escapes is a bug.

A message is translatable by construction: `LipcareError("cannot write {path}: {reason}.", path=p, reason=r)`
takes a literal English template (the catalogue's key, data/messages.LANG.toml) and its fields as values. It
is translated and filled in when it is shown (`error.shown()`), in the language in force: the template is
looked up first, then the fields are filled in (whole numbers in the language's digits, a nested Message or
error in the same language). `str(error)` is the English text, for logs and tests. tests/test_error_messages.py
refuses an f-string, a `%`, a `.format()` or a concatenation as the message of a raise, and a template without
its Arabic.
"""

from typing import Any

#: Exit code for a command line that cannot be read (bad option, bad value).
USAGE = 2
#: Exit code for everything else that stops a command.
FAILURE = 1

NO_TREATMENT = (
    "no treatment date given or remembered. Give it once with --date, for example "
    "'lipcare checkin --date 2026-11-01' or 'lipcare timeline --date yesterday'; lipcare remembers it."
)


class Message:
    """A sentence to be said in the language in force: a literal English template and the values of its
    {placeholders}. Used as an error's message and as a field of one that is a sentence itself."""

    __slots__ = ("fields", "template")

    def __init__(self, template: str, **fields: object) -> None:
        self.template = template
        self.fields = fields

    def english(self) -> str:
        """The message in English, its fields as `str` gives them."""
        if not self.fields:
            return self.template
        return self.template.format(**{name: _english(value) for name, value in self.fields.items()})

    def shown(self) -> str:
        """The message in the language in force: the template translated, then its fields filled in."""
        from lipcare.text import _

        said = _(self.template)
        if not self.fields:
            return said
        return said.format(**{name: _said(value) for name, value in self.fields.items()})

    def __str__(self) -> str:
        return self.english()

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.fields!r})"


def _english(value: object) -> object:
    if isinstance(value, Message | LipcareError):
        return value.english()
    return value


def _said(value: object) -> object:
    if isinstance(value, Message | LipcareError):
        return value.shown()
    if isinstance(value, int) and not isinstance(value, bool):
        from lipcare.text import num

        return num(value)
    return value


class LipcareError(Exception):
    """An error the user can act on: `message` is a literal English template, `fields` the values of its
    {placeholders}. `str(error)` is the English text; `error.shown()` the text in the language in force."""

    exit_code = FAILURE

    def __init__(self, message: str | Message, **fields: object) -> None:
        self.message = message if isinstance(message, Message) else Message(message, **fields)
        super().__init__(self.message.english())

    def english(self) -> str:
        return self.message.english()

    def shown(self) -> str:
        return self.message.shown()

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message,))


class UsageError(LipcareError):
    """The command line asked for something that cannot be done as written."""

    exit_code = USAGE


class DateError(UsageError):
    """A date or time the user typed could not be read."""


class ProtocolError(LipcareError):
    """A protocol file is missing, unreadable or invalid."""


class JournalError(LipcareError):
    """The journal cannot be opened, read or written."""
