"""The exceptions whose messages are written for the person at the terminal.

The CLI catches these once, prints the message as a single line on stderr and
exits with the code the exception carries. Anything else that escapes is a bug.
"""

from __future__ import annotations

#: Exit code for a command line that cannot be read (bad option, bad value).
USAGE = 2
#: Exit code for everything else that stops a command.
FAILURE = 1

NO_TREATMENT = (
    "no treatment date given or remembered. Give it once with --date, for example "
    "'lipcare checkin --date 2026-11-01' or 'lipcare timeline --date yesterday'; lipcare remembers it."
)


class LipcareError(Exception):
    """An error the user can act on; `str(error)` is the message shown to them."""

    exit_code = FAILURE


class UsageError(LipcareError):
    """The command line asked for something that cannot be done as written."""

    exit_code = USAGE


class DateError(UsageError):
    """A date or time the user typed could not be read."""


class ProtocolError(LipcareError):
    """A protocol file is missing, unreadable or invalid."""


class JournalError(LipcareError):
    """The journal cannot be opened, read or written."""
