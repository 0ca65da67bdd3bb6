"""Reading the dates and times people type.

Only a small, explicit grammar is accepted, so that anything unexpected is
rejected instead of guessed. A general natural-language date library
(dateparser) would accept far more than we want and costs as much start-up
time as the whole rest of lipcare, so the grammar is written here.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from lipcare.errors import DateError
from lipcare.text import inert

ACCEPTED_DATES = (
    "YYYY-MM-DD (for example 2026-11-01), today, yesterday, tomorrow, "
    "'N days ago', 'in N days', 'N weeks ago' or 'in N weeks'"
)
ACCEPTED_TIMES = "HH:MM on a 24-hour clock (for example 09:30 or 14:05)"

# re.ASCII: only 0-9 are digits here, never another script's digits or superscripts.
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_AGO = re.compile(r"(\d{1,6})\s+(day|days|week|weeks)\s+ago", re.ASCII)
_IN = re.compile(r"in\s+(\d{1,6})\s+(day|days|week|weeks)", re.ASCII)
_TIME = re.compile(r"(\d{1,2}):(\d{2})", re.ASCII)
_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}

#: The dates lipcare works with. Anything outside is a typing mistake, and the
#: bound keeps every date the protocol adds days to on the calendar.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def parse_date(text: str, today: date) -> date:
    """Resolve `text` to a calendar date, relative forms counting from `today`.

    Raises DateError with a message that shows the accepted forms.
    """
    typed = " ".join(text.strip().lower().split())
    iso = _ISO.fullmatch(typed)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        try:
            return _in_range(date(year, month, day), text)
        except ValueError:
            raise DateError(
                f"{shown(text)} is not a date on the calendar; check the month and day. Accepted: {ACCEPTED_DATES}."
            ) from None
    if typed in _WORDS:
        offset = _WORDS[typed]
    elif match := _AGO.fullmatch(typed):
        offset = -_count_days(match.group(1), match.group(2))
    elif match := _IN.fullmatch(typed):
        offset = _count_days(match.group(1), match.group(2))
    else:
        raise DateError(f"cannot read {shown(text)} as a date. Accepted: {ACCEPTED_DATES}.")
    try:
        return _in_range(today + timedelta(days=offset), text)
    except OverflowError:
        return _in_range(LATEST + timedelta(days=1) if offset > 0 else EARLIEST - timedelta(days=1), text)


def _in_range(day: date, text: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise DateError(f"{shown(text)} is outside the dates lipcare works with ({EARLIEST} to {LATEST}).")
    return day


def _count_days(number: str, unit: str) -> int:
    return int(number) * (7 if unit.startswith("week") else 1)


def parse_time(text: str) -> time:
    """Read a 24-hour HH:MM clock time; raises DateError otherwise."""
    match = _TIME.fullmatch(text.strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise DateError(f"cannot read {shown(text)} as a time. Accepted: {ACCEPTED_TIMES}.")


def shown(text: str, limit: int = 40) -> str:
    """What the user typed, quoted on one line, with control and bidi characters escaped."""
    cut = text if len(text) <= limit else text[: limit - 3] + "..."
    return f"'{inert(cut)}'"


def describe(day: date) -> str:
    """A date as people read it, with the ISO form: 'Sun 1 Nov 2026 (2026-11-01)'."""
    return f"{day:%a} {day.day} {day:%b %Y} ({day.isoformat()})"
