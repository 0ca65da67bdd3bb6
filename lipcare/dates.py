"""Reading the dates and times people type.

Only a small, explicit grammar is accepted, so that anything unexpected is
rejected instead of guessed. A general natural-language date library
(dateparser) would accept far more than we want and costs as much start-up
time as the whole rest of lipcare, so the grammar is written here.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from lipcare.errors import DateError, Message
from lipcare.locale import current
from lipcare.text import inert

ACCEPTED_DATES = (
    "YYYY-MM-DD (for example 2026-11-01), today, yesterday, tomorrow, "
    "'N days ago', 'in N days', 'N weeks ago' or 'in N weeks'"
)
ACCEPTED_DATES_AHEAD = (
    "YYYY-MM-DD (for example 2026-12-10), today, tomorrow, a weekday (friday: the next one), "
    "'in N days' or 'in N weeks'"
)
ACCEPTED_TIMES = "HH:MM on a 24-hour clock (for example 09:30 or 14:05)"

# ASCII: digits are 0-9 (Python's \d alone would take any script's); Arabic-Indic digits are read as 0-9 first,
# in every language (Locale.read_digits), and a language's own words in that language only (Locale.date_words).
# Patterns are compiled on first use (re caches them): `lipcare --help` never needs them.
_AGO = r"(\d{1,6})\s+(day|days|week|weeks)\s+ago"
_IN = r"in\s+(\d{1,6})\s+(day|days|week|weeks)"
_TIME = r"(\d{1,2}):(\d{2})"
_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS = {
    **{name: number for number, name in enumerate(WEEKDAYS)},
    **{name[:3]: number for number, name in enumerate(WEEKDAYS)},
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}

#: The dates lipcare works with. Anything outside is a typing mistake, and the
#: bound keeps every date the protocol adds days to on the calendar.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def _iso(typed: str) -> tuple[int, int, int] | None:
    """The year, month and day of YYYY-MM-DD in ASCII digits, the form nearly every date is typed in (read
    without a pattern: compiling one costs more than the rest of reading a date); None for anything else."""
    if len(typed) != 10 or typed[4] != "-" or typed[7] != "-":
        return None
    parts = typed[:4], typed[5:7], typed[8:]
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


def parse_date(text: str, today: date, *, ahead: bool = False) -> date:
    """Resolve `text` to a calendar date, relative forms counting from `today`.

    Raises DateError with a message that shows the accepted forms. In a language with digits of its own
    (Arabic), those are read as 0-9, and its words for today, yesterday and tomorrow (اليوم, أمس, غدًا) too.
    `ahead`: a date to come (an appointment), so a weekday is read too, as the next one after today ('friday' on a
    Friday is a week later); elsewhere a weekday could as well mean the last one, and is refused.
    """
    locale = current()
    typed = locale.read_digits(" ".join(text.strip().lower().split()))
    if ahead and (typed in _WEEKDAYS or typed in locale.weekday_words):
        weekday = _WEEKDAYS[typed] if typed in _WEEKDAYS else locale.weekday_words[typed]
        return _in_range(today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1), text)
    if typed in locale.date_words:
        return _in_range(today + timedelta(days=locale.date_words[typed]), text)
    iso = _iso(typed)
    if iso is not None:
        year, month, day = iso
        try:
            return _in_range(date(year, month, day), text)
        except ValueError:
            raise DateError(
                "{typed} is not a date on the calendar; check the month and day. Accepted: {accepted}.",
                typed=shown(text),
                accepted=Message(ACCEPTED_DATES),
            ) from None
    if typed in _WORDS:
        offset = _WORDS[typed]
    elif match := re.fullmatch(_AGO, typed, re.ASCII):
        offset = -_count_days(match.group(1), match.group(2))
    elif match := re.fullmatch(_IN, typed, re.ASCII):
        offset = _count_days(match.group(1), match.group(2))
    else:
        raise DateError(
            "cannot read {typed} as a date. Accepted: {accepted}.",
            typed=shown(text),
            accepted=Message(ACCEPTED_DATES_AHEAD if ahead else ACCEPTED_DATES),
        )
    try:
        return _in_range(today + timedelta(days=offset), text)
    except OverflowError:
        return _in_range(LATEST + timedelta(days=1) if offset > 0 else EARLIEST - timedelta(days=1), text)


def _in_range(day: date, text: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise DateError(
            "{typed} is outside the dates lipcare works with ({earliest} to {latest}).",
            typed=shown(text),
            earliest=EARLIEST.isoformat(),
            latest=LATEST.isoformat(),
        )
    return day


def _count_days(number: str, unit: str) -> int:
    return int(number) * (7 if unit.startswith("week") else 1)


def parse_time(text: str) -> time:
    """Read a 24-hour HH:MM clock time; raises DateError otherwise."""
    typed = current().read_digits(text.strip())
    match = re.fullmatch(_TIME, typed, re.ASCII)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise DateError(
        "cannot read {typed} as a time. Accepted: {accepted}.", typed=shown(text), accepted=Message(ACCEPTED_TIMES)
    )


def shown(text: str, limit: int = 40) -> str:
    """What the user typed, quoted on one line, with control and bidi characters escaped."""
    text = text.strip()  # what was typed around it is not what went wrong
    cut = text if len(text) <= limit else text[: limit - 3] + "..."
    return f"'{inert(cut)}'"


def describe(day: date) -> str:
    """A date as people read it, with the ISO form: 'Sun 1 Nov 2026 (2026-11-01)'."""
    return current().describe(day)
