"""English: the language lipcare is written in (the catalogue's keys); it needs no data file."""

from collections.abc import Callable
from datetime import date

CODE = "en"
NAME = "English"
RIGHT_TO_LEFT = False
DIGITS: str | None = None
"""Its own digits, when it writes numbers with other digits than 0-9."""
FONT = False
"""Whether a page in this language embeds lipcare's Arabic-and-Latin font (data/fonts)."""
YES: frozenset[str] = frozenset()
NO: frozenset[str] = frozenset()
"""Words typed for yes and no, besides y, yes, n and no (always read)."""
SKIP: frozenset[str] = frozenset()
"""Words typed to skip a check-in question, besides -, s and skip."""
DATE_WORDS: dict[str, int] = {}
"""Words typed for a date, besides today, yesterday and tomorrow (always read): days from today."""
WEEKDAY_WORDS: dict[str, int] = {}
"""Weekdays typed for a date ahead, besides monday ... sunday (always read): Monday 0."""

Num = Callable[[object], str]


def category(count: int) -> str:
    """The CLDR plural category of a whole number."""
    return "one" if count == 1 else "other"


def short(day: date, ref: date | None, num: Num) -> str:
    """'Sun 1 Nov', with the year when it differs from `ref`'s."""
    year = f" {day.year}" if ref is not None and ref.year != day.year else ""
    return f"{day:%a} {day.day} {day:%b}{year}"


def long(day: date, num: Num) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def describe(day: date, num: Num) -> str:
    return f"{day:%a} {day.day} {day:%b %Y} ({day.isoformat()})"


def day_month(day: date, num: Num) -> str:
    """'01 Nov', as a calendar's event title ends."""
    return f"{day:%d %b}"


def weeks(days: int, num: Num) -> str:
    """A number of days in weeks as a text says it: 'four weeks', 'one week', 'about nine weeks'."""
    from lipcare.protocol import weeks as said

    return said(days)
