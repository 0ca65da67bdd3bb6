"""The only place lipcare asks the system for the current date and time.

Everything below the CLI takes "today" as an argument; tests replace these.
"""

from __future__ import annotations

from datetime import date, datetime, time


def today() -> date:
    return date.today()


def now() -> time:
    return datetime.now().time().replace(second=0, microsecond=0)


def minute() -> datetime:
    """Now, local and to the minute: when `lipcare remind due` runs."""
    return datetime.now().replace(second=0, microsecond=0)


def moment() -> datetime:
    """Now, to the second, with the local time zone: when an export was made."""
    return datetime.now().astimezone().replace(microsecond=0)
